"""A schedule in plain words, in the reader's language: "Every other Tuesday, 17:00–19:00, until
30 June 2027"; "First Thursday of the month". Weekday names, dates and lists come from CLDR
(Babel) in the active language; the sentences around them are translated."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, get_day_names
from babel.lists import format_list
from django.conf import settings
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from village.directory.hours import BYDAY_CODES, Rule, is_overnight, normal_list, parse_byday, parse_numbers
from village.directory.models import Schedule


def _locale() -> Locale:
    code = translation.to_locale(translation.get_language() or settings.LANGUAGE_CODE)
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def day_name(iso_weekday: int, locale: Locale | None = None) -> str:
    """The weekday's name (1 Monday to 7 Sunday) in the reader's language."""
    return str(get_day_names("wide", locale=locale or _locale())[iso_weekday - 1])


def date_text(day: datetime.date, locale: Locale | None = None) -> str:
    return str(format_date(day, "long", locale=locale or _locale()))


def _list(items: Sequence[str], locale: Locale) -> str:
    return str(format_list(list(items), locale=locale)) if items else ""


def _ordinal_day(ordinal: int, day: str) -> str:
    phrases = {
        1: _("first %(day)s of the month"),
        2: _("second %(day)s of the month"),
        3: _("third %(day)s of the month"),
        4: _("fourth %(day)s of the month"),
        5: _("fifth %(day)s of the month"),
        -1: _("last %(day)s of the month"),
        -2: _("second to last %(day)s of the month"),
    }
    phrase = phrases.get(ordinal) or _("%(day)s number %(number)s of the month")
    return phrase % {"day": day, "number": ordinal}


def _days_phrase(s: Rule, locale: Locale) -> str:
    freq = (s.freq or ("WEEKLY" if s.byday else "MONTHLY" if s.bymonthday else "")).upper()
    interval = s.interval or 1
    try:
        byday = parse_byday(s.byday or "", freq)
        monthdays = parse_numbers(s.bymonthday or "", 31)
    except ValueError:
        byday, monthdays = [], []
    plain = [day_name(BYDAY_CODES.index(code) + 1, locale) for n, code in byday if n is None]
    numbered = [_ordinal_day(n, day_name(BYDAY_CODES.index(code) + 1, locale)) for n, code in byday if n is not None]
    if not freq:
        return _("On %(date)s") % {"date": date_text(s.dtstart, locale)} if s.dtstart else ""
    if freq == "WEEKLY":
        days = _list(plain, locale) or (day_name(s.dtstart.isoweekday(), locale) if s.dtstart else "")
        if not days:
            if interval == 1:
                return _("Every week")
            return ngettext("Every %(count)s week", "Every %(count)s weeks", interval) % {"count": interval}
        if interval == 1:
            return _("Every %(days)s") % {"days": days}
        if interval == 2:
            return _("Every other %(days)s") % {"days": days}
        return ngettext("Every %(count)s week on %(days)s", "Every %(count)s weeks on %(days)s", interval) % {
            "count": interval,
            "days": days,
        }
    parts = list(numbered)
    if plain:
        parts.append(_("every %(days)s") % {"days": _list(plain, locale)})
    positive = [str(n) for n in monthdays if n > 0]
    if positive:
        parts.append(
            ngettext("day %(days)s of the month", "days %(days)s of the month", len(positive))
            % {"days": _list(positive, locale)}
        )
    for n in (n for n in monthdays if n < 0):
        parts.append(
            _("last day of the month")
            if n == -1
            else ngettext(
                "%(count)s day before the end of the month", "%(count)s days before the end of the month", -n - 1
            )
            % {"count": -n - 1}
        )
    if not parts and s.dtstart:
        parts.append(ngettext("day %(days)s of the month", "days %(days)s of the month", 1) % {"days": s.dtstart.day})
    text = _list(parts, locale) or _("Every month")
    if interval > 1:
        text = ngettext("%(days)s, every %(count)s month", "%(days)s, every %(count)s months", interval) % {
            "days": text,
            "count": interval,
        }
    return text


def _time_phrase(s: Rule) -> str:
    opens = s.opens_at.strftime("%H:%M") if s.opens_at else ""
    closes = s.closes_at.strftime("%H:%M") if s.closes_at else ""
    if opens and closes:
        if is_overnight(s):
            return _("%(opens)s to %(closes)s the next day") % {"opens": opens, "closes": closes}
        return _("%(opens)s–%(closes)s") % {"opens": opens, "closes": closes}
    if opens:
        return _("from %(time)s") % {"time": opens}
    if closes:
        return _("until %(time)s") % {"time": closes}
    return ""


def describe(s: Rule, today: datetime.date | None = None) -> str:
    """The schedule in one line of plain words in the active language."""
    locale = _locale()
    parts = [_days_phrase(s, locale), _time_phrase(s)]
    weeks, yeardays = normal_list(s.byweekno or ""), normal_list(s.byyearday or "")
    if weeks:
        parts.append(_("in weeks %(weeks)s of the year") % {"weeks": _list(weeks.split(","), locale)})
    if yeardays:
        parts.append(_("on days %(days)s of the year") % {"days": _list(yeardays.split(","), locale)})
    today = today or timezone.localdate()
    starts = max((d for d in (s.dtstart, s.valid_from) if d is not None), default=None)
    if starts is not None and starts > today and (s.freq or s.byday or s.bymonthday):
        parts.append(_("from %(date)s") % {"date": date_text(starts, locale)})
    ends = min((d for d in (s.until, s.valid_to) if d is not None), default=None)
    if ends is not None:
        parts.append(_("until %(date)s") % {"date": date_text(ends, locale)})
    if s.count:
        parts.append(ngettext("%(count)s time", "%(count)s times", s.count) % {"count": s.count})
    separator = pgettext("between the parts of opening hours", ", ")
    return capfirst(separator.join(p for p in parts if p))


@dataclass(frozen=True)
class HoursLine:
    """One schedule as a page shows it: in words, with the source's own texts beside."""

    text: str
    details: list[str]
    link: str


def hours_line(s: Schedule, today: datetime.date | None = None) -> HoursLine:
    details = [t for t in (s.description, s.attending_type, s.notes) if t]
    return HoursLine(describe(s, today), details, s.schedule_link)
