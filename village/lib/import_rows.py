"""An import report read row by row, as the import pages list it."""

from __future__ import annotations

from village.lib.imports import ImportReport


def problems_by_row(report: ImportReport) -> list[tuple[int, str]]:
    """One entry per row with problems (row 0 is the file itself): its reasons in the active
    language, in the order found, joined by "; "."""
    grouped: dict[int, list[str]] = {}
    for rejection in report.rejections:
        grouped.setdefault(rejection.row, []).append(rejection.message())
    return [(row, "; ".join(messages)) for row, messages in grouped.items()]
