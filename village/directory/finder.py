"""The resource finder: from a family's choices to explained results.

The point results are measured from is a school or the region's centre, never a
family's home: Village does not use family addresses for search or maps.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Prefetch
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from village.directory import search
from village.directory.bus import Place, bus_trips, bus_words
from village.directory.forms import HoursChoice
from village.directory.hours import EVENING_FROM, Window, effective, is_overnight, open_during, weekdays_open
from village.directory.hours_text import describe
from village.directory.models import Location, Schedule, Service, ServiceAtLocation, TaxonomyTerm
from village.directory.taxonomy import WEEKDAY_SHORT, CostKind, Need
from village.lib.languages import language_name
from village.orgs.models import School

PAGE_SIZE = 10
MAX_RESULTS = 100


@dataclass
class Result:
    service: Service
    location: Location
    distance_km: float | None
    reasons: list[str] = field(default_factory=list)


@dataclass
class Origin:
    latitude: float
    longitude: float
    label: str
    measured: bool  # False: the region's centre, so distances mean little and are not shown


def origin_for(school: School | None) -> Origin | None:
    if school is not None and school.latitude is not None and school.longitude is not None:
        return Origin(float(school.latitude), float(school.longitude), school.name, True)
    centre = Location.objects.filter(latitude__isnull=False, longitude__isnull=False).aggregate(
        lat=Avg("latitude"), lon=Avg("longitude")
    )
    if centre["lat"] is None:
        return None
    return Origin(float(centre["lat"]), float(centre["lon"]), str(gettext_lazy("the region")), False)


def origin_for_zip(code: str) -> Origin | None:
    """The centre of a ZIP code: the mean position of the directory's places and the schools there."""
    places = Location.objects.filter(postal_code__iexact=code, latitude__isnull=False, longitude__isnull=False)
    schools = School.objects.filter(postal_code__iexact=code, latitude__isnull=False, longitude__isnull=False)
    points: list[tuple[float, float]] = [
        (float(p.latitude or 0), float(p.longitude or 0)) for p in places.only("latitude", "longitude")[:500]
    ]
    points += [(float(s.latitude or 0), float(s.longitude or 0)) for s in schools.only("latitude", "longitude")]
    if not points:
        return None
    lat = sum(p[0] for p in points) / len(points)
    lon = sum(p[1] for p in points) / len(points)
    return Origin(lat, lon, code, True)


def windows_from(data: dict[str, Any], profile_windows: Sequence[Window] = ()) -> list[Window]:
    windows = list(profile_windows) if data.get("my_times") else []
    if data.get("free_from") and data.get("free_until"):
        windows.append(Window(data.get("free_day"), data["free_from"], data["free_until"]))
    return windows


def _free_reason(slot: Schedule, begin: datetime.datetime) -> str:
    return _("open when you are free: %(day)s %(opens)s–%(closes)s") % {
        "day": WEEKDAY_SHORT[begin.isoweekday()],
        "opens": begin.strftime("%H:%M"),
        "closes": slot.closes_at.strftime("%H:%M") if slot.closes_at else "…",
    }


def build_query(data: dict[str, Any], origin: Origin, limit: int) -> search.Query:
    category = 0
    if data.get("need"):
        term = TaxonomyTerm.objects.filter(code=data["need"], taxonomy__name="Village needs").first()
        category = term.pk if term else -1
    flags_all = 0
    if HoursChoice.EVENING in data.get("hours", []):
        flags_all |= search.EVENING
    if HoursChoice.WEEKEND in data.get("hours", []):
        flags_all |= search.WEEKEND
    for code in data.get("access", []):
        flags_all |= search.accessibility_bit(code)
    flags_any = 0
    if CostKind.FREE in data.get("cost", []):
        flags_any |= search.FREE
    if CostKind.SLIDING in data.get("cost", []):
        flags_any |= search.SLIDING
    grade = data.get("grade")
    return search.Query(
        latitude=origin.latitude,
        longitude=origin.longitude,
        category=category,
        language=data.get("language") or "",
        flags_all=flags_all,
        flags_any=flags_any,
        age=data.get("age"),
        grade=int(grade) if grade not in (None, "") else None,
        text=data.get("q") or "",
        max_km=float(data["km"]) if data.get("km") and origin.measured else None,
        limit=limit,
    )


def _days(days: set[int]) -> str:
    return str(get_text_list([str(WEEKDAY_SHORT[d]) for d in sorted(days)], _("and")))


def _plain_weekly(s: Schedule) -> bool:
    """Every week on the same days at the same times, with no end: said as a list of days."""
    return (
        (s.freq or "WEEKLY") == "WEEKLY"
        and bool(s.byday)
        and (s.interval or 1) == 1
        and "".join(c for c in s.byday if c.isdigit()) == ""
        and not (s.bymonthday or s.byweekno or s.byyearday or s.count or s.until or s.valid_to)
        and s.opens_at is not None
        and s.closes_at is not None
    )


def hours_summary(schedules: Sequence[Schedule], today: datetime.date | None = None) -> str:
    """ "Tue and Thu evenings · Sat", or the opening days when neither; hours that are not the
    same every week are said in words ("Every other Tuesday, 17:00–19:00")."""
    today = today or timezone.localdate()
    if any(not _plain_weekly(s) for s in schedules):
        return " · ".join(describe(s, today) for s in schedules[:3])
    evenings: set[int] = set()
    nights: set[int] = set()
    weekends: set[int] = set()
    every: set[int] = set()
    for s in schedules:
        assert s.opens_at is not None and s.closes_at is not None
        for day in weekdays_open(s, today):
            every.add(day)
            if is_overnight(s):
                nights.add(day)
            elif day <= 5 and s.closes_at > EVENING_FROM:
                evenings.add(day)
            if day >= 6:
                weekends.add(day)
    parts = []
    if evenings:
        parts.append(_("%(days)s evenings") % {"days": _days(evenings)})
    if nights:
        parts.append(_("%(days)s overnight") % {"days": _days(nights)})
    if weekends:
        parts.append(_("open %(days)s") % {"days": _days(weekends)})
    if not parts and every:
        parts.append(_("open %(days)s") % {"days": _days(every)})
    return " · ".join(parts)


def reasons_for(
    service: Service, distance_km: float | None, data: dict[str, Any], hours: Sequence[Schedule] | None = None
) -> list[str]:
    """Why a result fits, in the reader's language: what they asked for first, then distance, cost and seats."""
    reasons: list[str] = []
    codes = {lang.code for lang in service.languages.all()}
    if data.get("language") and data["language"] in codes:
        reasons.append(_("offered in %(language)s") % {"language": language_name(data["language"])})
    if data.get("need") and data["need"] in Need.values:
        reasons.append(str(Need(data["need"]).label))
    summary = hours_summary(list(service.schedules.all()) if hours is None else hours)
    if summary:
        reasons.append(summary)
    if distance_km is not None:
        reasons.append(_("%(km)s km") % {"km": number_format(round(distance_km, 1), decimal_pos=1)})
    if service.cost == CostKind.FREE:
        reasons.append(_("free"))
    elif service.cost == CostKind.SLIDING:
        reasons.append(_("sliding-scale fees"))
    if service.seats_available is not None:
        reasons.append(_("seats available") if service.seats_available > 0 else _("waiting list"))
    if data.get("age") is not None and (service.min_age is not None or service.max_age is not None):
        reasons.append(_("for age %(age)s") % {"age": data["age"]})
    return reasons


def hours_at(service: Service, place: ServiceAtLocation | None) -> list[Schedule]:
    """The hours that apply to the service at this place: the service's own there, else the
    service's, else the place's (each prefetched by the caller)."""
    layers: list[list[Schedule]] = []
    if place is not None:
        layers.append(list(place.schedules.all()))
    layers.append(list(service.schedules.all()))
    if place is not None:
        layers.append(list(place.location.schedules.all()))
    return list(effective(*layers))


@dataclass(frozen=True)
class BusAsk:
    """ "Reachable by bus within `minutes` from this stop (or the school), when I am free"."""

    region_id: int
    minutes: int
    stop: str = ""
    school: tuple[float, float] | None = None


def find(
    data: dict[str, Any],
    origin: Origin,
    limit: int = PAGE_SIZE,
    windows: Sequence[Window] = (),
    bus: BusAsk | None = None,
) -> list[Result]:
    """The nearest matching services (each once, at its nearest location), explained. With
    `windows`, only services open at one of those times (checked on their weekly hours); with
    `bus`, only those the bus reaches within its minutes in those times (or, when none are given,
    weekday afternoons and Saturday morning), nearest by bus first."""
    wide = bool(windows) or bus is not None
    query = build_query(data, origin, MAX_RESULTS if wide else min(limit, MAX_RESULTS))
    if query.category == -1:
        return []
    hits = search.nearest(query)
    services = {
        s.pk: s
        for s in Service.objects.filter(pk__in=[h.service_id for h in hits])
        .select_related("organization")
        .prefetch_related("languages", Prefetch("schedules", queryset=Schedule.objects.order_by("id")))
    }
    places = {
        sal.pk: sal
        for sal in ServiceAtLocation.objects.filter(pk__in=[h.service_at_location_id for h in hits])
        .select_related("location")
        .prefetch_related("schedules", "location__schedules")
    }
    today = timezone.localdate()
    firsts = []
    seen: set[int] = set()
    for hit in hits:
        if hit.service_id in seen or hit.service_id not in services:
            continue
        seen.add(hit.service_id)
        firsts.append(hit)
    by_bus = _by_bus(bus, windows, firsts, services, places) if bus is not None else {}
    if bus is not None:
        firsts.sort(key=lambda h: _minutes_or_last(by_bus, h.service_at_location_id))
    results: list[Result] = []
    for hit in firsts:
        distance = hit.distance_km if origin.measured else None
        service = services[hit.service_id]
        place = places[hit.service_at_location_id]
        hours = hours_at(service, place)
        reasons = reasons_for(service, distance, data, hours)
        if windows:
            fitting = open_during(hours, windows, today)
            if fitting is None:
                continue
            reasons.insert(0, _free_reason(*fitting))
        if bus is not None:
            minutes, words = by_bus.get(hit.service_at_location_id, (None, ""))
            if minutes is None or minutes > bus.minutes:
                continue
            reasons.insert(0, words)
        results.append(Result(service, place.location, distance, reasons))
        if len(results) >= limit:
            break
    return results


def _minutes_or_last(by_bus: dict[int, tuple[int | None, str]], key: int) -> int:
    minutes = by_bus.get(key, (None, ""))[0]
    return 10_000 if minutes is None else minutes


def _by_bus(
    bus: BusAsk,
    windows: Sequence[Window],
    hits: Sequence[search.Hit],
    services: dict[int, Service],
    places: dict[int, ServiceAtLocation],
) -> dict[int, tuple[int | None, str]]:
    """Minutes and words of the bus trip to each hit's place (by service-at-location id)."""
    asked = [
        Place(
            h.service_at_location_id,
            float(p.location.latitude),
            float(p.location.longitude),
            hours_at(services[h.service_id], p),
        )
        for h in hits
        if (p := places[h.service_at_location_id]).location.latitude is not None and p.location.longitude is not None
    ]
    found = bus_trips(bus.region_id, bus.school, bus.stop, windows, asked, nearest_default=True)
    return {key: (b.trip.minutes, bus_words(b) if b.trip.minutes is not None else "") for key, b in found.items()}
