"""The checked plan a GTFS feed reads into, and the small readers every file uses."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext_noop

from village.lib.archives import open_zip
from village.lib.file_accounts import FileAccount
from village.lib.imports import ImportReport, Limits, Rejection, Table, read_csv, unkept_columns
from village.transit.timetable import Timetable

REQUIRED = ("agency.txt", "stops.txt", "routes.txt", "trips.txt", "stop_times.txt")
CALENDARS = ("calendar.txt", "calendar_dates.txt")
# A stop further than this from the feed's median stop is taken for a mistake (0,0 or a typo).
FAR_KM = 150.0
GTFS_LIMITS = Limits(max_rows=5_000_000)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class PlannedStop:
    code: str  # the feed's stop_id
    name: str
    lat: float
    lon: float


@dataclass
class FeedPlan:
    """What a feed would load: `timetable` is None when the feed cannot be used at all."""

    report: ImportReport = field(default_factory=ImportReport)
    stops: list[PlannedStop] = field(default_factory=list)
    timetable: Timetable | None = None
    agency: str = ""
    total: int = 0  # rows read, for progress

    @property
    def unusable(self) -> bool:
        return self.timetable is None


def rejection(
    file: str, row: int, column: str, code: str, value: str, reason: str, /, **params: str | int
) -> Rejection:
    return Rejection(file, row, column, code, value[:200], reason, params)


def parse_time(text: str) -> int | None:
    """Seconds after midnight of the service day for "H:MM:SS" (hours may pass 24), else None."""
    parts = text.strip().split(":")
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or len(parts[1]) != 2 or len(parts[2]) != 2:
        return None
    h, m, s = (int(p) for p in parts)
    if m > 59 or s > 59 or h > 99:
        return None
    return h * 3600 + m * 60 + s


def parse_date(text: str) -> datetime.date | None:
    try:
        return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:8])) if len(text.strip()) == 8 else None
    except ValueError:
        return None


class Source:
    """The files of a zip (bounded, see `village.lib.archives`) or a folder, by base name."""

    def __init__(self, source: Path | bytes, name: str) -> None:
        self.name = name
        self.zip = None
        self.folder: Path | None = None
        if isinstance(source, Path) and source.is_dir():
            self.folder = source
            self.names = {p.name: p.name for p in source.iterdir() if p.is_file()}
        else:
            self.zip = open_zip(source, name)
            # Feeds zipped with their folder keep the files one level down.
            self.names = {n.rsplit("/", 1)[-1]: n for n in self.zip.namelist() if not n.endswith("/")}

    def has(self, file: str) -> bool:
        return file in self.names

    def table(self, file: str) -> Table:
        if self.folder is not None:
            data = (self.folder / file).read_bytes()
        else:
            assert self.zip is not None
            data = self.zip.read(self.names[file])
        return read_csv(data, file, limits=GTFS_LIMITS)

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()


def account(report: ImportReport, table: Table, kept: tuple[str, ...]) -> FileAccount:
    tally = FileAccount(table.name, rows=len(table), unkept=unkept_columns(table, kept))
    report.files.append(tally)
    return tally


def required_columns(report: ImportReport, table: Table, columns: tuple[str, ...]) -> bool:
    missing = table.missing(columns)
    for column in missing:
        report.reject(
            rejection(
                table.name,
                1,
                column,
                "missing_column",
                "",
                gettext_noop("%(file)s has no %(column)s column, so nothing was loaded."),
                file=table.name,
                column=column,
            )
        )
    return not missing
