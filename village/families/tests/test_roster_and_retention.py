from __future__ import annotations

import csv
import shutil
from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import World
from village.families.models import EducatorAssignment, Guardian, RosterSync, Student
from village.families.tests.oneroster import write_oneroster


def _fixture(world: World, tmp_path: Path, **kwargs: Any) -> Path:
    return write_oneroster(
        tmp_path / "roster",
        Student.objects.filter(district=world.riverbend),
        schools=[world.lincoln, world.washington],
        **kwargs,
    )


def _rewrite(path: Path, transform: Any) -> None:
    rows = list(csv.reader(path.open(encoding="utf-8")))
    rows = transform(rows)
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)


def _sync(world: World, folder: Path, **options: Any) -> str:
    out = StringIO()
    call_command("roster_sync", str(folder), district="riverbend", stdout=out, **options)
    return out.getvalue()


def test_a_resync_updates_withdraws_and_never_duplicates(world: World, tmp_path: Path) -> None:
    folder = _fixture(world, tmp_path, teacher_email=world.sam.email)
    users = folder / "users.csv"
    # A new student, and Layla's grade moves on.
    _rewrite(
        users,
        lambda rows: [
            *[r if r[0] != "RB-1" else [*r[:10], "04", *r[11:]] for r in rows],
            ["RB-9", "active", "", "true", "", "Noor", "Ali", "", "", "", "KG", f"school-{world.lincoln.pk}", ""],
        ],
    )
    _rewrite(folder / "roles.csv", lambda rows: [*rows, ["RB-9", "student", f"school-{world.lincoln.pk}"]])
    output = _sync(world, folder)
    assert "status: applied" in output
    world.layla.refresh_from_db()
    assert world.layla.grade == 4 and world.layla.english_learner
    assert Student.objects.get(local_id="RB-9").grade == 0
    assert EducatorAssignment.objects.filter(educator=world.sam, student=world.layla, from_roster=True).exists()
    assert Guardian.objects.filter(household=world.household).exists()
    # Re-sync without Lucas: he is withdrawn, nobody is duplicated.
    _rewrite(users, lambda rows: [r for r in rows if r[0] != "RB-2"])
    _rewrite(folder / "roles.csv", lambda rows: [r for r in rows if r[0] != "RB-2"])
    _rewrite(folder / "enrollments.csv", lambda rows: [r for r in rows if r[5] != "RB-2"])
    _rewrite(folder / "demographics.csv", lambda rows: [r for r in rows if r[0] != "RB-2"])
    assert "status: applied" in _sync(world, folder)
    lucas = Student.objects.get(local_id="RB-2")
    assert lucas.status == "withdrawn" and lucas.withdrawn_at is not None
    assert lucas.history.count() >= 2
    assert Student.objects.filter(district=world.riverbend).count() == 3


def test_schools_are_matched_by_their_sis_id_so_a_renamed_school_is_not_duplicated(
    world: World, tmp_path: Path
) -> None:
    from village.orgs.models import School

    folder = _fixture(world, tmp_path)
    assert "status: applied" in _sync(world, folder)
    world.lincoln.refresh_from_db()
    assert world.lincoln.sis_id == f"school-{world.lincoln.pk}"  # adopted by name the first time
    # The SIS renames Lincoln; the next sync renames it in Village and keeps its students.
    _rewrite(
        folder / "orgs.csv",
        lambda rows: [
            r if r[0] != world.lincoln.sis_id else [r[0], r[1], r[2], "Lincoln Community School", *r[4:]] for r in rows
        ],
    )
    assert "status: applied" in _sync(world, folder)
    world.lincoln.refresh_from_db()
    assert world.lincoln.name == "Lincoln Community School"
    assert School.objects.filter(district=world.riverbend).count() == 2
    assert RosterSync.objects.latest("pk").counts["schools_updated"] == 1
    assert Student.objects.get(local_id="RB-1").school == world.lincoln


@pytest.mark.parametrize(
    ("file", "transform", "code"),
    [
        ("users.csv", lambda rows: [[c for i, c in enumerate(r) if i != 5] for r in rows], "missing_column"),
        ("users.csv", lambda rows: [*rows, rows[1]], "duplicate_copy"),
        (
            "roles.csv",
            lambda rows: [r if r[0] != "RB-1" else [r[0], r[1], "school-404"] for r in rows],
            "unknown_school",
        ),
        (
            "enrollments.csv",
            lambda rows: [*rows, ["enr-x", "active", "", "c", rows[1][4], "ghost", "student", "true", "", ""]],
            "unknown_user",
        ),
        (
            "demographics.csv",
            lambda rows: [r if r[0] != "RB-1" else [r[0], r[1], r[2], "31/12/2015", *r[4:]] for r in rows],
            "bad_date",
        ),
        (
            "users.csv",
            lambda rows: [r if not r[0].startswith("guardian") else [*r[:-1], "klingon"] for r in rows],
            "unknown_language",
        ),
    ],
)
def test_bad_rows_are_reported_and_nothing_is_applied(
    world: World, tmp_path: Path, file: str, transform: Any, code: str
) -> None:
    folder = _fixture(world, tmp_path)
    _rewrite(folder / file, transform)
    Student.objects.filter(local_id="RB-1").update(grade=1)
    output = _sync(world, folder)
    sync = RosterSync.objects.get()
    assert sync.status == "refused"
    assert code in {r["code"] for r in sync.rejections}
    reported = "users.csv" if file == "roles.csv" else file  # a student's school is checked on their users.csv row
    assert f"{reported}:" in output
    assert Student.objects.get(local_id="RB-1").grade == 1  # nothing applied


def test_apply_valid_rows_applies_the_rest(world: World, tmp_path: Path) -> None:
    folder = _fixture(world, tmp_path)
    _rewrite(
        folder / "demographics.csv",
        lambda rows: [r if r[0] != "RB-2" else [r[0], r[1], r[2], "not-a-date", *r[4:]] for r in rows],
    )
    Student.objects.filter(local_id="RB-1").update(grade=1)
    assert "status: applied" in _sync(world, folder, apply_valid=True)
    assert Student.objects.get(local_id="RB-1").grade == 3


def test_reading_a_roster_writes_nothing_and_plans_every_row(world: World, tmp_path: Path) -> None:
    from village.families.roster import parse

    folder = _fixture(world, tmp_path, teacher_email=world.sam.email)
    students = Student.objects.count()
    with CaptureQueriesContext(connection) as queries:
        plan = parse(folder)
    assert not queries.captured_queries
    assert not plan.rejections and Student.objects.count() == students
    in_district = Student.objects.filter(district=world.riverbend).values_list("local_id", flat=True)
    assert set(plan.students) == set(in_district)
    assert plan.students["RB-1"].household_key == f"guardian-{world.layla.household_id}"


def test_a_roster_file_in_another_encoding_is_read(world: World, tmp_path: Path) -> None:
    folder = _fixture(world, tmp_path)
    users = folder / "users.csv"
    # A spreadsheet saved in Windows-1252: an accented name must arrive intact.
    text = users.read_text(encoding="utf-8").replace("Layla", "Léa")
    users.write_bytes(text.encode("cp1252"))
    assert "status: applied" in _sync(world, folder)
    assert Student.objects.get(local_id="RB-1").given_name == "Léa"


def test_a_roster_file_that_is_not_text_fails_and_says_why(world: World, tmp_path: Path) -> None:
    folder = _fixture(world, tmp_path)
    (folder / "users.csv").write_bytes(b"\x00\x01binary")
    output = _sync(world, folder)
    assert "status: failed" in output
    assert "users.csv is not a text file" in output
    assert RosterSync.objects.get().rejections[0]["code"] == "binary"


def test_a_dry_run_changes_nothing(world: World, tmp_path: Path) -> None:
    folder = _fixture(world, tmp_path)
    Student.objects.filter(local_id="RB-1").update(grade=1)
    assert "status: checked" in _sync(world, folder, dry_run=True)
    assert Student.objects.get(local_id="RB-1").grade == 1


def test_immigration_related_descriptors_are_never_stored(world: World, tmp_path: Path) -> None:
    folder = _fixture(world, tmp_path)
    _rewrite(
        folder / "programs.csv",
        lambda rows: [*rows, ["RB-1", "uri://ed-fi.org/StudentCharacteristicDescriptor#Refugee"]],
    )
    _sync(world, folder, apply_valid=True)
    assert [r["code"] for r in RosterSync.objects.get().rejections] == ["never_stored"]


def test_a_lead_uploads_a_zip_and_sees_the_rejections_in_spanish(
    login: Any, world: World, tmp_path: Path, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    folder = _fixture(world, tmp_path)
    _rewrite(folder / "users.csv", lambda rows: [*rows, rows[1]])
    archive = shutil.make_archive(str(tmp_path / "roster"), "zip", folder)
    world.dana.preferred_language = "es"
    world.dana.save()
    client = login("dana")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("families:roster", kwargs={"slug": "riverbend"}),
            {"file": SimpleUploadedFile("roster.zip", Path(archive).read_bytes(), content_type="application/zip")},
        )
    sync = RosterSync.objects.get()
    assert response["Location"] == reverse("families:roster_sync", kwargs={"pk": sync.pk})
    assert sync.status == "refused"
    page = client.get(response["Location"])
    assert page.context["rejections"][0]["file"] == "users.csv"
    assert 'lang="es"' in page.content.decode()
    polled = client.get(response["Location"], headers={"hx-request": "true"}).content.decode()
    assert polled.strip().startswith('<section id="import-progress"') and "No aplicado" in polled


def test_anonymize_departed_keeps_counts_and_drops_names(world: World) -> None:
    from village.families.models import Need

    long_ago = timezone.now() - timedelta(days=365 * 6)
    Student.objects.filter(local_id="RB-2").update(status="withdrawn", withdrawn_at=long_ago)
    Need.objects.create(
        district=world.riverbend,
        school=world.lincoln,
        student=Student.objects.get(local_id="RB-2"),
        category="food",
        source="survey",
        description="Lives at 12 Elm St",
    )
    out = StringIO()
    call_command("anonymize_departed", years=5, stdout=out)
    assert "anonymized: 1" in out.getvalue()
    gone = Student.objects.get(local_id__startswith="anon-")
    assert gone.given_name == "—" and gone.user is None and gone.anonymized_at is not None
    assert not Student.history.filter(given_name="Lucas").exists()
    assert Student.objects.filter(district=world.riverbend).count() == 2  # counts stay
    assert Need.objects.get().description == ""
    world.layla.refresh_from_db()
    assert world.layla.given_name == "Layla"  # enrolled students untouched
    call_command("anonymize_departed", years=5, stdout=out)
    assert Student.objects.filter(anonymized_at__isnull=False).count() == 1
