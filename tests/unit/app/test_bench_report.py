"""bench/report.py: the benchmark's table says whether each target holds, and
its last line is the `bench: name=value ...` line runs are compared by."""

from __future__ import annotations

from bench.report import at_least, at_most, informative, last_line, table


def test_the_table_marks_each_target_and_the_last_line_keeps_every_name():
    figures = [
        at_least("questionnaire_vs_signed_in", "Questionnaire / signed-in plain page", 0.55, 0.6),
        at_most("pdf_first_ms", "Short PDF, first render", 380.25, 400),
        at_most("morning_errors", "Morning: errors", 0, 0, unit="", strict=False),
        informative("plain_rps", "Plain page", 1234.5, "req/s"),
    ]
    lines = table(figures)
    assert lines[0].split() == ["figure", "measured", "target", "holds?"]
    rows = {line.split("  ")[0]: line for line in lines[2:]}
    assert rows["Questionnaire / signed-in plain page"].endswith("MISSED") and ">= 0.6" in lines[2]
    assert rows["Short PDF, first render"].endswith("holds") and "380.2 ms" in lines[3]
    assert rows["Morning: errors"].endswith("holds") and "<= 0" in lines[4]
    assert lines[5].rstrip().endswith("req/s")  # informative: no verdict
    assert last_line(figures) == (
        "bench: questionnaire_vs_signed_in=0.55 pdf_first_ms=380.25 morning_errors=0 plain_rps=1234.5"
    )
