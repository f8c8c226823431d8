"""The files of a OneRoster upload, read one by one, and the account of what became of each row and column.

`Source` reads a folder or zip: each CSV file through `village.lib.imports.read_csv`, decoded as
UTF-8 or, failing that, as Windows-1252 or Latin-1 (what district exports are saved in when not
UTF-8); a file that cannot be read is reported as such by `village.families.roster`, never as
missing. `Ledger` remembers, per file, whose record each row feeds and which rows are skipped on
purpose, so `accounts` can say of every row whether it was valid, rejected, held back or skipped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext_noop

from village.lib.archives import open_zip
from village.lib.file_accounts import FileAccount
from village.lib.imports import Limits, Rejection, Table, read_csv, unkept_columns

# Roster files are large by nature (every student, guardian and enrollment of a district).
LIMITS = Limits(max_bytes=500 * 1024 * 1024, max_rows=5_000_000)
# Not UTF-8: a spreadsheet saved on Windows. Detection among every encoding misreads short files.
ENCODINGS = ("cp1252", "latin_1")

# The columns Village reads from each file; every other column is reported with its count of values.
KEPT_COLUMNS: dict[str, tuple[str, ...]] = {
    "manifest.csv": ("propertyName", "value"),
    "orgs.csv": ("sourcedId", "name", "type"),
    "users.csv": (
        "sourcedId",
        "givenName",
        "familyName",
        "email",
        "phone",
        "sms",
        "agentSourcedIds",
        "grades",
        "primaryOrgSourcedId",
        "orgSourcedIds",
        "role",
        "metadata.homeLanguage",
        "metadata.preferredLanguage",
    ),
    "enrollments.csv": ("sourcedId", "classSourcedId", "schoolSourcedId", "userSourcedId", "role"),
    "demographics.csv": (
        "sourcedId",
        "birthDate",
        "hispanicOrLatinoEthnicity",
        "demographicRaceTwoOrMoreRaces",
        "americanIndianOrAlaskaNative",
        "asian",
        "blackOrAfricanAmerican",
        "nativeHawaiianOrOtherPacificIslander",
        "white",
    ),
    "roles.csv": ("sourcedId", "userSourcedId", "role", "roleType", "orgSourcedId"),
    "programs.csv": ("userSourcedId", "descriptor"),
}

# Why a row that is neither applied nor rejected is not used: msgids, translated when shown.
NOT_A_SCHOOL = gettext_noop("Not a school (Village keeps schools only)")
OTHER_ROLE = gettext_noop("A role Village does not keep (it keeps students, guardians and teachers)")
NO_STUDENT = gettext_noop("A guardian no student of this roster names")
OTHER_DEMOGRAPHICS = gettext_noop("Demographics of a guardian or staff member (not kept)")
OTHER_ENROLLMENT = gettext_noop("An enrollment of a role Village does not keep")
SECONDARY_ROLE = gettext_noop("A secondary role (Village keeps each person's primary role)")


class Source:
    """A folder or zip of CSV files, each read whole once."""

    def __init__(self, path: Path, name: str = "") -> None:
        self.path = path
        self.zip = open_zip(path, name or path.name) if path.is_file() else None
        self.tables: dict[str, Table] = {}
        self.extra: dict[str, dict[int, int]] = {}

    def names(self) -> set[str]:
        if self.zip:
            return {Path(n).name for n in self.zip.namelist() if not n.endswith("/")}
        return {p.name for p in self.path.iterdir() if p.is_file()}

    def table(self, name: str) -> Table:
        """The file read as a table (once); raises `UnreadableFile` when it cannot be read."""
        if name not in self.tables:
            if self.zip:
                member = next(n for n in self.zip.namelist() if Path(n).name == name)
                data = self.zip.read(member)
            else:
                data = (self.path / name).read_bytes()
            self.tables[name] = table = read_csv(data, name, limits=LIMITS, encodings=ENCODINGS)
            longer = [row for row in table if row.overflow]
            # Every row one empty cell longer is a trailing comma, not a slide.
            trailing = len(longer) == len(table) and not any(row.stray for row in longer)
            self.extra[name] = {} if trailing else {row.number: max(1, len(row.stray)) for row in longer}
        return self.tables[name]

    def extra_cells(self, name: str, number: int) -> int:
        """Whether row `number` has more cells than the header (not 0), unlike the file's other rows:
        a sign that a value held an unquoted comma and every later value moved a column."""
        return self.extra.get(name, {}).get(number, 0)

    def rows(self, name: str) -> Iterator[tuple[int, dict[str, str]]]:
        """Each row's number in the file and its cells by column (a short row's missing cells are empty)."""
        table = self.table(name)
        header = {h for h in table.header if h}
        for row in table:
            complete = len(row.values) == len(header)
            yield row.number, row.values if complete else {column: row.values.get(column, "") for column in header}

    def header(self, name: str) -> list[str]:
        """The file's columns, or none when it has no rows (an empty file is checked by its rows)."""
        table = self.table(name)
        return [h for h in table.header if h] if len(table) else []


@dataclass
class Ledger:
    """Per file: the person (sourcedId) each row is about, and the rows skipped on purpose, with why."""

    owners: dict[str, dict[int, str]] = field(default_factory=lambda: defaultdict(dict))
    skipped: dict[str, dict[int, str]] = field(default_factory=lambda: defaultdict(dict))

    def owner(self, file: str, row: int, sourced_id: str) -> None:
        if sourced_id:
            self.owners[file][row] = sourced_id

    def skip(self, file: str, row: int, why: str) -> None:
        self.skipped[file][row] = why

    def owned_by(self, file: str, row: int) -> str:
        return self.owners.get(file, {}).get(row, "")


def accounts(
    src: Source, read: Collection[str], ledger: Ledger, rejections: list[Rejection], held: Collection[str]
) -> list[FileAccount]:
    """Each file read, its rows valid, rejected, held back (about a held person) or skipped; then the
    upload's files Village does not read."""
    rejected: dict[str, set[int]] = defaultdict(set)
    for r in rejections:
        if r.row > 0:
            rejected[r.file].add(r.row)
    out: list[FileAccount] = []
    for name in read:
        table = src.tables.get(name)
        if table is None:
            continue
        account = FileAccount(name=name, rows=len(table), rejected=len(rejected[name]))
        for row in table:
            if row.number in rejected[name]:
                continue
            if ledger.owned_by(name, row.number) in held:
                account.held += 1
            elif why := ledger.skipped.get(name, {}).get(row.number):
                account.skipped[why] = account.skipped.get(why, 0) + 1
            else:
                account.valid += 1
        account.unkept = unkept_columns(table, KEPT_COLUMNS.get(name, ()))
        out.append(account)
    for name in sorted(src.names() - set(read)):
        out.append(FileAccount(name=name, unread=True))
    return out
