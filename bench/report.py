"""The benchmark's table (figure | measured | target | holds?) and its last
line, `bench: name=value ...`, made for comparing runs."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    key: str  # the name on the bench: line
    label: str
    value: float
    unit: str
    target: str
    holds: bool | None  # None: a ceiling or an informative figure, no target of its own

    def cells(self) -> list[str]:
        verdict = "" if self.holds is None else ("holds" if self.holds else "MISSED")
        figure = f"{self.value:.2f}" if not self.unit else f"{self.value:,.1f} {self.unit}"  # ratios: 2 decimals
        return [self.label, figure, self.target, verdict]


def informative(key: str, label: str, value: float, unit: str = "") -> Figure:
    return Figure(key, label, value, unit, "", None)


def at_most(key: str, label: str, value: float, limit: float, unit: str = "ms", strict: bool = True) -> Figure:
    """A figure that must stay under `limit` (or at most `limit` when not strict)."""
    shown = f"{limit:g} {unit}".strip()
    return Figure(
        key, label, value, unit, f"< {shown}" if strict else f"<= {shown}", value < limit if strict else value <= limit
    )


def at_least(key: str, label: str, value: float, limit: float, unit: str = "") -> Figure:
    return Figure(key, label, value, unit, f">= {limit:g} {unit}".strip(), value >= limit)


def table(figures: list[Figure]) -> list[str]:
    rows = [["figure", "measured", "target", "holds?"], *(f.cells() for f in figures)]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = []
    for n, row in enumerate(rows):
        lines.append(
            "  ".join(cell.ljust(widths[i]) if i != 1 else cell.rjust(widths[i]) for i, cell in enumerate(row)).rstrip()
        )
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines


def last_line(figures: list[Figure]) -> str:
    return "bench: " + " ".join(f"{f.key}={f.value:.3f}".rstrip("0").rstrip(".") for f in figures)


def print_table(figures: list[Figure], dataset: dict) -> None:
    print(f"\nDataset: {dataset}")
    for line in table(figures):
        print(line)
    missed = [f.key for f in figures if f.holds is False]
    print(
        f"{sum(f.holds is True for f in figures)} targets hold, {len(missed)} missed"
        + (f": {', '.join(missed)}" if missed else "")
    )
    print(last_line(figures))
