"""Why an import did not take a file, a row or a value: `Rejection`, and `UnreadableFile` for a
whole file that cannot be read (its encoding, its size, a zip that unpacks too far).

Reasons are stored untranslated (a msgid marked with `gettext_noop`, plus named parameters) and
translated when shown, so each reader sees them in their own language.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NotRequired, Self, TypedDict

from django.utils.formats import number_format
from django.utils.translation import gettext

Param = str | int

# How much of a rejected value a report keeps.
MAX_VALUE = 200


def formatted_params(params: Mapping[str, Param]) -> dict[str, str]:
    """Parameters as the reader's locale writes them (numbers grouped: 100,000 or 100.000)."""
    return {
        key: number_format(value, force_grouping=True) if isinstance(value, int) else value
        for key, value in params.items()
    }


class RejectionJSON(TypedDict):
    file: str
    row: int
    field: str
    code: str
    value: str
    reason: NotRequired[str]
    params: NotRequired[dict[str, Param]]


@dataclass(frozen=True)
class Rejection:
    """Why one row (or a field of it, or with row 0 the whole file) was not imported.

    `row` is the row number as the person sees it in the file (importers that count otherwise
    say so); `code` is stable for programs and tests; `reason` is a msgid marked with
    `gettext_noop`, with named placeholders filled from `params`, translated by `message()`.
    Two rejections are equal when they agree on where, what code and value.
    """

    file: str
    row: int
    field: str
    code: str
    value: str = ""
    # `field` above names a column, so the dataclass helper is spelled out here.
    reason: str = dataclasses.field(default="", compare=False)
    params: Mapping[str, Param] = dataclasses.field(default_factory=dict, compare=False, hash=False)

    def message(self) -> str:
        """The reason in the active language (the code itself when there is no reason)."""
        if not self.reason:
            return self.code
        return gettext(self.reason) % formatted_params(self.params) if self.params else gettext(self.reason)

    def as_json(self, limit: int = MAX_VALUE) -> RejectionJSON:
        data: RejectionJSON = {
            "file": self.file,
            "row": self.row,
            "field": self.field,
            "code": self.code,
            "value": self.value[:limit],
        }
        if self.reason:
            data["reason"] = self.reason
        if self.params:
            data["params"] = dict(self.params)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Self:
        params = data.get("params")
        return cls(
            file=str(data.get("file", "")),
            row=int(str(data.get("row", 0) or 0)),
            field=str(data.get("field", "")),
            code=str(data.get("code", "")),
            value=str(data.get("value", "")),
            reason=str(data.get("reason", "")),
            params=json_params(params),
        )


def json_params(value: object) -> dict[str, Param]:
    if not isinstance(value, dict):
        return {}
    return {str(k): v for k, v in value.items() if isinstance(v, str | int)}


class UnreadableFile(Exception):
    """A file that cannot be read as a table at all. `code` is stable; `message()` is translated."""

    def __init__(self, code: str, reason: str, **params: Param) -> None:
        super().__init__(reason % params)
        self.code = code
        self.reason = reason
        self.params = params

    def message(self) -> str:
        return gettext(self.reason) % formatted_params(self.params)

    def rejection(self, file: str = "") -> Rejection:
        """The whole file rejected (row 0), with this reason."""
        return Rejection(file or str(self.params.get("file", "")), 0, "", self.code, "", self.reason, self.params)


def megabytes(size: int) -> str:
    """A size in megabytes as people write it (1.5, 20)."""
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")
