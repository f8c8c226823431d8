"""Every CSV a person downloads passes through here, so no cell can run as a spreadsheet formula.

OWASP's CSV injection guidance: a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
return is read as a formula by Excel, LibreOffice and Google Sheets (`=HYPERLINK(...)` in a
partner's service name would become a live link in a lead's export). Such a cell gets a leading
apostrophe, which spreadsheets show as text. Numbers stay numbers: a typed number is left alone,
and so is text that is a plain number (`-3`, `+1.5`), which a spreadsheet reads as that number
and never as a formula. The csv writer quotes cells holding separators or quotes.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import tablib
from django.http import HttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def safe_cell[T](value: T) -> T | str:
    """The value, or text a spreadsheet shows as text when it would start a formula."""
    if value is None or isinstance(value, bool | int | float | Decimal | date):
        return value
    text = str(value)
    if text.startswith(FORMULA_PREFIXES) and not _PLAIN_NUMBER.fullmatch(text):
        return f"'{text}"
    return text


def safe_dataset(data: tablib.Dataset) -> tablib.Dataset:
    """A copy of the dataset with every header and cell made safe."""
    safe = tablib.Dataset(headers=[str(safe_cell(h)) for h in data.headers or []])
    for row in data:
        safe.append([safe_cell(cell) for cell in row])
    return safe


def csv_response(data: tablib.Dataset, filename: str) -> HttpResponse:
    """A CSV download of the dataset, every cell made safe (UTF-8)."""
    response = HttpResponse(safe_dataset(data).export("csv"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
