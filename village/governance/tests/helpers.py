"""A council at Lincoln for tests: Grace (community seat) and Amina (family seat), seated by
Rosa; bylaws version 1 (consent, half the members for quorum, co-chairs every 6 months among
family and community seats) adopted by the council's first decision."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from conftest import World
from village.governance import actions
from village.governance.models import Bylaws, Council, Decision, Proposal, SeatType, VotingMethod

TERM_START = datetime.date(2025, 9, 1)


def bare_council(w: World) -> Council:
    council = actions.create_council(
        w.rosa, district=w.riverbend, school=w.lincoln, kind="joint", name="Lincoln Community Council"
    )
    actions.add_member(w.rosa, council, email=w.grace.email, seat_type=SeatType.COMMUNITY, term_start=TERM_START)
    actions.add_member(w.rosa, council, email=w.amina.email, seat_type=SeatType.FAMILY, term_start=TERM_START)
    return council


def draft(w: World, council: Council, method: str = VotingMethod.CONSENT, **kw: Any) -> Bylaws:
    fields: dict[str, Any] = {
        "text": "We meet monthly.",
        "voting_method": method,
        "quorum_fraction": Decimal("0.5"),
        "quorum_count": None,
        "rotation_months": 6,
        "rotation_seats": [SeatType.FAMILY, SeatType.COMMUNITY],
        "rotation_start": TERM_START,
    }
    fields.update(kw)
    return actions.draft_bylaws(w.rosa, council, **fields)


def propose(w: World, council: Council, by: Any = None, **kw: Any) -> Proposal:
    fields: dict[str, Any] = {
        "title": "Arabic interpretation at every council meeting",
        "what": "Book an Arabic interpreter for each meeting.",
        "why": "Arabic-speaking families cannot follow meetings.",
        "equity_goal": "Families who speak Arabic take part in decisions.",
        "timeline": "From next month",
        "responsible": "Rosa Martínez",
        "language": "en",
    }
    fields.update(kw)
    return actions.submit_proposal(by or w.amina, council, **fields)


def open_now(w: World, proposal: Proposal, anonymous: bool = False) -> Proposal:
    now = timezone.now()
    return actions.open_voting(
        w.rosa,
        proposal,
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(days=7),
        anonymous=anonymous,
    )


def adopt(w: World, council: Council, bylaws: Bylaws) -> Decision:
    proposal = propose(w, council, by=w.grace, title="Adopt our bylaws", bylaws=bylaws)
    open_now(w, proposal)
    actions.vote(w.grace, proposal, choice="for")
    actions.vote(w.amina, proposal, choice="for")
    return actions.decide(w.rosa, proposal)


def lincoln_council(w: World, method: str = VotingMethod.CONSENT) -> Council:
    council = bare_council(w)
    adopt(w, council, draft(w, council, method))
    return council


def decided_proposal(w: World) -> Proposal:
    council = lincoln_council(w)
    proposal = propose(w, council)
    open_now(w, proposal)
    actions.vote(w.grace, proposal, choice="for")
    actions.vote(w.amina, proposal, choice="for")
    actions.decide(w.rosa, proposal)
    return proposal
