"""Issue #15, roster part: a roster sync loses nothing and changes nothing it was not sure of.

Each roster is written with the OneRoster test writer from the test world's students, then
changed the way district exports go wrong, and synced through `sync_roster_now` (or uploaded by
Dana, the district lead). The database and the stored report are both checked.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from django.urls import reverse

from conftest import World
from village.families.actions import sync_roster_now
from village.families.models import RosterSync, Student
from village.families.tests.oneroster import write_oneroster
from village.lib.imports import ImportReport

Rows = list[list[str]]


def _roster(world: World, tmp_path: Path) -> Path:
    return write_oneroster(
        tmp_path / "roster", Student.objects.filter(district=world.riverbend), schools=[world.lincoln, world.washington]
    )


def _edit(path: Path, change: Callable[[Rows], Rows], encoding: str = "utf-8") -> None:
    rows = change(list(csv.reader(path.open(encoding="utf-8"))))
    with path.open("w", newline="", encoding=encoding) as f:
        csv.writer(f).writerows(rows)


def _sync(world: World, folder: Path, *, apply_valid: bool = True, dry_run: bool = False) -> RosterSync:
    return sync_roster_now(world.dana, world.riverbend, folder, dry_run=dry_run, apply_valid=apply_valid)


def _codes(sync: RosterSync) -> list[tuple[str, int, str, str]]:
    return [(str(r["file"]), int(str(r["row"])), str(r["field"]), str(r["code"])) for r in sync.rejections]


def _account(sync: RosterSync, name: str) -> Any:
    return next(f for f in sync.get_report().files if f.name == name)


def _withdrawn_student(world: World) -> Student:
    """A student Village knows whom the roster no longer lists."""
    return Student.objects.create(
        district=world.riverbend, school=world.lincoln, local_id="RB-3", given_name="Omar", family_name="Said", grade=2
    )


def test_a_rejected_row_leaves_the_student_as_they_were_and_only_the_absent_are_withdrawn(
    world: World, tmp_path: Path
) -> None:
    folder = _roster(world, tmp_path)
    gone = _withdrawn_student(world)  # after the roster was written: not in it
    # Lucas (RB-2) moves to grade 6 in the file, but his users.csv row names a grade Village cannot read.
    _edit(folder / "users.csv", lambda rows: [r if r[0] != "RB-2" else [*r[:10], "6th", *r[11:]] for r in rows])
    # Layla's birth date is not a date: her row is rejected, her existing birth date stays.
    _edit(
        folder / "demographics.csv",
        lambda rows: [r if r[0] != "RB-1" else [*r[:3], "31/12/2015", *r[4:]] for r in rows],
    )
    Student.objects.filter(local_id="RB-1").update(birth_date=date(2015, 12, 31), grade=2)

    sync = _sync(world, folder)

    assert sync.status == "applied"
    assert {c[3] for c in _codes(sync)} == {"bad_grade", "bad_date"}
    lucas, layla = Student.objects.get(local_id="RB-2"), Student.objects.get(local_id="RB-1")
    assert (lucas.status, lucas.grade) == ("enrolled", 5)
    assert (layla.status, layla.grade, layla.birth_date) == ("enrolled", 2, date(2015, 12, 31))  # not even the grade
    gone.refresh_from_db()
    assert gone.status == "withdrawn" and gone.withdrawn_at is not None
    report = sync.get_report()
    assert report.unchanged == ["RB-1", "RB-2"]
    assert sync.counts["students_kept_unchanged"] == 2 and sync.counts["students_withdrawn"] == 1
    # Their other rows are held back, not applied, and said so.
    users = _account(sync, "users.csv")
    assert (users.rejected, users.held) == (1, 1)  # Lucas rejected; Layla's row held with her demographics
    assert _account(sync, "enrollments.csv").held == 2


def test_a_rejected_row_without_a_sourcedid_withdraws_nobody(world: World, tmp_path: Path) -> None:
    folder = _roster(world, tmp_path)
    gone = _withdrawn_student(world)
    _edit(
        folder / "users.csv",
        lambda rows: [*rows, ["", "active", "", "true", "", "Who", "Knows", "", "", "", "03", "", ""]],
    )

    sync = _sync(world, folder)

    assert ("users.csv", 5, "sourcedId", "required") in _codes(sync)
    gone.refresh_from_db()
    assert gone.status == "enrolled"
    assert sync.counts["students_withdrawn"] == 0 and sync.counts["students_not_withdrawn"] == 1
    assert "cannot tell who is missing" in sync.get_report().notes[0].message()


def test_identical_copies_are_read_once_and_each_copy_is_rejected_by_row(world: World, tmp_path: Path) -> None:
    folder = _roster(world, tmp_path)
    _edit(folder / "orgs.csv", lambda rows: [*rows, rows[1]])
    _edit(folder / "demographics.csv", lambda rows: [*rows, rows[1]])

    sync = _sync(world, folder, apply_valid=False)

    assert sync.status == "refused"  # a copy is still a rejected row
    assert _codes(sync) == [
        ("orgs.csv", 4, "sourcedId", "duplicate_copy"),
        ("demographics.csv", 4, "sourcedId", "duplicate_copy"),
    ]
    assert "already on row 2 with the same values" in sync.get_report().rejections[0].message()


def test_disagreeing_duplicates_are_all_rejected_and_nothing_is_chosen(world: World, tmp_path: Path) -> None:
    folder = _roster(world, tmp_path)
    school = f"school-{world.lincoln.pk}"
    # orgs.csv: Lincoln twice, under two names. users.csv: Lucas twice, in two grades.
    _edit(
        folder / "orgs.csv", lambda rows: [*rows, [school, "active", "", "Lincoln Academy", "school", "", "district"]]
    )
    _edit(folder / "users.csv", lambda rows: [*rows, *[[*r[:10], "06", *r[11:]] for r in rows if r[0] == "RB-2"]])
    # demographics.csv: Layla's birth date twice, different.
    _edit(
        folder / "demographics.csv",
        lambda rows: [*rows, *[[*r[:3], "2016-01-01", *r[4:]] for r in rows if r[0] == "RB-1"]],
    )
    Student.objects.filter(local_id__in=["RB-1", "RB-2"]).update(birth_date=date(2015, 5, 5))
    world.lincoln.sis_id = school
    world.lincoln.save()

    sync = _sync(world, folder)

    codes = _codes(sync)
    assert ("orgs.csv", 2, "sourcedId", "duplicate_conflict") in codes and (
        "orgs.csv",
        4,
        "sourcedId",
        "duplicate_conflict",
    ) in codes
    assert [c for c in codes if c[0] == "users.csv" and c[3] == "duplicate_conflict"] == [
        ("users.csv", 3, "sourcedId", "duplicate_conflict"),
        ("users.csv", 5, "sourcedId", "duplicate_conflict"),
    ]
    conflict = next(r for r in sync.get_report().rejections if r.file == "orgs.csv")
    assert conflict.message() == (
        "This sourcedId is on rows 2, 4, which disagree (name). "
        "None of these rows was applied: keep one row per sourcedId."
    )
    assert any(r.code == "duplicate_conflict" and r.file == "demographics.csv" for r in sync.get_report().rejections)
    world.lincoln.refresh_from_db()
    assert world.lincoln.name == "Lincoln Elementary"  # neither name applied
    # Every Lincoln student is held: their school's row was refused. None is withdrawn or changed.
    assert ("users.csv", 2, "primaryOrgSourcedId", "school_rejected") in codes
    assert set(Student.objects.filter(district=world.riverbend).values_list("status", "grade", "birth_date")) == {
        ("enrolled", 3, date(2015, 5, 5)),
        ("enrolled", 5, date(2015, 5, 5)),
    }
    assert sync.get_report().unchanged == ["RB-1", "RB-2"]


def test_disagreeing_primary_roles_are_rejected(world: World, tmp_path: Path) -> None:
    folder = _roster(world, tmp_path)
    other = f"school-{world.washington.pk}"
    # Lucas has two primary roles at two schools; Layla a secondary one Village does not keep.
    _edit(
        folder / "roles.csv",
        lambda rows: [
            [*rows[0], "roleType"],
            *[[*r, "primary"] for r in rows[1:]],
            ["RB-2", "student", other, "primary"],
            ["RB-1", "student", other, "secondary"],
        ],
    )
    Student.objects.filter(local_id="RB-2").update(grade=1)

    sync = _sync(world, folder)

    assert [c for c in _codes(sync) if c[3] == "role_conflict"] == [
        ("roles.csv", 3, "userSourcedId", "role_conflict"),
        ("roles.csv", 5, "userSourcedId", "role_conflict"),
    ]
    assert Student.objects.get(local_id="RB-2").grade == 1  # held
    roles = _account(sync, "roles.csv")
    assert roles.skipped == {"A secondary role (Village keeps each person's primary role)": 1}
    assert Student.objects.get(local_id="RB-1").school == world.lincoln


def test_latin1_and_windows_1252_files_are_read(world: World, tmp_path: Path) -> None:
    folder = _roster(world, tmp_path)
    world.lincoln.sis_id = f"school-{world.lincoln.pk}"
    world.lincoln.save()
    _edit(
        folder / "orgs.csv",
        lambda rows: [r if r[3] != "Lincoln Elementary" else [*r[:3], "Escuela Peña", *r[4:]] for r in rows],
        "latin-1",
    )
    _edit(
        folder / "users.csv",
        lambda rows: [r if r[0] != "RB-2" else [*r[:5], "Zoë", "Müller", *r[7:]] for r in rows],
        "cp1252",
    )
    _edit(folder / "demographics.csv", lambda rows: rows, "latin-1")

    sync = _sync(world, folder, apply_valid=False)

    assert sync.status == "applied", _codes(sync)
    world.lincoln.refresh_from_db()
    assert world.lincoln.name == "Escuela Peña"
    assert Student.objects.filter(local_id="RB-2", given_name="Zoë", family_name="Müller").exists()


def test_a_file_in_no_known_encoding_is_named_never_called_missing(world: World, tmp_path: Path) -> None:
    folder = _roster(world, tmp_path)
    # 0x81 0xE9 is not UTF-8, 0x81 is no character in Windows-1252, and as Latin-1 it is a control
    # character no text holds: no encoding fits.
    for name in ("demographics.csv", "enrollments.csv"):
        (folder / name).write_bytes(b"sourcedId,birthDate\r\nRB-1,2015-01-01\x81\xe9\r\n")

    sync = _sync(world, folder)

    assert sync.status == "failed"
    assert _codes(sync) == [("enrollments.csv", 0, "", "bad_encoding"), ("demographics.csv", 0, "", "bad_encoding")]
    assert "no other text encoding fits it" in sync.get_report().rejections[0].message()
    assert Student.objects.get(local_id="RB-1").grade == 3


def test_an_upload_that_is_not_a_zip_is_not_called_missing(world: World, tmp_path: Path) -> None:
    upload = tmp_path / "roster.zip"
    upload.write_bytes(b"not a zip at all")
    sync = _sync(world, upload)
    assert (sync.status, _codes(sync)) == ("failed", [("roster.zip", 0, "", "unopenable")])


def test_every_row_and_column_is_accounted_for(world: World, tmp_path: Path) -> None:
    folder = _roster(world, tmp_path)
    _edit(
        folder / "orgs.csv", lambda rows: [*rows, ["district", "active", "", "Riverbend Unified", "district", "", ""]]
    )
    _edit(folder / "demographics.csv", lambda rows: [[*rows[0], "sex"], *[[*r, "female"] for r in rows[1:]]])
    (folder / "classes.csv").write_text("sourcedId,title\nc1,Math\n", encoding="utf-8")

    sync = _sync(world, folder)

    assert sync.status == "applied"
    report = sync.get_report()
    for f in report.files:
        if not f.unread:
            assert f.rows == f.valid + f.rejected + f.held + sum(f.skipped.values()), f
    orgs = _account(sync, "orgs.csv")
    assert (orgs.rows, orgs.valid, orgs.skipped) == (3, 2, {"Not a school (Village keeps schools only)": 1})
    assert orgs.unkept == {"status": 3, "dateLastModified": 0, "identifier": 0, "parentSourcedId": 2}
    demographics = _account(sync, "demographics.csv")
    assert demographics.unkept == {"status": 2, "dateLastModified": 0, "sex": 2}
    users = _account(sync, "users.csv")
    # Layla's guardian is written; Lucas has none.
    assert (users.rows, users.valid) == (3, 3)
    assert users.unkept["username"] == 0 and users.unkept["enabledUser"] == 3
    assert _account(sync, "classes.csv").unread
    assert ImportReport.from_json(sync.report).files == report.files  # stored and read back alike


def test_the_lead_sees_each_file_accounted_for_in_her_language(
    login: Any, world: World, tmp_path: Path, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "m")},
        },
    }
    folder = _roster(world, tmp_path)
    _edit(folder / "demographics.csv", lambda rows: [[*rows[0], "sex"], *[[*r, "female"] for r in rows[1:]]])
    _edit(folder / "users.csv", lambda rows: [r if r[0] != "RB-2" else [*r[:10], "6th", *r[11:]] for r in rows])
    archive = Path(shutil.make_archive(str(tmp_path / "roster"), "zip", folder))
    world.dana.preferred_language = "es"
    world.dana.save()
    client = login("dana")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("families:roster", kwargs={"slug": "riverbend"}),
            {"file": SimpleUploadedFile("roster.zip", archive.read_bytes()), "apply_valid": "on"},
        )
    sync = RosterSync.objects.get()
    assert sync.status == "applied"
    page = client.get(response["Location"]).content.decode()
    assert "Qué pasó con cada archivo" in page
    assert "Filas aplicadas" in page and "<bdi>sex</bdi>: 2" in page
    assert "Estudiantes que se dejaron sin cambios" in page and "<bdi>Lucas Pereira</bdi> (<bdi>RB-2</bdi>)" in page
    assert "<bdi>6th</bdi>" in page  # the rejected value is shown
    assert Student.objects.get(local_id="RB-2").status == "enrolled"
