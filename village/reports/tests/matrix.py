"""Who reaches the public reports (merged into tests/test_authorization_matrix.py): everyone."""

from __future__ import annotations

from tests.matrix_support import ALL_SIGNED_IN, Page

RIVERBEND = {"slug": "riverbend"}

PAGES: dict[str, Page] = {
    "reports:public_district": Page(kwargs=lambda w: RIVERBEND, public=True, allowed=ALL_SIGNED_IN),
    "reports:public_district_pdf": Page(kwargs=lambda w: RIVERBEND, public=True, allowed=ALL_SIGNED_IN),
    "reports:public_school_pdf": Page(
        kwargs=lambda w: {"slug": "riverbend", "pk": w.lincoln.pk}, public=True, allowed=ALL_SIGNED_IN
    ),
    "reports:public_school": Page(
        kwargs=lambda w: {"slug": "riverbend", "pk": w.lincoln.pk}, public=True, allowed=ALL_SIGNED_IN
    ),
}
