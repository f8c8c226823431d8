"""The district lead loads a GTFS feed from the transit page and follows it to its report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import World
from village.transit.models import FeedImport, FeedVersion
from village.transit.tests.feeds import MINIMAL, feed_zip

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }


def upload(client: Any, data: bytes, name: str = "city-bus", **extra: str) -> Any:
    return client.post(
        reverse("transit:feeds", kwargs={"slug": "riverbend"}),
        {"file": SimpleUploadedFile("feed.zip", data, content_type="application/zip"), "name": name, **extra},
    )


def test_district_lead_loads_a_feed_and_reads_its_report(
    world: World, login: Any, media: None, django_capture_on_commit_callbacks: Any
) -> None:
    client = login("dana", language="en")
    stops = MINIMAL["stops.txt"] + "E,Nowhere,,\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, feed_zip({"stops.txt": stops}))
    job = FeedImport.objects.get()
    assert response["Location"] == reverse("transit:feed_import", kwargs={"pk": job.pk})
    assert job.status == "applied"
    version = FeedVersion.objects.get(is_current=True)
    assert (version.region, version.name, version.stop_count) == (world.region, "city-bus", 4)
    page = client.get(response["Location"]).content.decode()
    assert "Stop E has no valid coordinates" in page
    listing = client.get(reverse("transit:feeds", kwargs={"slug": "riverbend"})).content.decode()
    assert "River Bus" in listing and reverse("transit:feed_import", kwargs={"pk": job.pk}) in listing


def test_a_file_that_is_not_a_feed_is_reported_in_the_leads_language_and_loads_nothing(
    world: World, login: Any, media: None, django_capture_on_commit_callbacks: Any
) -> None:
    world.dana.preferred_language = "es"
    world.dana.save()
    client = login("dana")
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, b"name,phone\nAna,555\n")
    assert FeedImport.objects.get().status == "failed"
    assert not FeedVersion.objects.exists()
    page = client.get(response["Location"])
    assert page.context["rejections"][0].code == "not_zip"
    polled = client.get(response["Location"], headers={"hx-request": "true"}).content.decode()
    assert polled.strip().startswith('<section id="import-progress"')


def test_a_second_load_of_the_same_name_replaces_the_first(
    world: World, login: Any, media: None, django_capture_on_commit_callbacks: Any
) -> None:
    client = login("dana", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, feed_zip())
        upload(client, feed_zip())
        upload(client, feed_zip(), name="night-bus")
    current = FeedVersion.objects.filter(is_current=True)
    assert sorted(current.values_list("name", flat=True)) == ["city-bus", "night-bus"]
    assert FeedVersion.objects.count() == 3


def test_a_coordinator_cannot_load_feeds(world: World, login: Any) -> None:
    client = login("rosa")
    assert client.get(reverse("transit:feeds", kwargs={"slug": "riverbend"})).status_code == 404
