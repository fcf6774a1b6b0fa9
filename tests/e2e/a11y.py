"""axe-core checks: no serious or critical violation on any page type."""

from __future__ import annotations

import json
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

BLOCKING_IMPACTS = {"serious", "critical"}
_axe = Axe()


def blocking_violations(page) -> list[dict]:
    results = _axe.run(page)
    return [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return "\n".join(lines)


def assert_accessible(page, label: str, artifacts: Path | None = None) -> None:
    violations = blocking_violations(page)
    if violations and artifacts is not None:
        (artifacts / f"axe-{label}.json").write_text(json.dumps(violations, indent=2))
    assert not violations, f"{label}: {page.url}\n{describe(violations)}"
