"""The one plain-text table ``make bench`` prints: benchmark | value | unit | reference | ratio."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tests.bench.registry import Row

_COLUMNS = ("benchmark", "value", "unit", "reference", "ratio")
_RIGHT_ALIGNED = {"value", "ratio"}


@dataclass(frozen=True)
class Outcome:
    """What one benchmark produced: its rows, or the reason it produced none."""

    name: str
    ceiling: bool
    rows: tuple[Row, ...] = ()
    error: str | None = None


def format_value(value: float) -> str:
    """Three significant figures or so, never scientific notation: 2,834 / 41.7 / 1.93."""
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def render(header: str, outcomes: Sequence[Outcome]) -> str:
    """The table, its header line and numbered footnotes (row notes, then failures)."""
    by_key = {row.key: row for outcome in outcomes for row in outcome.rows}
    notes: list[str] = []

    def footnote(text: str) -> str:
        notes.append(text)
        return f" [{len(notes)}]"

    lines: list[tuple[str, ...]] = []
    for outcome in outcomes:
        if outcome.error is not None:
            lines.append((outcome.name + footnote(outcome.error), "failed", "", "", ""))
            continue
        for row in outcome.rows:
            reference, ratio = _comparison(row, outcome.ceiling, by_key)
            label = row.label + (footnote(row.note) if row.note else "")
            lines.append((label, format_value(row.value), row.unit, reference, ratio))

    widths = [
        max(len(column), *(len(line[i]) for line in lines)) if lines else len(column)
        for i, column in enumerate(_COLUMNS)
    ]

    def format_line(cells: Sequence[str]) -> str:
        return " | ".join(
            cell.rjust(width) if column in _RIGHT_ALIGNED else cell.ljust(width)
            for cell, width, column in zip(cells, widths, _COLUMNS, strict=True)
        ).rstrip()

    out = [header, "", format_line(_COLUMNS), "-+-".join("-" * width for width in widths)]
    out += [format_line(line) for line in lines]
    out += [
        "",
        "ratio = value / reference (throughput: below 1 is slower; latency: above 1 is slower)",
    ]
    out += [f"[{number}] {text}" for number, text in enumerate(notes, start=1)]
    return "\n".join(out)


def _comparison(row: Row, ceiling: bool, by_key: dict[str, Row]) -> tuple[str, str]:
    """The reference and ratio cells of ``row``."""
    if ceiling:
        return "-", "ceiling"
    if row.reference is None:
        return "-", ""
    reference = by_key.get(row.reference)
    if reference is None:
        return f"{row.reference} (not measured)", "n/a"
    if reference.value == 0:
        return reference.label, "n/a"
    return reference.label, f"{row.value / reference.value:.2f}x"
