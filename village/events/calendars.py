"""iCalendar in and out, with the maintained `icalendar` library (no database writes here).

Out: an event, a school's public events or a person's events as an RFC 5545 calendar: each
event with a UID that never changes (`event-<id>@<site>`), DTSTAMP, SEQUENCE, its start and end
in the event's own time zone (TZID) and a VTIMEZONE for every zone named.

In: a school's own calendar (holidays, early release, testing days) read into a plan of dates.
Recurring entries are expanded with `recurring-ical-events` within a window around today. An
entry whose dates, time zone or recurrence cannot be read is rejected on its own, named by the
line its BEGIN:VEVENT is on; the others are kept.
"""

from __future__ import annotations

import datetime
import re
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import icalendar
import recurring_ical_events  # type: ignore[import-untyped]
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from village.events.models import DayKind, Event
from village.lib.imports import ImportReport, Rejection, UnreadableFile, check_size, decode
from village.lib.links import absolute_reverse
from village.lib.translation import translated

PRODID = "-//Village//Events//EN"
# How far around today an imported recurring entry is expanded, and how many dates one entry may give.
WINDOW_BEFORE = datetime.timedelta(days=60)
WINDOW_AFTER = datetime.timedelta(days=550)
MAX_OCCURRENCES = 400


def uid_domain() -> str:
    return urlsplit(settings.VILLAGE_SITE_URL).hostname or "village.invalid"


def event_uid(event: Event) -> str:
    """Stable for the life of the event: edits change SEQUENCE, never the UID."""
    return f"event-{event.pk}@{uid_domain()}"


def _text(value: dict[str, str], language: str) -> str:
    found = translated(value, language)
    return found.text if found.is_translated else found.original


def event_component(event: Event, language: str) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", event_uid(event))
    component.add("dtstamp", event.updated_at.astimezone(datetime.UTC))
    component.add("created", event.created_at.astimezone(datetime.UTC))
    component.add("last-modified", event.updated_at.astimezone(datetime.UTC))
    component.add("sequence", event.sequence)
    component.add("dtstart", event.local_start)
    component.add("dtend", event.local_end)
    component.add("summary", _text(event.title, language))
    description = _text(event.description, language)
    link = absolute_reverse("events:show", token=event.token)
    component.add("description", f"{description}\n\n{link}".strip())
    place = ", ".join(p for p in (event.venue, event.address) if p)
    if place:
        component.add("location", place)
    component.add("url", event.online_link or link)
    component.add("status", "CONFIRMED")
    return component


def calendar_bytes(events: Iterable[Event], name: str, language: str | None = None) -> bytes:
    """The events as one iCalendar file, every time zone they name defined in it."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(event_component(event, language))
    calendar.add_missing_timezones()
    data: bytes = calendar.to_ical()
    return data


# --- Reading a school's calendar --------------------------------------------------------------


@dataclass(frozen=True)
class PlannedDate:
    uid: str
    title: str
    kind: str
    all_day: bool
    starts_at: datetime.datetime
    ends_at: datetime.datetime


@dataclass
class CalendarPlan:
    dates: list[PlannedDate]
    report: ImportReport


_KINDS: Sequence[tuple[str, re.Pattern[str]]] = (
    (DayKind.EARLY_RELEASE, re.compile(r"early (release|dismissal)|minimum day|half day", re.I)),
    (DayKind.TESTING, re.compile(r"\btest|exam|assessment", re.I)),
    (DayKind.HOLIDAY, re.compile(r"holiday|no school|break|vacation|closed|recess", re.I)),
)


def day_kind(text: str) -> str:
    for kind, pattern in _KINDS:
        if pattern.search(text):
            return kind
    return DayKind.OTHER


def _reject(report: ImportReport, name: str, line: int, field: str, code: str, value: str, reason: str) -> None:
    report.reject(Rejection(name, line, field, code, value[:200], reason))


def _aware(value: datetime.date | datetime.datetime, zone: zoneinfo.ZoneInfo) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=zone)
    return datetime.datetime.combine(value, datetime.time(), tzinfo=zone)


def _zone_problem(component: icalendar.Component, defined: set[str]) -> str:
    """The TZID of DTSTART or DTEND that names no zone known here nor defined in the file."""
    for key in ("DTSTART", "DTEND"):
        prop = component.get(key)
        tzid = prop.params.get("TZID") if prop is not None and hasattr(prop, "params") else None
        if not tzid or tzid in defined:
            continue
        try:
            zoneinfo.ZoneInfo(str(tzid))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return str(tzid)
    return ""


def read_school_calendar(data: bytes, name: str, now: datetime.datetime | None = None) -> CalendarPlan:
    """The dates of a school calendar file; a file that is not iCalendar at all raises UnreadableFile."""
    check_size(data, name)
    text = decode(data, name, encodings=("utf-8",)).text
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except ValueError as exc:
        raise UnreadableFile(
            "bad_ics", gettext_noop("%(file)s is not an iCalendar file (.ics) Village can read."), file=name
        ) from exc
    report = ImportReport()
    # The line of each BEGIN:VEVENT, in order, for naming an entry the way an editor shows it.
    lines = [i for i, line in enumerate(text.splitlines(), start=1) if line.strip().upper() == "BEGIN:VEVENT"]
    defined = {str(tz.get("TZID")) for tz in calendar.walk("VTIMEZONE")}
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    now = now or timezone.now()
    window = (now - WINDOW_BEFORE, now + WINDOW_AFTER)
    dates: list[PlannedDate] = []
    seen: set[tuple[str, datetime.datetime]] = set()
    components = calendar.walk("VEVENT")
    by_uid: dict[str, list[icalendar.Component]] = {}
    for component in components:
        by_uid.setdefault(str(component.get("UID", "")), []).append(component)
    for index, component in enumerate(components):
        line = lines[index] if index < len(lines) else index + 1
        uid = str(component.get("UID", "")).strip()
        title = str(component.get("SUMMARY", "")).strip()
        if component.get("RECURRENCE-ID") is not None:
            continue  # a changed occurrence: expanded with its series
        if not uid:
            _reject(report, name, line, "UID", "missing_uid", title, gettext_noop("The entry has no UID."))
            continue
        broken = [prop for prop, _message in getattr(component, "errors", [])]
        if "DTSTART" in broken or component.get("DTSTART") is None:
            value = str(component.get("DTSTART", "")) if "DTSTART" not in broken else ""
            _reject(
                report,
                name,
                line,
                "DTSTART",
                "bad_start",
                value or title,
                gettext_noop("The entry's start (DTSTART) is missing or is not a date."),
            )
            continue
        if "DTEND" in broken:
            _reject(
                report, name, line, "DTEND", "bad_end", title, gettext_noop("The entry's end (DTEND) is not a date.")
            )
            continue
        unknown = _zone_problem(component, defined)
        if unknown:
            _reject(
                report,
                name,
                line,
                "TZID",
                "unknown_zone",
                unknown,
                gettext_noop("The time zone is unknown and the file does not define it."),
            )
            continue
        if "RRULE" in broken or "EXDATE" in broken or "RDATE" in broken:
            _reject(
                report,
                name,
                line,
                "RRULE",
                "bad_rule",
                str(component.get("RRULE", "")),
                gettext_noop("The entry's recurrence (RRULE, RDATE or EXDATE) cannot be read."),
            )
            continue
        single = icalendar.Calendar()
        for tz in calendar.walk("VTIMEZONE"):
            single.add_component(tz)
        for part in by_uid.get(uid, [component]):
            single.add_component(part)
        try:
            occurrences = []
            for occurrence in recurring_ical_events.of(single).between(*window):
                occurrences.append(occurrence)
                if len(occurrences) > MAX_OCCURRENCES:
                    break
        except (recurring_ical_events.InvalidCalendar, icalendar.InvalidCalendar, ValueError, TypeError) as exc:
            _reject(
                report,
                name,
                line,
                "RRULE",
                "bad_rule",
                str(exc)[:200],
                gettext_noop("The entry's dates or recurrence cannot be worked out."),
            )
            continue
        if len(occurrences) > MAX_OCCURRENCES:
            _reject(
                report,
                name,
                line,
                "RRULE",
                "too_many",
                str(component.get("RRULE", "")),
                gettext_noop("The entry repeats more than 400 times in the school year; split it."),
            )
            continue
        kind = day_kind(" ".join([title, str(component.get("CATEGORIES", "") or "")]))
        if not occurrences:
            report.count("outside")
        for occurrence in occurrences:
            start = occurrence.get("DTSTART").dt
            end_prop = occurrence.get("DTEND")
            end = end_prop.dt if end_prop is not None else start
            all_day = not isinstance(start, datetime.datetime)
            starts_at, ends_at = _aware(start, zone), _aware(end, zone)
            if all_day and ends_at <= starts_at:
                ends_at = starts_at + datetime.timedelta(days=1)
            if ends_at < starts_at:
                _reject(
                    report,
                    name,
                    line,
                    "DTEND",
                    "end_before_start",
                    title,
                    gettext_noop("The entry ends before it starts."),
                )
                break
            if (uid, starts_at) in seen:
                continue
            seen.add((uid, starts_at))
            dates.append(PlannedDate(uid[:300], title[:300] or uid[:300], kind, all_day, starts_at, ends_at))
    report.counts["dates"] = len(dates)
    return CalendarPlan(dates, report)
