"""Computing publishes the period's release, and the public report reads it (issue #16)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from conftest import World
from village.indicators.models import Period, PublishedRelease
from village.indicators.tests.test_indicators import HEADER, setup_framework, upload

pytestmark = pytest.mark.django_db


def test_computing_publishes_a_release_that_the_public_report_reads(login: Any, world: World, settings: Any) -> None:
    settings.VILLAGE_SMALL_N = 10
    client = setup_framework(login, world)
    upload(
        client,
        HEADER
        + "enrichment,Lincoln Elementary,Q1,,57,100,\n"
        + "enrichment,Lincoln Elementary,Q1,english_learner,3,20,\n"
        + "enrichment,Lincoln Elementary,Q1,homeless_or_foster,2,4,\n",
    )
    period = Period.objects.get(label="Q1")
    client.post(reverse("indicators:refresh", kwargs={"slug": "riverbend"}), {"period": period.pk})
    published = PublishedRelease.objects.get(period=period)
    assert published.cells and published.audited > 0
    client.logout()
    page = client.get(reverse("reports:public_district", kwargs={"slug": "riverbend"})).content.decode()
    # 3 of 20 English learners: coded in words that do not tell the group's size; the four in
    # foster care hidden.
    assert "fewer than 10" in page and "15%" not in page and "&lt; 50%" not in page
    displays = {display for _i, _scope, _group, display, _value, _reason in published.cells}
    assert "57%" in displays and "*" in displays


QUEUED_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}


def _work_queue() -> int:
    """Run what the task worker would: every queued publishing, once; how many ran."""
    from village.indicators.actions import publish_period

    backend = publish_period.get_backend()
    queued = [r for r in backend.results if r.task.name == publish_period.name]
    backend.clear()
    for result in queued:
        publish_period.call(*result.args, **result.kwargs)
    return len(queued)


def test_publishing_runs_on_the_worker_and_pages_never_build_a_release(login: Any, world: World, settings: Any) -> None:
    settings.VILLAGE_SMALL_N = 10
    client = setup_framework(login, world)
    report = reverse("reports:public_district", kwargs={"slug": "riverbend"})
    with override_settings(TASKS=QUEUED_TASKS):
        upload(client, HEADER + "enrichment,Lincoln Elementary,Q1,,57,100,\n")
        period = Period.objects.get(label="Q1")
        client.post(reverse("indicators:refresh", kwargs={"slug": "riverbend"}), {"period": period.pk})
        # Computing asked for the release and returned: nothing published on the request.
        assert not PublishedRelease.objects.exists()
        client.logout()
        for _ in range(3):  # three readers before the worker runs: asked once, figures not shown
            page = client.get(report).content.decode()
            assert "57%" not in page and "being published" in page
        assert _work_queue() == 2  # the Compute's, and the readers' one request
        assert "57%" in client.get(report).content.decode()
        first = PublishedRelease.objects.get(period=period)

        # New figures: readers see the last release until the worker publishes the new one.
        client.force_login(world.dana)
        upload(client, HEADER + "enrichment,Lincoln Elementary,Q1,,71,100,\n")
        client.logout()
        page = client.get(report).content.decode()
        assert "57%" in page and "71%" not in page
        assert _work_queue() == 1
        page = client.get(report).content.decode()
        assert "71%" in page and "57%" not in page
        assert PublishedRelease.objects.get(period=period).fingerprint != first.fingerprint
