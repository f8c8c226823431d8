"""Issue #15, item 6 (rest): a roster row whose values slid a column (an unquoted comma) is rejected
by name, never read shifted, and its student is neither changed nor withdrawn; a date names the
column it is in, an impossible day is told apart from a badly written one, an enrollment ending
before it begins and a birth date in the future are rejected."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from conftest import World
from village.families.actions import sync_roster_now
from village.families.models import RosterSync, Student
from village.families.tests.oneroster import write_oneroster

Rows = list[list[str]]


def _roster(world: World, tmp_path: Path) -> Path:
    return write_oneroster(
        tmp_path / "roster", Student.objects.filter(district=world.riverbend), schools=[world.lincoln, world.washington]
    )


def _edit(path: Path, change: Callable[[Rows], Rows]) -> None:
    rows = change(list(csv.reader(path.open(encoding="utf-8"))))
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)


def _row_of(rows: Rows, sourced_id: str) -> int:
    return next(k for k, row in enumerate(rows) if row and row[0] == sourced_id)


def _messages(sync: RosterSync) -> list[tuple[str, int, str, str, str]]:
    return [
        (str(r["file"]), int(str(r["row"])), str(r["field"]), str(r["code"]), str(r["value"])) for r in sync.rejections
    ]


def test_a_row_whose_values_slid_a_column_is_rejected_and_its_student_kept(world: World, tmp_path: Path) -> None:
    folder = _roster(world, tmp_path)

    def slide(rows: Rows) -> Rows:
        k = _row_of(rows, "RB-1")
        given = rows[0].index("givenName")
        rows[k] = [*rows[k][:given], "Layla", "Jr.", *rows[k][given + 1 :]]  # "Layla, Jr." without quotes
        return rows

    _edit(folder / "users.csv", slide)
    columns = ("local_id", "given_name", "family_name", "grade", "status")
    before = Student.objects.values_list(*columns).get(local_id="RB-1")
    sync = sync_roster_now(world.dana, world.riverbend, folder, dry_run=False, apply_valid=True)
    assert ("users.csv", 2, "", "extra_cells", "") in _messages(sync)
    assert sync.get_report().rejections[0].message().startswith("This row has more cells than the header has")
    after = Student.objects.values_list(*columns).get(local_id="RB-1")
    assert after == before  # not renamed "Jr.", not withdrawn
    assert [code for file, _row, _field, code, _value in _messages(sync) if file == "programs.csv"] == []
    programs = next(f for f in sync.get_report().files if f.name == "programs.csv")
    assert (programs.rows, programs.held, programs.rejected) == (1, 1, 0)  # held back with Layla, not "unknown"


def test_dates_name_their_own_column_and_impossible_ones_are_told_apart(world: World, tmp_path: Path) -> None:
    folder = _roster(world, tmp_path)

    def enrollment_dates(rows: Rows) -> Rows:
        begin, end = rows[0].index("beginDate"), rows[0].index("endDate")
        rows[1][begin], rows[1][end] = "2026-08-20", "2026-02-30"  # a day February never has
        rows[2][begin], rows[2][end] = "2026-08-20", "2026-06-01"  # ends before it begins
        return rows

    def birth_dates(rows: Rows) -> Rows:
        born = rows[0].index("birthDate")
        rows[1][born] = "05/03/2017"
        rows[2][born] = "2099-01-01"
        return rows

    _edit(folder / "enrollments.csv", enrollment_dates)
    _edit(folder / "demographics.csv", birth_dates)
    sync = sync_roster_now(world.dana, world.riverbend, folder, dry_run=True, apply_valid=False)
    found = {(file, row, field, code, value) for file, row, field, code, value in _messages(sync)}
    assert ("enrollments.csv", 2, "endDate", "no_such_day", "2026-02-30") in found
    assert ("enrollments.csv", 3, "endDate", "ends_before", "2026-06-01") in found
    assert ("demographics.csv", 2, "birthDate", "bad_date", "05/03/2017") in found
    assert ("demographics.csv", 3, "birthDate", "born_later", "2099-01-01") in found
    reasons = {r["code"]: r["reason"] for r in sync.rejections}
    assert reasons["no_such_day"].startswith("No such day")
    assert sync.get_report().rejections[1].message() == "The enrollment ends before it begins (2026-08-20)."
