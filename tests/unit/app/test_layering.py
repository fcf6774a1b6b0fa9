"""The layering the folders promise, checked beside the import-linter contracts (pyproject.toml).

The pure packages (scoring, content) must import in a plain interpreter without the web framework,
the database or the PDF engine: a command-line tool or a worker can then score answers cheaply, and
the scoring stays testable on its own. And only the app factory imports views modules, so a page's
code is never reached from below. import-linter checks both from the import graph; these tests check
them from what really runs and from the source text, so a gap in one is caught by the other.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]
PACKAGE = REPO_ROOT / "assessment"

PURE_MODULES = (
    "assessment.scoring",
    "assessment.scoring.answers",
    "assessment.scoring.answers_file",
    "assessment.content",
)
# Top-level packages the pure modules must not load, not even indirectly.
FORBIDDEN_PACKAGES = ("flask", "flask_babel", "werkzeug", "jinja2", "sqlalchemy", "flask_sqlalchemy", "weasyprint")
APP_FACTORY = PACKAGE / "__init__.py"

_REPORT_LOADED = """
import json, sys
import assessment
{imports}
print(json.dumps({{"package": assessment.__file__, "modules": sorted(sys.modules)}}))
"""


def _loaded_by(modules: tuple[str, ...]) -> tuple[str, list[str]]:
    """(the file `assessment` came from, every module loaded) after importing `modules` in a fresh interpreter."""
    code = _REPORT_LOADED.format(imports="\n".join(f"import {name}" for name in modules))
    # -c puts the working directory first on sys.path: this checkout is imported, whatever the
    # venv's editable install points at. -I would drop it, so the environment is passed as it is.
    run = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout.splitlines()[-1])
    return report["package"], report["modules"]


def test_pure_packages_import_without_flask_sqlalchemy_or_weasyprint():
    package_file, modules = _loaded_by(PURE_MODULES)
    assert Path(package_file).resolve() == APP_FACTORY.resolve(), "imported another checkout of the package"
    assert set(PURE_MODULES) <= set(modules)
    loaded = sorted({name.split(".")[0] for name in modules} & set(FORBIDDEN_PACKAGES))
    assert not loaded, f"importing {', '.join(PURE_MODULES)} loaded {', '.join(loaded)}"


def test_the_fresh_interpreter_sees_what_the_app_loads():
    # The check above would pass vacuously if the subprocess could not see these packages at all.
    _package, modules = _loaded_by(("flask", "sqlalchemy"))
    assert {"flask", "werkzeug", "jinja2", "sqlalchemy"} <= set(modules)


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported_modules(path: Path) -> set[str]:
    """Every module an import statement in the file names, anywhere in it (functions too), as absolute names."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    here = _module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            names.add(base)
            # `from assessment.survey import views` imports the module assessment.survey.views.
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def _is_views_module(name: str) -> bool:
    last = name.rpartition(".")[2]
    return name.startswith("assessment.") and (last == "views" or last.endswith("_views"))


def _views_imports() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == APP_FACTORY:
            continue
        views = sorted(name for name in _imported_modules(path) if _is_views_module(name))
        if views:
            found[str(path.relative_to(REPO_ROOT))] = views
    return found


def test_only_the_app_factory_imports_a_views_module():
    assert _views_imports() == {}


def test_the_views_walk_finds_the_app_factorys_imports():
    # The walk must see every form of import the app factory uses, or the test above proves nothing.
    views = {name for name in _imported_modules(APP_FACTORY) if _is_views_module(name)}
    on_disk = {_module_name(path) for path in PACKAGE.rglob("*.py") if _is_views_module(_module_name(path))}
    assert on_disk and on_disk <= views


def test_the_views_walk_resolves_relative_imports(tmp_path, monkeypatch):
    fake_root = tmp_path
    module = fake_root / "assessment" / "survey" / "helpers.py"
    module.parent.mkdir(parents=True)
    module.write_text(
        "from . import views\nfrom .team_views import bp\n\ndef later():\n    import assessment.main.views\n"
    )
    monkeypatch.setattr(sys.modules[__name__], "REPO_ROOT", fake_root)
    found = {name for name in _imported_modules(module) if _is_views_module(name)}
    assert found == {"assessment.survey.views", "assessment.survey.team_views", "assessment.main.views"}
