"""Fair allocation of scarce seats, from the database to the solver and back.

A coordinator chooses programs (services with seats) and needs (applicants). Eligible pairs
are the ones the matching constraints accept (age and grade, language, accessibility, the
family's free times and travel reach; cost and seats are left to the allocation), distances
are measured from the student's school, and need tiers order who is served first. When any
family travels by bus and bus times exist for its pairs, the run minimises travel minutes
instead of kilometres: bus minutes where known, else the distance at the family's own pace. The exact
min-cost flow (`solver.solve`) places them; a first-come baseline runs beside it for the
fairness table. This module reads and computes; `matching.actions` stores runs and approves
them (approval turns placements into referrals, each through the consent check).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
from django.utils.translation import gettext as _

from village.directory.bus import BusTrip, Place, bus_trips
from village.directory.hours import Window, effective
from village.directory.models import Location, Service
from village.families.groups import ALL, GROUPS
from village.families.models import Need, Student
from village.families.vocab import Urgency
from village.matching import solver
from village.matching.models import AllocationRun
from village.matching.ranking import ALLOCATION_CHECKS, SPEED_KMH, Candidate, Family

URGENCY_TIER: dict[str, int] = {Urgency.ROUTINE: 0, Urgency.SOON: 1, Urgency.URGENT: 2}


def need_tier(need: Need) -> int:
    """0-3: the need's urgency (0-2), plus one for a student in a group the district serves first."""
    s = need.student
    flagged = s.has_iep or s.has_504 or s.english_learner or s.economically_disadvantaged or s.homeless or s.foster_care
    return min(3, URGENCY_TIER.get(str(need.urgency), 0) + (1 if flagged else 0))


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def seats(service: Service) -> int:
    seats = service.seats_available if service.seats_available is not None else service.seats_total
    return int(seats or 0)


@dataclass(frozen=True)
class Outcome:
    """What a run found: one row per applicant and the fairness table, or why nothing could run."""

    rows: list[dict[str, Any]]
    fairness: dict[str, list[dict[str, Any]]]
    error: str = ""


def compute(run: AllocationRun, progress: Callable[[int], None] = lambda _done: None) -> Outcome:
    """Build the problem from the run's programs and needs, solve it and the first-come baseline.

    `progress` is told how many applicants have been looked at, every fifty.
    """
    services = list(
        run.services.select_related("organization")
        .prefetch_related("languages", "schedules", "service_at_locations__location__schedules")
        .order_by("pk")
    )
    needs = list(run.needs.select_related("student__household", "school__district").order_by("created_at", "pk"))
    families = {n.student_id: Family.of(n.student) for n in needs}
    pairs_s: list[int] = []
    pairs_p: list[int] = []
    pairs_d: list[int] = []
    pairs_t: list[int] = []  # travel seconds: bus time where known, else the distance at the family's pace
    by_bus = False
    metres: dict[tuple[int, int], int] = {}
    why_not: dict[int, set[str]] = {}
    bus_cache: dict[tuple[int, str, tuple[Window, ...]], dict[int, BusTrip]] = {}
    for i, need in enumerate(needs):
        school = need.school
        family = families[need.student_id]
        misses: set[str] = set()
        nearest = _nearest_places(school.latitude, school.longitude, services)
        trips = _bus_for(bus_cache, need, family, services, nearest) if family.by_bus else {}
        for j, service in enumerate(services):
            if nearest[j] is None:
                misses.add(_("no map position"))
                continue
            km, location = nearest[j]  # type: ignore[misc]
            candidate = Candidate(service, location, km, bus=trips.get(j))
            failed = [
                m
                for m in (
                    check(candidate, need.student, families[need.student_id], "any") for check in ALLOCATION_CHECKS
                )
                if m
            ]
            if need.category not in {t.code for t in service.categories.all()}:
                failed.append(_("another kind of help"))
            if failed:
                misses.update(failed)
                continue
            pairs_s.append(i)
            pairs_p.append(j)
            pairs_d.append(round(km * 1000))
            metres[(i, j)] = round(km * 1000)
            pairs_t.append(_travel_seconds(candidate, family))
            by_bus = by_bus or candidate.bus_minutes is not None
        why_not[i] = misses
        if i % 50 == 0:
            progress(i)
    problem = solver.Problem(
        n_students=len(needs),
        n_programs=len(services),
        capacity=np.array([seats(s) for s in services], dtype=np.int64),
        need_tier=np.array([need_tier(n) for n in needs], dtype=np.int64),
        pair_student=np.array(pairs_s, dtype=np.int64),
        pair_program=np.array(pairs_p, dtype=np.int64),
        pair_distance_m=np.array(pairs_t if by_bus else pairs_d, dtype=np.int64),
        arrival=np.arange(len(needs), dtype=np.int64),
    )
    if not pairs_s:
        return Outcome(
            [], {}, _("No need can be placed in any chosen program: check the kinds of help, ages and languages.")
        )
    ours = solver.solve(problem)
    baseline = solver.first_come(problem)
    rows = [
        {
            "need": need.pk,
            "student": need.student_id,
            "tier": int(problem.need_tier[i]),
            "service": services[int(ours.program_of[i])].pk if ours.program_of[i] >= 0 else None,
            "distance_m": metres.get((i, int(ours.program_of[i])), 0) if by_bus else int(ours.distance_m[i]),
            **({"minutes": round(int(ours.distance_m[i]) / 60)} if by_bus and ours.program_of[i] >= 0 else {}),
            "reason": ours.reason(i),
            "excluded_by": sorted(why_not[i]) if ours.program_of[i] < 0 else [],
        }
        for i, need in enumerate(needs)
    ]
    fairness = {"ours": _fairness(needs, ours, by_bus), "first_come": _fairness(needs, baseline, by_bus)}
    return Outcome(rows, fairness)


def _nearest_places(
    latitude: Decimal | None, longitude: Decimal | None, services: Sequence[Service]
) -> list[tuple[float, Location] | None]:
    """Each service's place nearest the school, with its distance (None: no map position)."""
    if latitude is None or longitude is None:
        return [None] * len(services)
    here = (float(latitude), float(longitude))
    out: list[tuple[float, Location] | None] = []
    for service in services:
        places = [
            (km_between(*here, sal.location.latitude, sal.location.longitude), sal.location.pk, sal.location)
            for sal in service.service_at_locations.all()
            if sal.location.latitude is not None and sal.location.longitude is not None
        ]
        best = min(places, key=lambda p: (p[0], p[1])) if places else None
        out.append((best[0], best[2]) if best else None)
    return out


def _bus_for(
    cache: dict[tuple[int, str, tuple[Window, ...]], dict[int, BusTrip]],
    need: Need,
    family: Family,
    services: Sequence[Service],
    nearest: Sequence[tuple[float, Location] | None],
) -> dict[int, BusTrip]:
    """The family's bus trips to each program (by index), shared by families starting from the
    same place in the same hours."""
    school = need.school
    key = (school.pk, family.trip_stop, tuple(family.windows))
    if key not in cache:
        start = (float(school.latitude), float(school.longitude)) if school.latitude and school.longitude else None
        places = [
            Place(
                j,
                float(loc.latitude),
                float(loc.longitude),
                effective(list(s.schedules.all()), list(loc.schedules.all())),
            )
            for j, (s, near) in enumerate(zip(services, nearest, strict=True))
            if near is not None and (loc := near[1]).latitude is not None and loc.longitude is not None
        ]
        cache[key] = bus_trips(school.district.region_id, start, family.trip_stop, family.windows, places)
    return cache[key]


def _travel_seconds(candidate: Candidate, family: Family) -> int:
    """Seconds of travel for the allocation's cost: the bus time where known, else the distance at
    the family's fastest way other than the bus (the bus's average speed when it has no other)."""
    if candidate.bus_minutes is not None:
        return candidate.bus_minutes * 60
    speeds = [SPEED_KMH[m] for m in family.modes if m in SPEED_KMH and m != "bus"] or [SPEED_KMH["bus"]]
    return round(candidate.distance_km / max(speeds) * 3600)


def _fairness(needs: Sequence[Need], result: solver.Allocation, in_minutes: bool = False) -> list[dict[str, Any]]:
    """Share placed, mean and 95th-percentile travel (kilometres, or minutes when the run measured
    travel in time), for everyone and each student group."""
    placed = result.program_of >= 0
    rows = []
    for code, _label, member in (ALL, *GROUPS):
        mask = np.array([bool(member(n.student)) for n in needs], dtype=bool)
        applicants = int(mask.sum())
        served = result.distance_m[mask & placed]
        rows.append(
            {
                "group": code,
                "applicants": applicants,
                "placed": int(served.size),
                "share": round(served.size / applicants, 3) if applicants else None,
                **(
                    {
                        "mean_minutes": round(float(served.mean()) / 60, 1) if served.size else None,
                        "p95_minutes": round(float(np.percentile(served, 95)) / 60, 1) if served.size else None,
                    }
                    if in_minutes
                    else {
                        "mean_km": round(float(served.mean()) / 1000, 2) if served.size else None,
                        "p95_km": round(float(np.percentile(served, 95)) / 1000, 2) if served.size else None,
                    }
                ),
            }
        )
    return rows


def rows_for_display(run: AllocationRun) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Placed and not placed rows with their student and service objects."""
    students = {s.pk: s for s in Student.objects.filter(pk__in=[r["student"] for r in run.result])}
    services = {
        s.pk: s
        for s in Service.objects.filter(pk__in=[r["service"] for r in run.result if r["service"]]).select_related(
            "organization"
        )
    }
    placed: list[dict[str, Any]] = []
    unplaced: list[dict[str, Any]] = []
    for row in run.result:
        item = {
            **row,
            "student_obj": students.get(row["student"]),
            "service_obj": services.get(row["service"]),
            "distance_km": row["distance_m"] / 1000,
            "minutes": row.get("minutes"),  # a run that measured travel in time
        }
        (placed if row["service"] else unplaced).append(item)
    return placed, unplaced
