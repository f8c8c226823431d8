"""How each file of an import was accounted for: rows read, valid, rejected, held back or skipped,
and the columns the importer does not keep (see `FileAccount`; kept on `village.lib.imports.ImportReport`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Self, TypedDict


class FileAccountJSON(TypedDict):
    name: str
    rows: int
    valid: int
    rejected: int
    held: int
    skipped: dict[str, int]
    unkept: dict[str, int]
    unread: bool


@dataclass
class FileAccount:
    """What became of every row and column of one file, so nothing is dropped without a word.

    `rows` were read; each is `valid` (applied when the import applied), `rejected` (it has a
    rejection), `held` (valid, but not applied because another row about the same record was
    rejected) or counted in `skipped` (msgid of why it is not used -> rows). `unkept` names the
    columns the importer does not keep, with how many non-empty values each held ("" for cells
    beyond the header or under a column without a name). `unread`: a file the importer does not read.
    """

    name: str
    rows: int = 0
    valid: int = 0
    rejected: int = 0
    held: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    unkept: dict[str, int] = field(default_factory=dict)
    unread: bool = False

    def as_json(self) -> FileAccountJSON:
        return {
            "name": self.name,
            "rows": self.rows,
            "valid": self.valid,
            "rejected": self.rejected,
            "held": self.held,
            "skipped": dict(self.skipped),
            "unkept": dict(self.unkept),
            "unread": self.unread,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Self:
        def number(key: str) -> int:
            value = data.get(key)
            return value if isinstance(value, int) else 0

        def tally(key: str) -> dict[str, int]:
            value = data.get(key)
            return {str(k): v for k, v in value.items() if isinstance(v, int)} if isinstance(value, dict) else {}

        return cls(
            name=str(data.get("name", "")),
            rows=number("rows"),
            valid=number("valid"),
            rejected=number("rejected"),
            held=number("held"),
            skipped=tally("skipped"),
            unkept=tally("unkept"),
            unread=bool(data.get("unread", False)),
        )
