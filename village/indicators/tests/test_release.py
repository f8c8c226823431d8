"""Computing publishes the period's release, and the public report reads it (issue #16)."""

from __future__ import annotations

from typing import Any

import pytest
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
