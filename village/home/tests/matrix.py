"""Who reaches each home page (merged into tests/test_authorization_matrix.py).

Lincoln's worklist: its coordinator (Rosa) and its district's lead (Dana) see the whole school;
its educator (Sam) sees the students he serves. Nobody else opens it.
"""

from __future__ import annotations

from tests.matrix_support import Page

LINCOLN_STAFF = ("dana", "rosa", "sam")

PAGES: dict[str, Page] = {
    "home:worklist": Page(kwargs=lambda w: {"pk": w.lincoln.pk}, allowed=LINCOLN_STAFF),
    "home:worklist_kind": Page(kwargs=lambda w: {"pk": w.lincoln.pk, "kind": "needs"}, allowed=LINCOLN_STAFF),
}
