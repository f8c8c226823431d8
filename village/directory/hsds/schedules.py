"""HSDS 3.0 schedules into the import plan, every field kept: the recurrence (freq, interval, byday
with ordinals, bymonthday, byweekno, byyearday, dtstart, until, count, wkst), validity dates,
opening and closing times, UTC offset, description, attending type, notes and link.

A schedule belongs to one parent, the most specific the row names that the import writes or the
region has: a service at a location, a service, or a location (kept apart, not copied onto the
services there). A value that cannot be read (an unknown freq, a bad byday, 25:00, an end date
before the first date) is left out with a line naming the row and field; the rest of the row is
kept. Only a row with no parent at all is rejected.
"""

from __future__ import annotations

import datetime
import re
import uuid
from typing import Protocol

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from village.directory.hours import BYDAY_CODES, normal_list, parse_byday, parse_numbers
from village.directory.hsds.phones import Checker, Plan, parent_of
from village.directory.hsds.plan_types import SchedulePlan
from village.directory.hsds.sources.common import parse_time
from village.directory.hsds.tables import Row

PARENTS = (
    ("service_at_location_id", "service_at_location"),
    ("service_id", "service"),
    ("location_id", "location"),
)
FREQS = ("WEEKLY", "MONTHLY")
# A time's own UTC offset ("10:00:00Z", "17:30+01:00"): HSDS keeps offsets in `timezone`.
_OFFSET = re.compile(r"^(.*?)(?:(Z)|([+-])(\d{2}):?(\d{2}))$", re.IGNORECASE)
_LISTS = (("bymonthday", 31), ("byweekno", 53), ("byyearday", 366))
TEXTS = ("description", "attending_type", "notes")
# Every field a plan sets (a value the file leaves out is cleared on update, as the file says).
EMPTY: dict[str, object] = {
    "freq": "",
    "interval": None,
    "byday": "",
    "bymonthday": "",
    "byweekno": "",
    "byyearday": "",
    "dtstart": None,
    "until": None,
    "count": None,
    "wkst": "",
    "valid_from": None,
    "valid_to": None,
    "opens_at": None,
    "closes_at": None,
    "timezone": None,
    "description": "",
    "attending_type": "",
    "notes": "",
    "schedule_link": "",
}


class SchedulesPlan(Plan, Protocol):
    """What of the import plan this fills besides the parents `Plan` reads."""

    @property
    def schedules(self) -> dict[uuid.UUID, SchedulePlan]: ...


def _whole(value: str) -> int | None:
    """A whole number above zero ("2", "2.0"); None otherwise."""
    try:
        number = float(value)
    except ValueError:
        return None
    return int(number) if number.is_integer() and 1 <= number <= 32767 else None


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def _time(value: str) -> tuple[datetime.time | None, float | None]:
    """The clock time and the UTC offset written on it, if any."""
    offset: float | None = None
    match = _OFFSET.match(value)
    if match and (match.group(2) or match.group(3)):
        value = match.group(1)
        if match.group(2):
            offset = 0.0
        else:
            sign = -1 if match.group(3) == "-" else 1
            offset = sign * (int(match.group(4)) + int(match.group(5)) / 60)
    text = parse_time(value)
    return (datetime.time.fromisoformat(text) if text else None), offset


def _valid_url(value: str) -> bool:
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        return False
    return True


def schedule_values(check: Checker, row: Row) -> dict[str, object]:
    """The `Schedule` fields of one row; each value that cannot be read is left out with a line."""
    values: dict[str, object] = dict(EMPTY)

    def bad(name: str, code: str) -> None:
        check.change(row, name, code, row.get(name))

    freq = row.get("freq").upper()
    if freq and freq not in FREQS:
        bad("freq", "schedule_bad_freq")
        freq = ""
    elif freq:
        check.keep(row, "freq")
    values["freq"] = freq
    for name in ("interval", "count"):
        if row.get(name):
            number = _whole(row.get(name))
            if number is None:
                bad(name, "schedule_bad_number")
            else:
                check.keep(row, name)
                values[name] = number
    if row.get("byday"):
        try:
            parse_byday(row.get("byday"), freq)
        except ValueError:
            bad("byday", "schedule_bad_byday")
        else:
            check.keep(row, "byday")
            values["byday"] = normal_list(row.get("byday"))
    for name, limit in _LISTS:
        if row.get(name):
            try:
                parse_numbers(row.get(name), limit)
            except ValueError:
                bad(name, "schedule_bad_numbers")
            else:
                check.keep(row, name)
                values[name] = normal_list(row.get(name))
    if row.get("wkst"):
        if row.get("wkst").upper() in BYDAY_CODES:
            check.keep(row, "wkst")
            values["wkst"] = row.get("wkst").upper()
        else:
            bad("wkst", "schedule_bad_wkst")
    for name in ("dtstart", "until", "valid_from", "valid_to"):
        if row.get(name):
            day = _date(row.get(name))
            if day is None:
                bad(name, "schedule_bad_date")
            else:
                check.keep(row, name)
                values[name] = day
    for end, start in (("until", "dtstart"), ("valid_to", "valid_from")):
        first, last = values.get(start), values.get(end)
        if isinstance(first, datetime.date) and isinstance(last, datetime.date) and last < first:
            bad(end, "schedule_ends_before_start")
            values[end] = None
    if row.get("timezone"):
        try:
            offset = float(row.get("timezone"))
        except ValueError:
            offset = float("nan")
        if offset == offset and -14 <= offset <= 14:
            check.keep(row, "timezone")
            values["timezone"] = offset
        else:
            bad("timezone", "schedule_bad_timezone")
    for name in ("opens_at", "closes_at"):
        if row.get(name):
            clock, written_offset = _time(row.get(name))
            if clock is None:
                bad(name, "schedule_bad_time")
                continue
            check.keep(row, name)
            values[name] = clock
            if written_offset is not None and values["timezone"] is None:
                values["timezone"] = written_offset
    if values.get("opens_at") is not None and values.get("opens_at") == values.get("closes_at"):
        bad("closes_at", "schedule_same_open_close")
        values["closes_at"] = None
    for name in TEXTS:
        values[name] = check.text(row, name)
    if row.get("schedule_link"):
        if _valid_url(row.get("schedule_link")):
            values["schedule_link"] = check.text(row, "schedule_link", 500)
        else:
            bad("schedule_link", "bad_url")
    return values


def plan_schedules(check: Checker, plan: SchedulesPlan, known: dict[str, set[uuid.UUID]]) -> None:
    """Every schedule whose parent the import writes or the region has."""
    for key, row in check.rows("schedule"):
        parent = parent_of(check, row, plan, known, PARENTS)
        if parent is None:
            continue
        plan.schedules[key] = SchedulePlan(parent=parent[0], parent_key=parent[1], values=schedule_values(check, row))
