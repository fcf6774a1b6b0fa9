"""CSV that spreadsheets cannot mistake for formulas. Pure.

A cell that begins with = + - @ (or a tab or carriage return, which some
spreadsheets skip before looking for those) is read as a formula by Excel,
LibreOffice and Google Sheets; user-typed text such as an evidence note
could then run. Such text cells get a leading apostrophe, which spreadsheets
show as plain text. Numbers are written as numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_STARTS = frozenset(FORMULA_STARTS)


def neutralise(value: Any) -> Any:
    if value.__class__ is str:  # the common case first
        return "'" + value if value[:1] in _STARTS else value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_line(values: Iterable[Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([neutralise(v) for v in values])
    return buffer.getvalue()


def csv_fields(values: Iterable[Any]) -> str:
    """Cells as one CSV line without its line end, to store and join to others."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow([neutralise(v) if v.__class__ is str else v for v in values])
    return buffer.getvalue()


def csv_lines(rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    for row in rows:
        yield csv_line(row)
