"""Who reaches the outbox: only the district's lead (Dana for Riverbend)."""

from __future__ import annotations

from tests.matrix_support import Page

PAGES = {
    "messaging:outbox": Page(kwargs=lambda w: {"slug": w.riverbend.slug}, allowed=("dana",)),
    "messaging:retry": Page(kwargs=lambda w: {"slug": w.riverbend.slug, "pk": 1}, method="POST"),
}
