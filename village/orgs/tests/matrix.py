"""Who reaches the district's outbox (merged into tests/test_authorization_matrix.py): its lead, Dana."""

from __future__ import annotations

from tests.matrix_support import Page

PAGES = {
    "orgs:outbox": Page(kwargs=lambda w: {"slug": w.riverbend.slug}, allowed=("dana",)),
    "orgs:outbox_retry": Page(kwargs=lambda w: {"slug": w.riverbend.slug, "pk": 1}, method="POST"),
}
