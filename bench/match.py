"""Matching one need against a large directory: `python -m bench.match [SERVICES]` (default 100,000).

Builds the directory with the HSDS import path (the package of `bench.directory_import`),
adds schools, students and needs, then times `referrals.matching.match` (the code the
"services that fit" page runs) for 1,000 needs, and a baseline in the same run: the same
checks over every service of the need's category without the search index. Prints
`name: value` lines (p50/p95/p99 in milliseconds and the ratio baseline/index).
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time

os.environ.setdefault("VILLAGE_ENV", "test")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "village.settings")

QUERIES = 1000


def main() -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(n)
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


def _percentiles(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return statistics.median(ordered), pick(0.95), pick(0.99)


def run(n: int) -> None:
    from bench.directory_import import package
    from village.directory.actions.imports import apply_tables
    from village.directory.hsds.formats import read_package
    from village.families.models import Household, Need, Student
    from village.matching.ranking import Candidate, Family
    from village.orgs.models import District, Region, School
    from village.referrals import matching

    rng = random.Random(7)
    region = Region.objects.create(name="Bench", slug="bench")
    district = District.objects.create(region=region, name="Bench District", slug="bench-district")
    started = time.perf_counter()
    outcome = apply_tables(
        read_package(package(n), "bench.zip"),
        region=region,
        source="bench",
        actor=None,
        dry_run=False,
        apply_valid=False,
    )
    build_seconds = time.perf_counter() - started
    assert outcome.applied
    schools = [
        School.objects.create(
            district=district,
            name=f"School {i}",
            latitude=41.6 + rng.random() * 0.6,
            longitude=-88.0 + rng.random() * 0.6,
            lowest_grade=0,
            highest_grade=12,
        )
        for i in range(40)
    ]
    needs = []
    for i in range(QUERIES):
        household = Household.objects.create(
            district=district, name=f"H{i}", home_language=rng.choice(["en", "es", "ar"])
        )
        school = rng.choice(schools)
        student = Student.objects.create(
            district=district,
            school=school,
            household=household,
            local_id=f"S{i}",
            given_name="A",
            family_name="B",
            grade=rng.randint(0, 12),
        )
        needs.append(
            Need.objects.create(
                district=district,
                school=school,
                student=student,
                source="family",
                category=rng.choice(["tutoring", "food", "health", "housing", "legal", "arts", "sports", "mentoring"]),
            )
        )
    families = {need.pk: Family.of(need.student) for need in needs}

    indexed: list[float] = []
    fits = 0
    for need in needs:
        t = time.perf_counter()
        result = matching.match(need, family=families[need.pk])
        indexed.append((time.perf_counter() - t) * 1000)
        fits += bool(result.fits)

    # Baseline: every service of the category, the same checks, no index (first 100 needs).
    from village.directory.models import Service

    brute: list[float] = []
    for need in needs[:100]:
        t = time.perf_counter()
        family = families[need.pk]
        services = Service.objects.filter(categories__code=need.category, status="active").prefetch_related(
            "languages", "schedules", "service_at_locations__location"
        )
        best = []
        for service in services:
            for sal in service.service_at_locations.all():
                loc = sal.location
                km = (
                    (loc.latitude - float(need.school.latitude)) ** 2
                    + (loc.longitude - float(need.school.longitude)) ** 2
                ) ** 0.5 * 111
                c = Candidate(service, loc, km)
                if not any(check(c, need.student, family, "any") for check in matching.CHECKS):
                    best.append(c)
        best.sort(key=lambda c: (c.distance_km, c.service.pk))
        brute.append((time.perf_counter() - t) * 1000)

    p50, p95, p99 = _percentiles(indexed)
    b50, b95, _b99 = _percentiles(brute)
    from django.db import connection

    print(f"database: {connection.vendor}")
    print(f"services: {n}")
    print(f"directory_build_seconds: {build_seconds:.1f}")
    print(f"queries: {len(indexed)}")
    print(f"needs_with_a_fit: {fits}")
    print(f"match_ms_p50: {p50:.1f}")
    print(f"match_ms_p95: {p95:.1f}")
    print(f"match_ms_p99: {p99:.1f}")
    print(f"baseline_no_index_ms_p50: {b50:.1f}")
    print(f"baseline_no_index_ms_p95: {b95:.1f}")
    print(f"ratio_baseline_vs_index_p95: {b95 / p95:.1f}")


if __name__ == "__main__":
    main()
