"""What an HSDS import did with each value it read: kept (it comes back in the export), reported
(a rejection of its row or field, or a line saying it was not kept as given), or lost without a
word. One count for the round-trip benchmark and the tests that hold the import to its promise.

Values are compared by table, field and text (spacing and case folded, numbers as numbers);
identifiers and references are left aside, since they become Village's own."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from village.directory.hsds.tables import Tables

Key = tuple[str, str]  # table, field


def _norm(value: object) -> str:
    text = " ".join(str(value).split()).casefold()
    try:
        number = float(text)
    except ValueError:
        return text
    return repr(number) if number == number else text


def _counted(name: str, value: object) -> bool:
    return not (name == "id" or name.endswith("_id") or value is None or not str(value).strip())


def source_values(tables: Tables) -> Counter[tuple[str, str, str]]:
    """Non-empty (table, field, value) of the rows read, identifiers and references left aside."""
    found: Counter[tuple[str, str, str]] = Counter()
    for table, rows in tables.rows.items():
        for row in rows:
            for name, value in row.values.items():
                if _counted(name, value):
                    found[(table, name, _norm(value))] += 1
    return found


@dataclass(frozen=True)
class Accounting:
    values_in: int
    back: int
    not_back: int
    reported: int
    silent: Counter[Key] = field(default_factory=Counter)

    @property
    def lost_without_a_word(self) -> int:
        return sum(self.silent.values())


def account(read: Tables, exported: Tables) -> Accounting:
    """Compare what an import read (`read`, with its report) with its export read back (`exported`)."""
    before = source_values(read)
    after = source_values(exported)
    rejected_rows = {(r.file, r.row) for r in read.rejections}
    rejected_fields = {(r.file, r.row, r.field) for r in read.rejections}
    noted = {(c.file, c.row, c.field.rpartition(".")[2]) for c in read.changes}
    reported: Counter[Key] = Counter()
    for table, rows in read.rows.items():
        for row in rows:
            for name, value in row.values.items():
                if not _counted(name, value):
                    continue
                # In a CSV file a rejection is of the whole row; nested JSON numbers every object
                # of a service alike, so there only the field the rejection names counts.
                whole_row = not row.file.endswith(".json") and (row.file, row.number) in rejected_rows
                if whole_row or (row.file, row.number, name) in rejected_fields | noted:
                    reported[(table, name)] += 1
    missing: Counter[Key] = Counter()
    for (table, name, _value), count in (before - after).items():
        missing[(table, name)] += count
    silent = Counter({k: v - reported.get(k, 0) for k, v in missing.items() if v > reported.get(k, 0)})
    return Accounting(
        values_in=sum(before.values()),
        back=sum((before & after).values()),
        not_back=sum(missing.values()),
        reported=sum(min(v, reported.get(k, 0)) for k, v in missing.items()),
        silent=silent,
    )
