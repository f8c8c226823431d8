"""Who reaches the district's outbox and starts districts (merged into tests/test_authorization_matrix.py):
Dana, lead of Riverbend; a district is started by a lead of a district in the same region."""

from __future__ import annotations

from tests.matrix_support import Page

PAGES = {
    "orgs:outbox": Page(kwargs=lambda w: {"slug": w.riverbend.slug}, allowed=("dana",)),
    "orgs:outbox_retry": Page(kwargs=lambda w: {"slug": w.riverbend.slug, "pk": 1}, method="POST"),
    "orgs:texts_received": Page(kwargs=lambda w: {"slug": w.riverbend.slug}, allowed=("dana",)),
    "orgs:district_start": Page(kwargs=lambda w: {"slug": w.region.slug}, allowed=("dana",)),
}
