"""Who may reach each transit page (merged into tests/test_authorization_matrix.py)."""

from __future__ import annotations

from typing import Any

from conftest import World
from tests.matrix_support import Page


def _import(w: World) -> dict[str, Any]:
    from village.transit.models import FeedImport

    job = FeedImport.objects.create(region=w.region, feed_name="city-bus", filename="feed.zip", status="checked")
    return {"pk": job.pk}


PAGES: dict[str, Any] = {
    # The leads of a district load the feeds of its region (Riverbend and Lakeside share one).
    "transit:feeds": Page(kwargs=lambda w: {"slug": w.riverbend.slug}, allowed=("dana",)),
    "transit:feed_import": Page(kwargs=_import, allowed=("dana",)),
}
