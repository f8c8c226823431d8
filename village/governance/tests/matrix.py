"""Who reaches each governance page (merged into tests/test_authorization_matrix.py).

Lincoln's council is run by Rosa (Lincoln's coordinator) and Dana (Riverbend's lead); Grace
and Amina serve on it. The decision log, each decision and "you said, we did" are public.
"""

from __future__ import annotations

from typing import Any

from conftest import World
from tests.matrix_support import ALL_SIGNED_IN, Page
from village.governance.tests.helpers import decided_proposal, lincoln_council

RUN = ("dana", "rosa")
COUNCIL = ("dana", "rosa", "grace", "amina")
MEMBERS = ("grace", "amina")


def _council(w: World) -> dict[str, Any]:
    return {"pk": lincoln_council(w).pk}


def _bylaws(w: World) -> dict[str, Any]:
    return {"pk": lincoln_council(w).bylaws.get().pk}


def _meeting(w: World) -> dict[str, Any]:
    import datetime

    from django.utils import timezone

    from village.governance import actions

    council = lincoln_council(w)
    meeting = actions.schedule_meeting(
        w.rosa, council, starts_at=timezone.now() + datetime.timedelta(days=3), place="Library", interpretation=["ar"]
    )
    return {"pk": meeting.pk}


def _decision(w: World) -> dict[str, Any]:
    return {"pk": decided_proposal(w).decision.pk}


POST = Page(kwargs=lambda w: {"pk": 1}, method="POST")

PAGES: dict[str, Page] = {
    "governance:mine": Page(allowed=ALL_SIGNED_IN),
    "governance:school_councils": Page(kwargs=lambda w: {"pk": w.lincoln.pk}, allowed=RUN),
    "governance:district_councils": Page(kwargs=lambda w: {"slug": w.riverbend.slug}, allowed=("dana",)),
    "governance:council": Page(kwargs=_council, allowed=COUNCIL),
    "governance:council_feed": Page(kwargs=_council, public=True, allowed=ALL_SIGNED_IN),
    "governance:member_add": Page(kwargs=_council, allowed=RUN),
    "governance:member_end": POST,
    "governance:bylaws_new": Page(kwargs=_council, allowed=RUN),
    "governance:representation": Page(kwargs=_council, allowed=COUNCIL),
    "governance:meeting_new": Page(kwargs=_council, allowed=RUN),
    "governance:proposal_new": Page(kwargs=_council, allowed=MEMBERS),
    "governance:bylaws": Page(kwargs=_bylaws, allowed=COUNCIL),
    "governance:meeting": Page(kwargs=_meeting, allowed=COUNCIL),
    "governance:meeting_agenda": POST,
    "governance:meeting_record": POST,
    "governance:proposal": Page(kwargs=lambda w: {"pk": decided_proposal(w).pk}, allowed=COUNCIL),
    "governance:proposal_translate": Page(
        kwargs=lambda w: {"pk": decided_proposal(w).pk, "language": "ar"}, allowed=RUN
    ),
    "governance:comment": POST,
    "governance:resource": POST,
    "governance:open_voting": POST,
    "governance:vote": POST,
    "governance:decide": POST,
    "governance:extend_voting": POST,
    "governance:amendment_settle": POST,
    "governance:log": Page(public=True, allowed=ALL_SIGNED_IN),
    "governance:decision": Page(kwargs=_decision, public=True, allowed=ALL_SIGNED_IN),
    "governance:progress": POST,
    "governance:you_said": Page(kwargs=lambda w: {"pk": w.lincoln.pk}, public=True, allowed=ALL_SIGNED_IN),
}
