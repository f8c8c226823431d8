"""Indicator cube at district scale: `python -m bench.indicators [--quick] [--rows N]`.

Seeds student-period rows (a fixed seed; 10M by default, 100k with --quick) for one imported
indicator and times, on SQLite and on PostgreSQL (each in its own process and test database):

- cube_seconds: `village.indicators.actions.rebuild_cube`, the code a student-grain import runs: one
  GROUP BY over every period and school with a filtered sum per student group, written as
  `Value` rows;
- numpy_floor_seconds: the same sums in memory with numpy (bincount), the floor for this work;
- rollup_ms: `figures.boards` for the district (all schools, four periods, every group),
  through the suppression function, as the dashboard does;
- dashboard_p95_ms: the district dashboard page through Django's test client (30 requests).

Counts are checked against the numpy floor (they must match exactly). The parent prints each
backend's lines prefixed with its name and the ratio PostgreSQL cube / numpy floor. PostgreSQL is
reached at $VILLAGE_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres);
it is skipped with a note when unreachable.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from typing import Any

os.environ.setdefault("VILLAGE_ENV", "test")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "village.settings")

PERIODS = 40
SCHOOLS = 100
FLAGS = ("has_iep", "english_learner", "economically_disadvantaged", "homeless")
SHARES = (0.14, 0.2, 0.45, 0.03)


def child(rows: int) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    # Tables straight from the models: the same schema as the migrations, made in a fraction of the time.
    connection.settings_dict.setdefault("TEST", {})["MIGRATE"] = False
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(rows)
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


def _seed(rows: int) -> dict[str, Any]:
    import numpy as np
    from django.db import connection

    from village.accounts.models import Membership, Role, User
    from village.families.models import Student
    from village.indicators.actions import ensure_starter
    from village.indicators.models import Indicator, Period
    from village.orgs.models import District, Region, School

    rng = np.random.default_rng(2026)
    region = Region.objects.create(name="Bench", slug="bench")
    district = District.objects.create(region=region, name="Bench District", slug="bench")
    schools = School.objects.bulk_create(
        [School(district=district, name=f"School {i:03d}", lowest_grade=0, highest_grade=12) for i in range(SCHOOLS)]
    )
    students = max(1, rows // PERIODS)
    school_of = rng.integers(0, SCHOOLS, students)
    flags = {f: rng.random(students) < p for f, p in zip(FLAGS, SHARES, strict=True)}
    Student.objects.bulk_create(
        (
            Student(
                district=district,
                school_id=schools[int(school_of[i])].pk,
                local_id=f"S{i:07d}",
                given_name="S",
                family_name=str(i),
                grade=int(i % 13),
                **{f: bool(flags[f][i]) for f in FLAGS},
            )
            for i in range(students)
        ),
        batch_size=5000,
    )
    student_ids = np.array(
        list(Student.objects.filter(district=district).order_by("local_id").values_list("pk", flat=True))
    )
    periods = Period.objects.bulk_create(
        [
            Period(
                district=district,
                label=f"P{k:02d}",
                starts=__import__("datetime").date(2000 + k // 4, 3 * (k % 4) + 1, 1),
                ends=__import__("datetime").date(2000 + k // 4, 3 * (k % 4) + 1, 28),
            )
            for k in range(PERIODS)
        ]
    )
    ensure_starter(district)
    indicator = Indicator.objects.get(district=district, code="attendance")
    # One row per student and period: days attended of 60.
    attendance = rng.uniform(0.8, 1.0, students)
    numerators = rng.binomial(60, np.tile(attendance, PERIODS)).astype(np.int64)
    period_idx = np.repeat(np.arange(PERIODS), students)
    student_idx = np.tile(np.arange(students), PERIODS)
    n = len(numerators)
    school_pks = np.array([s.pk for s in schools])
    period_pks = np.array([p.pk for p in periods])
    table = "indicators_studentvalue"
    columns = "(district_id, indicator_id, period_id, school_id, student_id, numerator, denominator)"
    started = time.perf_counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f"COPY {table} {columns} FROM STDIN") as copy:
                for i in range(n):
                    s = student_idx[i]
                    copy.write_row(
                        (
                            district.pk,
                            indicator.pk,
                            int(period_pks[period_idx[i]]),
                            int(school_pks[school_of[s]]),
                            int(student_ids[s]),
                            int(numerators[i]),
                            60,
                        )
                    )
    else:
        with connection.cursor() as cursor:
            step = 200_000
            for lo in range(0, n, step):
                hi = min(n, lo + step)
                batch = [
                    (
                        district.pk,
                        indicator.pk,
                        int(period_pks[period_idx[i]]),
                        int(school_pks[school_of[student_idx[i]]]),
                        int(student_ids[student_idx[i]]),
                        int(numerators[i]),
                        60,
                    )
                    for i in range(lo, hi)
                ]
                cursor.executemany(f"INSERT INTO {table} {columns} VALUES (%s, %s, %s, %s, %s, %s, %s)", batch)
    seed_seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {table}")
    lead = User.objects.create(email="lead@bench.test", name="Lead")
    Membership.objects.create(user=lead, role=Role.DISTRICT_LEAD, district=district)
    return {
        "district": district,
        "indicator": indicator,
        "periods": periods,
        "schools": schools,
        "lead": lead,
        "arrays": (period_idx, school_of[student_idx], numerators, {f: flags[f][student_idx] for f in FLAGS}),
        "school_pks": school_pks,
        "period_pks": period_pks,
        "rows": n,
        "students": students,
        "seed_seconds": seed_seconds,
    }


def _numpy_floor(data: dict[str, Any]) -> tuple[float, dict[tuple[int, int, str], tuple[int, int, int]]]:
    import numpy as np

    period_idx, school_idx, numerators, flags = data["arrays"]
    groups = {
        "all": np.ones(len(numerators), dtype=bool),
        "iep_504": flags["has_iep"],
        "english_learner": flags["english_learner"],
        "economically_disadvantaged": flags["economically_disadvantaged"],
        "homeless_or_foster": flags["homeless"],
    }
    started = time.perf_counter()
    key = period_idx * SCHOOLS + school_idx
    size = PERIODS * SCHOOLS
    sums = {}
    for code, mask in groups.items():
        k = key[mask]
        sums[code] = (
            np.bincount(k, weights=numerators[mask], minlength=size),
            np.bincount(k, minlength=size) * 60,
            np.bincount(k, minlength=size),
        )
    seconds = time.perf_counter() - started
    out = {}
    for code, (num, den, count) in sums.items():
        for cell in np.nonzero(count)[0]:
            p, s = divmod(int(cell), SCHOOLS)
            out[(int(data["period_pks"][p]), int(data["school_pks"][s]), code)] = (
                int(num[cell]),
                int(den[cell]),
                int(count[cell]),
            )
    return seconds, out


def run(rows: int) -> None:
    from django.db import connection
    from django.test import Client, override_settings

    from village.indicators import actions, cube, figures
    from village.indicators.models import Value

    data = _seed(rows)
    print(f"backend: {connection.vendor}")
    print(f"student_period_rows: {data['rows']}")
    print(f"students: {data['students']}")
    print(f"seed_seconds: {data['seed_seconds']:.1f}")

    floor_seconds, expected = _numpy_floor(data)
    started = time.perf_counter()
    cube.sums(data["indicator"])
    print(f"cube_query_seconds: {time.perf_counter() - started:.3f}")
    started = time.perf_counter()
    cells = actions.rebuild_cube(data["indicator"])
    cube_seconds = time.perf_counter() - started
    got = {
        (v.period_id, v.school_id, v.group): (v.numerator, v.denominator, v.students)
        for v in Value.objects.filter(indicator=data["indicator"])
    }
    print(f"cube_cells: {cells}")
    print(f"cube_seconds: {cube_seconds:.3f}")
    print(f"numpy_floor_seconds: {floor_seconds:.4f}")
    print(f"ratio_cube_vs_numpy: {cube_seconds / floor_seconds:.1f}")
    print(f"counts_match_floor: {got == expected}")
    if got != expected:
        raise SystemExit("The cube does not match the numpy floor.")

    latest = data["periods"][-4:]
    timings = []
    for _ in range(20):
        started = time.perf_counter()
        figures.boards([data["indicator"]], latest, data["schools"])
        timings.append((time.perf_counter() - started) * 1000)
    print(f"rollup_and_suppression_ms_median: {statistics.median(timings):.1f}")

    client = Client()
    client.force_login(data["lead"])
    url = f"/districts/{data['district'].slug}/dashboard/"
    pages = []
    with override_settings(VILLAGE_MFA_REQUIRED=False):
        client.get(url)
        for _ in range(30):
            started = time.perf_counter()
            response = client.get(url)
            pages.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
    pages.sort()
    print(f"dashboard_p50_ms: {pages[len(pages) // 2]:.1f}")
    print(f"dashboard_p95_ms: {pages[int(len(pages) * 0.95) - 1]:.1f}")


def _postgres_reachable(url: str) -> bool:
    try:
        import psycopg

        psycopg.connect(url, connect_timeout=3).close()
        return True
    except Exception:
        return False


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="100k rows (about 30 s)")
    parser.add_argument("--rows", type=int, default=None)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    rows = args.rows or (100_000 if args.quick else 10_000_000)
    if args.child:
        child(rows)
        return
    postgres = os.environ.get("VILLAGE_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    figures: dict[str, dict[str, str]] = {}
    backends = [("sqlite", "")]
    if _postgres_reachable(postgres):
        backends.insert(0, ("postgresql", postgres))
    else:
        print(f"postgresql: skipped, {postgres} is not reachable")
    for name, url in backends:
        env = {**os.environ, "VILLAGE_TEST_DATABASE_URL": url}
        done = subprocess.run(
            [sys.executable, "-m", "bench.indicators", "--child", "--rows", str(rows)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            print(done.stdout, done.stderr, file=sys.stderr)
            raise SystemExit(f"{name} run failed")
        figures[name] = dict(line.split(": ", 1) for line in done.stdout.splitlines() if ": " in line)
        for key, value in figures[name].items():
            print(f"{name}_{key}: {value}")
    if "postgresql" in figures:
        pg = figures["postgresql"]
        print(f"ratio_postgresql_cube_vs_numpy: {float(pg['cube_seconds']) / float(pg['numpy_floor_seconds']):.1f}")
    if "postgresql" in figures and "sqlite" in figures:
        ratio = float(figures["sqlite"]["cube_seconds"]) / float(figures["postgresql"]["cube_seconds"])
        print(f"ratio_sqlite_vs_postgresql_cube: {ratio:.2f}")


if __name__ == "__main__":
    main()
