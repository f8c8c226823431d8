"""The programs a school may share seats of: the allocation picker's list.

A program is an active service with a set number of seats, offering one of the kinds of help
given as programs (after school, tutoring, mentoring, summer), in the school's region. The
picker lists those with seats free, of the kinds of need being placed, within the school's
reach: a place within `VILLAGE_COVERAGE_KM` of the school, or a program the school has referred
students to before; nearest first. Widening lists every program of the region. Words narrow
either list (each word must start a word of the program's name, description, organization or
kind of help). Programs already ticked stay listed, so a search never hides a choice.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet

from village.directory import search
from village.directory.models import SearchEntry, Service, ServiceStatus
from village.directory.taxonomy import Need
from village.orgs.models import School
from village.referrals.models import Referral

# Kinds of help offered as programs with a fixed number of seats.
PROGRAM_KINDS = ("after_school", "tutoring", "mentoring", "summer")
# At most this many programs are listed at once; words narrow the rest.
LISTED = 40


@dataclass(frozen=True)
class Program:
    service: Service
    km: float | None  # from the school to the program's nearest place (None: no map position)
    served: bool  # the school has referred a student to it before

    @property
    def seats(self) -> int:
        s = self.service
        return int((s.seats_available if s.seats_available is not None else s.seats_total) or 0)

    @property
    def kinds(self) -> list[str]:
        return [str(Need(t.code).label) for t in self.service.categories.all() if t.code in PROGRAM_KINDS]


@dataclass
class Programs:
    listed: list[Program]
    wider: bool
    km: int  # the reach, in kilometres
    farther: int = 0  # programs that fit but lie beyond the reach (listed once widened)
    beyond: int = 0  # programs that fit but are not listed for their number (words narrow them)
    located: bool = True  # the school has a map position


def candidates(school: School) -> QuerySet[Service]:
    """Every program of the school's region whose seats may be shared (what the form accepts)."""
    return (
        Service.objects.filter(
            status=ServiceStatus.ACTIVE,
            organization__region=school.district.region_id,
            seats_total__isnull=False,
            categories__code__in=PROGRAM_KINDS,
        )
        .select_related("organization")
        .prefetch_related("categories")
        .distinct()
    )


def _matching_words(found: QuerySet[Service], text: str) -> QuerySet[Service]:
    for word in search.tokens(text)[:6]:
        found = found.filter(
            pk__in=SearchEntry.objects.filter(category=0, text__contains=f" {word}").values("service_id")
        )
    return found


def _nearest_km(school: School, service_ids: Iterable[int]) -> dict[int, float]:
    """Each service's nearest place from the school, in kilometres (the finder's flat-earth distance)."""
    if school.latitude is None or school.longitude is None:
        return {}
    lat, lon = float(school.latitude), float(school.longitude)
    kx = search.KM_PER_DEGREE * math.cos(math.radians(lat))
    found: dict[int, float] = {}
    rows = SearchEntry.objects.filter(category=0, service_id__in=list(service_ids)).values_list(
        "service_id", "latitude", "longitude"
    )
    for service_id, plat, plon in rows:
        km = math.hypot((plat - lat) * search.KM_PER_DEGREE, (plon - lon) * kx)
        if service_id not in found or km < found[service_id]:
            found[service_id] = km
    return found


def programs_for(
    school: School,
    *,
    text: str = "",
    kinds: Iterable[str] = (),
    wider: bool = False,
    chosen: Iterable[int] = (),
) -> Programs:
    """The programs to list for a school, nearest first: those with seats free, of the chosen
    `kinds` of help (any program kind if none), matching `text`, within reach (or anywhere in the
    region when `wider`); and always the `chosen` ones."""
    reach = settings.VILLAGE_COVERAGE_KM
    chosen_ids = [int(c) for c in chosen]
    wanted = [k for k in kinds if k in PROGRAM_KINDS]
    found = _matching_words(candidates(school), text)
    if wanted:
        found = found.filter(categories__code__in=wanted)
    served = set(Referral.objects.filter(school=school).values_list("service_id", flat=True).distinct())
    fitting = [s for s in found if s.pk in chosen_ids or Program(s, None, False).seats > 0]
    distance = _nearest_km(school, (s.pk for s in fitting))
    programs = [Program(s, distance.get(s.pk), s.pk in served) for s in fitting]
    programs.sort(key=lambda p: (p.km is None, p.km or 0.0, str(p.service), p.service.pk))
    located = school.latitude is not None and school.longitude is not None
    near = [p for p in programs if p.served or (p.km is not None and p.km <= reach) or p.service.pk in chosen_ids]
    shown = programs if wider or not located else near
    listed = shown[:LISTED] + [p for p in shown[LISTED:] if p.service.pk in chosen_ids]
    # Programs ticked earlier that the words no longer match stay listed, so nothing is unticked unseen.
    missing = set(chosen_ids) - {p.service.pk for p in listed}
    if missing:
        extra_km = _nearest_km(school, missing)
        listed += [Program(s, extra_km.get(s.pk), s.pk in served) for s in candidates(school).filter(pk__in=missing)]
    return Programs(
        listed=listed,
        wider=wider or not located,
        km=reach,
        farther=len(programs) - len(near) if located else 0,
        beyond=max(0, len(shown) - LISTED),
        located=located,
    )
