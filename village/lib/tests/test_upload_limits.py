"""Uploads are bounded (issue #15, item 8): a small zip that unpacks to hundreds of megabytes, a zip
of thousands of files, an Excel workbook that is such a zip and a file over the size limit are each
refused with a message naming the limit, before anything is unpacked, and nothing is written."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import World
from village.lib.archives import ArchiveLimits, open_zip
from village.lib.imports import UnreadableFile, read_xlsx

MB = 1024 * 1024


def bomb(members: dict[str, int]) -> bytes:
    """A zip whose members are zeros of the given sizes (300 MB compresses to about 300 KB)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, size in members.items():
            with archive.open(name, "w", force_zip64=size > 1024 * MB) as member:
                for _ in range(size // MB):
                    member.write(bytes(MB))
    return buffer.getvalue()


def many_files(count: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(count):
            archive.writestr(f"f{number}.csv", "id\n1\n")
    return buffer.getvalue()


def _storage(settings: Any, tmp_path: Path) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }


def test_the_limits_are_read_before_anything_is_unpacked() -> None:
    data = bomb({"services.csv": 300 * MB})
    assert len(data) < 400 * 1024  # the case: a few hundred kilobytes
    with pytest.raises(UnreadableFile) as refused:
        open_zip(data, "directory.zip")
    assert refused.value.code == "expands_too_far"
    assert refused.value.message() == (
        "directory.zip expands to more than 200 MB; the most Village unpacks from one upload."
    )
    with pytest.raises(UnreadableFile) as crowded:
        open_zip(many_files(201), "roster.zip")
    assert crowded.value.message() == "roster.zip holds 201 files; the most Village unpacks from one upload is 200."
    assert open_zip(many_files(200), "roster.zip").namelist()[-1] == "f199.csv"


def test_reading_stops_at_the_limit_across_members() -> None:
    archive = open_zip(bomb({"a.csv": 3 * MB, "b.csv": 3 * MB}), "two.zip", ArchiveLimits(10, 10 * MB))
    archive.read("a.csv")
    archive.limits = ArchiveLimits(10, 5 * MB)  # as if the headers had understated the sizes
    with pytest.raises(UnreadableFile, match="expands to more than 5 MB"):
        archive.read("b.csv")


def test_an_excel_workbook_that_unpacks_too_far_is_refused_before_it_is_opened() -> None:
    with pytest.raises(UnreadableFile) as refused:
        read_xlsx(bomb({"xl/worksheets/sheet1.xml": 300 * MB}), "figures.xlsx")
    assert refused.value.code == "expands_too_far"


@pytest.mark.django_db
def test_a_directory_zip_bomb_is_refused_on_the_job_page_in_spanish(
    login: Any, world: World, settings: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    from village.directory.models import DirectoryImport, Service

    _storage(settings, tmp_path)
    services = Service.objects.count()
    client = login("rosa", language="es")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("directory:import"),
            {
                "region": world.region.pk,
                "format": "hsds_csv",
                "file": SimpleUploadedFile("h.zip", bomb({"services.csv": 300 * MB})),
            },
        )
    job = DirectoryImport.objects.get()
    assert [r["code"] for r in job.report["rejections"]] == ["expands_too_far"]
    page = client.get(response["Location"]).content.decode()
    assert "h.zip se expande a más de 200 MB" in page
    assert Service.objects.count() == services


@pytest.mark.django_db
def test_a_roster_of_too_many_files_fails_with_the_count(
    login: Any, world: World, settings: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    from village.families.models import RosterSync, Student

    _storage(settings, tmp_path)
    students = Student.objects.count()
    client = login("dana", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("families:roster", kwargs={"slug": "riverbend"}),
            {"file": SimpleUploadedFile("roster.zip", many_files(500), content_type="application/zip")},
        )
    sync = RosterSync.objects.get()
    assert sync.status == "failed"
    page = client.get(response["Location"]).content.decode()
    assert "roster.zip holds 500 files; the most Village unpacks from one upload is 200." in page
    assert Student.objects.count() == students


@pytest.mark.django_db
def test_a_file_over_the_size_limit_is_refused_by_the_form_before_it_is_read(
    login: Any, world: World, settings: Any
) -> None:
    from village.indicators.models import Value

    settings.VILLAGE_UPLOAD_MAX_MB = 1
    client = login("dana", language="en")
    big = SimpleUploadedFile("figures.csv", b"indicator,school\n" + b"x,y\n" * (MB // 2))
    response = client.post(reverse("indicators:import", kwargs={"slug": "riverbend"}), {"file": big})
    assert response.status_code == 200
    assert "figures.csv is 2 MB; the most Village reads from one file is 1 MB." in response.content.decode()
    assert Value.objects.count() == 0
