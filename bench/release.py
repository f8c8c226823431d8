"""Publishing a protected release: `python -m bench.release [--quick] [--schools N]`.

Times `village.indicators.release.build` (printing each cell, then the HiGHS audit that hides
complementary cells) for one period:

- on the demo (`demo --students 300`, Riverbend's four periods; skipped with --quick);
- on a generated district of N schools (50 by default, 10 with --quick), every starter indicator
  with every student group, school sizes from 30 to 400 students and groups from a handful to
  half the school, and partnerships over random sets of two to five schools.

Prints, per district: cells published, small counts audited, LP/MILP solves, cells hidden as
`**`, and seconds. Runs in a test database of its own (SQLite unless VILLAGE_TEST_DATABASE_URL).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import time
from io import StringIO

os.environ.setdefault("VILLAGE_ENV", "test")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "village.settings")

# Of a group's students, the share in each indicator's denominator and how many units each adds.
POPULATION = {
    "referral-completion": (0.12, 1),
    "time-to-service": (0.1, 1),
    "needs-met": (0.2, 1),
    "specialist-access": (0.1, 1),
    "attendance": (1.0, 60),
    "iep-services": (0.15, 600),
}
GROUP_SHARES = {
    "iep_504": 0.14,
    "english_learner": 0.2,
    "economically_disadvantaged": 0.45,
    "homeless_or_foster": 0.03,
}


def _report(name: str, releases: list[object], seconds: list[float], cpu: list[float] | None = None) -> None:
    from village.indicators.cells import Release

    for k, (found, took) in enumerate(zip(releases, seconds, strict=True)):
        assert isinstance(found, Release)
        print(
            f"{name}_period_{k}: cells {len(found.cells)}, small counts audited {found.audited_targets}, "
            f"solves {found.solves}, hidden as ** {found.hidden_complementary}, {took:.2f} s"
            + (f" ({cpu[k]:.2f} s of CPU)" if cpu else "")
        )
    print(f"{name}_seconds_total: {sum(seconds):.2f}")
    print(f"{name}_seconds_max_period: {max(seconds):.2f}")


def demo() -> None:
    from django.core.management import call_command
    from django.test import override_settings

    from village.indicators import release
    from village.indicators.models import Period
    from village.orgs.models import District

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        call_command("demo", "--no-progress", "--students", "300", stdout=StringIO())
    district = District.objects.get(slug="riverbend")
    built, seconds = [], []
    for period in Period.objects.filter(district=district).order_by("starts"):
        started = time.perf_counter()
        built.append(release.build(district.pk, period))
        seconds.append(time.perf_counter() - started)
    _report("demo", built, seconds)


def generated(schools: int) -> None:
    import numpy as np

    from village.indicators import release
    from village.indicators.actions import ensure_starter
    from village.indicators.models import ALL_STUDENTS, Indicator, Period, Value
    from village.orgs.models import District, Region, School
    from village.partnerships.models import Partnership

    rng = np.random.default_rng(2026)
    region = Region.objects.create(name="Bench", slug="bench")
    district = District.objects.create(region=region, name="Bench District", slug="bench")
    made = School.objects.bulk_create(
        [School(district=district, name=f"School {i:03d}", lowest_grade=0, highest_grade=12) for i in range(schools)]
    )
    period = Period.objects.create(
        district=district, label="Q1", starts=dt.date(2026, 9, 1), ends=dt.date(2026, 11, 30)
    )
    ensure_starter(district)
    values = []
    for school in made:
        size = int(rng.integers(30, 401))
        groups = {ALL_STUDENTS: size}
        for code, share in GROUP_SHARES.items():
            groups[code] = int(
                min(size, max(0, rng.binomial(size, share) + (rng.integers(1, 10) if share < 0.05 else 0)))
            )
        for indicator in Indicator.objects.filter(district=district, active=True):
            fraction, units = POPULATION.get(indicator.code, (1.0, 1))
            everyone: tuple[int, int, int] | None = None  # all students' (n, d, s): groups fit inside
            for code in (ALL_STUDENTS, *indicator.groups):
                students = int(rng.binomial(groups[code], fraction)) if fraction < 1 else groups[code]
                if everyone is not None:
                    students = min(students, everyone[2])
                if students == 0:
                    continue
                denominator = students * units
                if indicator.unit == "days":
                    numerator = int(rng.integers(0, 30 * students + 1))
                elif indicator.unit == "per_100":
                    numerator = int(rng.integers(0, 5))
                else:
                    numerator = int(rng.binomial(denominator, rng.uniform(0.5, 0.98)))
                if everyone is None:
                    everyone = (numerator, denominator, students)
                else:
                    # as computed figures are: a group did no more than all students, and did not
                    # no more than all students did not
                    least = max(0, denominator - (everyone[1] - everyone[0])) if indicator.unit == "percent" else 0
                    numerator = max(least, min(numerator, everyone[0]))
                values.append(
                    Value(
                        district=district,
                        indicator=indicator,
                        period=period,
                        school=school,
                        group=code,
                        numerator=numerator,
                        denominator=denominator,
                        students=students,
                    )
                )
    Value.objects.bulk_create(values)
    for k in range(max(1, schools // 5)):
        partnership = Partnership.objects.create(
            district=district, name=f"Partnership {k}", partner_type="health", shared_goals="Bench", status="active"
        )
        chosen = rng.choice(len(made), size=int(rng.integers(2, 6)), replace=False)
        partnership.schools.set([made[int(i)] for i in chosen])
    started, cpu = time.perf_counter(), time.process_time()
    built = release.build(district.pk, period)
    # CPU time beside wall time: on a shared machine the wall time measures the neighbours too.
    _report(f"schools_{schools}", [built], [time.perf_counter() - started], [time.process_time() - cpu])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="10 schools, no demo")
    parser.add_argument("--schools", type=int, default=None)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    # Tables straight from the models: the same schema as the migrations, made in a fraction of the time.
    connection.settings_dict.setdefault("TEST", {})["MIGRATE"] = False
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        if not args.quick:
            demo()
        generated(args.schools or (10 if args.quick else 50))
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


if __name__ == "__main__":
    main()
