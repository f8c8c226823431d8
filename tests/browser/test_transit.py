"""Dana, a district lead, reads the transit pages on a phone in Arabic: the feeds in use, the load
form and one load's problems fit 360 px, right to left."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from conftest import World
from tests.browser.conftest import PHONE
from village.transit.actions import import_feed_now
from village.transit.tests.feeds import MINIMAL, feed_zip

pytestmark = [pytest.mark.browser]


def test_transit_pages_fit_a_phone_in_arabic(
    world: World, page_for: Any, transactional_db: Any, tmp_path: Path
) -> None:
    path = tmp_path / "city-bus.zip"
    path.write_bytes(feed_zip({"stops.txt": MINIMAL["stops.txt"] + "E,Nowhere,,\n"}))
    job = import_feed_now(None, world.region, path, name="city-bus", dry_run=False)
    page = page_for(world.dana, PHONE, "ar")
    for url in (reverse("transit:feeds", kwargs={"slug": "riverbend"}), reverse("transit:feed_import", args=[job.pk])):
        page.goto(url)
        assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], url
    assert "ليست لها إحداثيات صالحة" in page.content()  # Stop E's missing coordinates, in Arabic
