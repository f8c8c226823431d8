"""Explainable matching: which services fit one student's need, and why the near misses do not.

Distances are measured from the student's school, never from a family's home. A family that
travels by bus is matched by the minutes the bus takes (walk, ride, walk) from where its trips
start (a stop it chose, or the school) in the hours it is free, read from the transit worker's
matrices (`bus.py`); where there is no bus time, distance is used and the reason is said. Each
constraint is a small function returning None when the service meets it, or the reason it
does not; a service that meets them all fits, one that fails exactly one is a near miss
("closest, but English only"). Ranking is deterministic: fits by distance, then by the
service's id.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from village.directory import search
from village.directory.bus import BusTrip, Place, bus_trips, bus_words
from village.directory.hours import Window, effective, open_during
from village.directory.hours_text import day_name
from village.directory.models import Location, Schedule, Service, ServiceAtLocation, TaxonomyTerm
from village.directory.taxonomy import DEFAULT_TAXONOMY_NAME, Accessibility, CostKind
from village.families.models import FamilyProfile, Need, Student
from village.lib.languages import language_name, ui_code
from village.orgs.models import School
from village.transit.travel import NoTransit, why_not

CANDIDATES = 50  # nearest services of the need's category looked at, before the constraints
NEAR_MISSES = 5
# Speeds for "how long can you travel": walking, cycling, bus or train, car (km/h).
SPEED_KMH = {"walking": 4.5, "bike": 12.0, "bus": 15.0, "car": 30.0}


class CostLimit:
    ANY = "any"
    LOW = "low"  # free or sliding scale
    FREE = "free"


@dataclass
class Family:
    """What a match needs to know about the family, and nothing more (no address)."""

    language: str = ""  # ISO 639-1 code, or "" when unknown
    windows: list[Window] = field(default_factory=list)
    reach_km: float | None = None  # None: no travel limit given
    accessible_venue: bool = False
    max_minutes: int | None = None  # the longest trip the family can make
    by_bus: bool = False  # travels by bus and gave a longest trip: matched by bus minutes where known
    other_reach_km: float | None = None  # how far its other ways of travelling reach (walking, car...)
    trip_stop: str = ""  # the stop its bus trips start from ("" is the school)
    modes: tuple[str, ...] = ()  # how it travels (walking, bike, bus, car)
    trip_stop_name: str = ""

    @classmethod
    def of(cls, student: Student) -> Family:
        profile = (
            FamilyProfile.objects.filter(household_id=student.household_id).prefetch_related("windows").first()
            if student.household_id
            else None
        )
        if profile is None:
            home = student.household.home_language if student.household else ""
            return cls(language=ui_code(home))
        return cls(
            language=ui_code(
                profile.preferred_language or (student.household.home_language if student.household else "")
            ),
            windows=[Window(w.weekday, w.starts, w.ends) for w in profile.windows.all()],
            reach_km=reach_km(profile),
            accessible_venue="accessible_venue" in (profile.accommodations or []),
            max_minutes=profile.max_travel_minutes,
            by_bus="bus" in (profile.travel_modes or []) and bool(profile.max_travel_minutes),
            other_reach_km=reach_km(profile, without=("bus",)),
            trip_stop=profile.trip_stop,
            modes=tuple(profile.travel_modes or ()),
            trip_stop_name=profile.trip_stop_name,
        )


def reach_km(profile: FamilyProfile, without: tuple[str, ...] = ()) -> float | None:
    if profile.max_distance_km:
        return float(profile.max_distance_km)
    modes = [m for m in (profile.travel_modes or []) if m in SPEED_KMH and m not in without]
    if not profile.max_travel_minutes or not modes:
        return None
    return max(SPEED_KMH[m] for m in modes) * profile.max_travel_minutes / 60


@dataclass
class Candidate:
    service: Service
    location: Location
    distance_km: float
    reasons: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    bus: BusTrip | None = None  # set when the family travels by bus and the place is open in its hours
    out_of_reach: bool = False  # the travel check failed (a transport gap when it is the only miss)

    @property
    def bus_minutes(self) -> int | None:
        return self.bus.trip.minutes if self.bus is not None else None


@dataclass
class Match:
    fits: list[Candidate]
    near_misses: list[Candidate]
    origin_label: str
    considered: int
    bus_note: str = ""  # why no place has a bus time, when the family travels by bus and none has
    reach_misses: int = 0  # services that fit in every way but the family's reach (a transport gap)
    bus_from: str = ""  # where the family's bus trips start (a stop's name, or the school's), when it takes the bus


Check = Callable[[Candidate, Student, Family, str], str | None]


def _eligibility(c: Candidate, student: Student, family: Family, cost: str) -> str | None:
    s = c.service
    age = student.age_on(timezone.localdate())
    if age is not None and ((s.min_age is not None and age < s.min_age) or (s.max_age is not None and age > s.max_age)):
        low, high = (f"{a.normalize():f}" if a is not None else None for a in (s.min_age, s.max_age))  # 2.5, not 2.50
        return _("for ages %(low)s to %(high)s") % {"low": low or 0, "high": high or "…"}
    if (s.min_grade is not None and student.grade < s.min_grade) or (
        s.max_grade is not None and student.grade > s.max_grade
    ):
        return _("not for this grade")
    return None


def _language(c: Candidate, student: Student, family: Family, cost: str) -> str | None:
    codes = {lang.code.split("-")[0] for lang in c.service.languages.all()} or {"en"}
    if not family.language or family.language in codes:
        if family.language and family.language != "en":
            c.reasons.append(_("offered in %(language)s") % {"language": language_name(family.language)})
        return None
    if codes == {"en"}:
        return _("English only")
    return _("not offered in %(language)s") % {"language": language_name(family.language)}


def _access(c: Candidate, student: Student, family: Family, cost: str) -> str | None:
    if family.accessible_venue and Accessibility.WHEELCHAIR not in (c.location.accessibility or []):
        return _("no step-free access")
    return None


def _cost(c: Candidate, student: Student, family: Family, cost: str) -> str | None:
    kind = c.service.cost
    if cost == CostLimit.FREE and kind != CostKind.FREE:
        return _("not free")
    if cost == CostLimit.LOW and kind == CostKind.FEE:
        return _("charges a fee")
    if kind == CostKind.FREE:
        c.reasons.append(_("free"))
    return None


def _capacity(c: Candidate, student: Student, family: Family, cost: str) -> str | None:
    seats = c.service.seats_available
    if seats is not None and seats <= 0:
        return _("full (waiting list)")
    if seats is not None:
        c.reasons.append(_("seats available"))
    return None


def _hours(c: Candidate, student: Student, family: Family, cost: str) -> str | None:
    if not family.windows:
        return None
    # The service's own hours, else (when it gives none) the place's.
    hours = effective(list(c.service.schedules.all()), list(c.location.schedules.all()) if c.location else [])
    fitting = open_during(hours, family.windows, timezone.localdate())
    if fitting is not None:
        begin = fitting[1]
        c.reasons.append(
            _("open when the family is free (%(day)s %(time)s)")
            % {"day": day_name(begin.isoweekday()), "time": begin.strftime("%H:%M")}
        )
        return None
    return _("not open when the family is free")


def _travel(c: Candidate, student: Student, family: Family, cost: str) -> str | None:
    km = number_format(round(c.distance_km, 1), decimal_pos=1)
    bus = c.bus
    if bus is not None and bus.trip.minutes is not None and family.max_minutes:
        if bus.trip.minutes <= family.max_minutes:
            c.reasons.append(bus_words(bus))
            return None
        if family.other_reach_km is not None and c.distance_km <= family.other_reach_km:
            c.reasons.append(_("%(km)s km from school") % {"km": km})
            return None
        return _("%(minutes)s minutes by bus") % {"minutes": bus.trip.minutes}
    if bus is not None and bus.trip.missing == NoTransit.UNREACHABLE:
        # Stops at both ends, but no bus gets there in the family's hours: a real answer, not a gap in data.
        if family.other_reach_km is not None and c.distance_km <= family.other_reach_km:
            c.reasons.append(_("%(km)s km from school") % {"km": km})
            return None
        return why_not(bus.trip.missing)
    if bus is not None and bus.trip.missing and bus.trip.missing != NoTransit.NO_FEED:
        why = why_not(bus.trip.missing)
        if family.reach_km is not None and c.distance_km > family.reach_km:
            return _("too far (%(km)s km; no bus time: %(why)s)") % {"km": km, "why": why}
        c.reasons.append(_("%(km)s km from school (no bus time: %(why)s)") % {"km": km, "why": why})
        return None
    if family.reach_km is not None and c.distance_km > family.reach_km:
        return _("too far (%(km)s km)") % {"km": km}
    c.reasons.append(_("%(km)s km from school") % {"km": km})
    return None


CHECKS: Sequence[Check] = (_eligibility, _language, _access, _cost, _capacity, _hours, _travel)
# An allocation respects these; cost is settled by the programs the coordinator chooses, and
# seats are what the allocation shares out.
ALLOCATION_CHECKS: Sequence[Check] = (_eligibility, _language, _access, _hours, _travel)


def match(need: Need, *, cost: str = CostLimit.ANY, family: Family | None = None) -> Match:
    """Rank the services for one need. Deterministic for the same directory and family."""
    student = need.student
    family = family if family is not None else Family.of(student)
    school = need.school
    term = TaxonomyTerm.objects.filter(code=need.category, taxonomy__name=DEFAULT_TAXONOMY_NAME).first()
    if term is None or school.latitude is None or school.longitude is None:
        return Match([], [], school.name, 0)
    hits = search.nearest(
        search.Query(
            latitude=float(school.latitude), longitude=float(school.longitude), category=term.pk, limit=CANDIDATES
        )
    )
    services = {
        s.pk: s
        for s in Service.objects.filter(pk__in={h.service_id for h in hits})
        .select_related("organization")
        .prefetch_related("languages", Prefetch("schedules", queryset=Schedule.objects.order_by("id")))
    }
    places = {
        sal.pk: sal.location
        for sal in ServiceAtLocation.objects.filter(pk__in={h.service_at_location_id for h in hits})
        .select_related("location")
        .prefetch_related("location__schedules")
    }
    fits: list[Candidate] = []
    near: list[Candidate] = []
    seen: set[int] = set()
    candidates: list[Candidate] = []
    reach_misses = 0
    for hit in sorted(hits, key=lambda h: (round(h.distance_km, 6), h.service_id, h.service_at_location_id)):
        if hit.service_id in seen or hit.service_id not in services:
            continue
        seen.add(hit.service_id)
        candidates.append(Candidate(services[hit.service_id], places[hit.service_at_location_id], hit.distance_km))
    bus_note = attach_bus_trips(school, family, candidates)
    if family.by_bus and any(c.bus_minutes is not None for c in candidates):
        # Fits by bus minutes (those with a bus time first), then by distance, as the family travels.
        candidates.sort(key=lambda c: (c.bus_minutes is None, c.bus_minutes or 0, round(c.distance_km, 6)))
    for candidate in candidates:
        for check in CHECKS:
            miss = check(candidate, student, family, cost)
            if miss:
                candidate.misses.append(miss)
                candidate.out_of_reach = candidate.out_of_reach or check is _travel
        if candidate.out_of_reach and len(candidate.misses) == 1:
            reach_misses += 1
        if not candidate.misses:
            fits.append(candidate)
        elif len(candidate.misses) == 1 and len(near) < NEAR_MISSES:
            near.append(candidate)
    bus_from = (family.trip_stop_name or family.trip_stop or school.name) if family.by_bus else ""
    return Match(fits, near, school.name, len(seen), bus_note, reach_misses, bus_from)


def attach_bus_trips(school: School, family: Family, candidates: Sequence[Candidate]) -> str:
    """Give each candidate the family's bus trip to it when the family travels by bus. Returns a
    note for the whole list when no candidate has a bus time for one reason (no timetable...)."""
    if not family.by_bus or not candidates:
        return ""
    start = (float(school.latitude), float(school.longitude)) if school.latitude and school.longitude else None
    found = bus_trips(
        school.district.region_id,
        start,
        family.trip_stop,
        family.windows,
        [
            Place(
                i,
                float(c.location.latitude),
                float(c.location.longitude),
                effective(list(c.service.schedules.all()), list(c.location.schedules.all())),
            )
            for i, c in enumerate(candidates)
            if c.location.latitude is not None and c.location.longitude is not None
        ],
    )
    for i, c in enumerate(candidates):
        c.bus = found.get(i)
    reasons = {b.trip.missing for b in found.values()}
    if found and len(reasons) == 1 and "" not in reasons:
        return _("No bus times (%(why)s): distances from the school are used.") % {"why": why_not(reasons.pop())}
    return ""


def describe_miss(candidate: Candidate, closest: bool) -> str:
    """ "closest, but English only" for the nearest near miss; "but English only" otherwise."""
    if closest:
        return _("closest, but %(reason)s") % {"reason": candidate.misses[0]}
    return _("but %(reason)s") % {"reason": candidate.misses[0]}


def summary(candidates: Sequence[Candidate]) -> list[dict[str, Any]]:
    return [
        {"service": c.service.pk, "distance_km": round(c.distance_km, 3), "misses": list(c.misses)} for c in candidates
    ]
