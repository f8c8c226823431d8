"""Roster sync at district scale: `python -m bench.roster [STUDENTS]`.

Builds a district with a fixed seed, writes it as OneRoster 1.2 CSV, and times a first sync
(creating every student, household and guardian), a re-sync with changes, and a baseline:
a plain bulk_create of the same students. Prints `name: value` lines.
"""

from __future__ import annotations

import copy
import os
import random
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("VILLAGE_ENV", "test")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "village.settings")


def main() -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(n)
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


def run(n: int) -> None:
    from village.families.actions import sync_roster_now
    from village.families.models import Household, Student
    from village.families.tests.oneroster import write_oneroster
    from village.orgs.models import District, Region, School

    rng = random.Random(2026)
    region = Region.objects.create(name="Bench", slug="bench")
    district = District.objects.create(region=region, name="Bench District", slug="bench")
    schools = [
        School.objects.create(district=district, name=f"School {i}", lowest_grade=0, highest_grade=12)
        for i in range(80)
    ]
    students = []
    for i in range(n):
        s = Student(
            district=district,
            school=rng.choice(schools),
            local_id=f"S{i:06d}",
            given_name=rng.choice(["Ana", "Omar", "Mai", "Luis", "Amina", "Sam"]),
            family_name=rng.choice(["Lopez", "Nguyen", "Hassan", "Smith", "Kim"]),
            grade=rng.randint(0, 12),
            english_learner=rng.random() < 0.2,
            has_iep=rng.random() < 0.14,
        )
        s.pk = i + 1
        s.school_id = s.school.pk
        s.household_id = i // 2 + 1
        students.append(s)
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_oneroster(Path(tmp) / "roster", students, schools=schools)

        started = time.perf_counter()
        first = sync_roster_now(None, district, folder, dry_run=False, apply_valid=False)
        first_seconds = time.perf_counter() - started
        assert first.status == "applied", first.rejections[:3]

        # Re-sync with changes: drop 1% (withdrawn), move 5% up a grade.
        changed = []
        for i, s in enumerate(students):
            if i % 100 == 7:
                continue
            if i % 20 == 3:
                s = copy.copy(s)
                s.grade = s.grade % 12 + 1
            changed.append(s)
        folder = write_oneroster(Path(tmp) / "roster-2", changed, schools=schools)
        started = time.perf_counter()
        second = sync_roster_now(None, district, folder, dry_run=False, apply_valid=False)
        assert second.status == "applied", second.rejections[:3]
        resync_seconds = time.perf_counter() - started

        Student.objects.filter(district=district).delete()
        Household.objects.filter(district=district).delete()
        started = time.perf_counter()
        Student.objects.bulk_create(
            [
                Student(
                    district=district,
                    school_id=s.school_id,
                    local_id=s.local_id,
                    given_name=s.given_name,
                    family_name=s.family_name,
                    grade=s.grade,
                )
                for s in students
            ],
            batch_size=2000,
        )
        baseline_seconds = time.perf_counter() - started

    print(f"students: {n}")
    print(f"first_sync_seconds: {first_seconds:.2f}")
    print(f"first_sync_created: {first.counts.get('students_created', 0)}")
    print(f"resync_seconds: {resync_seconds:.2f}")
    print(f"resync_withdrawn: {second.counts.get('students_withdrawn', 0)}")
    print(f"resync_updated: {second.counts.get('students_updated', 0)}")
    print(f"baseline_bulk_create_seconds: {baseline_seconds:.2f}")
    print(f"ratio_first_sync_vs_baseline: {first_seconds / baseline_seconds:.1f}")


if __name__ == "__main__":
    main()
