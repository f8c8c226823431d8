"""Closing a vote without everyone: the bylaws' quorum, the method, who did not vote, more time."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from conftest import World
from village.governance import actions, queries
from village.governance.models import CouncilMember, Decision, Outcome, SeatType, VotingMethod
from village.governance.tests.helpers import TERM_START, adopt, bare_council, draft, open_now, propose
from village.messaging.models import Delivery


def _council(w: World, method: str, **bylaws: Any) -> Any:
    """Grace, Amina, Sam and Lucas serve (four members)."""
    council = bare_council(w)
    adopt(w, council, draft(w, council, method, **bylaws))
    for user, seat in ((w.sam, SeatType.EDUCATOR), (w.lucas, SeatType.STUDENT)):
        CouncilMember.objects.create(
            district=w.riverbend, council=council, user=user, seat_type=seat, term_start=TERM_START
        )
    return council


def _local(at: datetime.datetime) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%dT%H:%M")


def test_a_majority_vote_closes_early_once_the_absent_members_cannot_change_it(world: World, login: Any) -> None:
    council = _council(world, VotingMethod.MAJORITY)  # quorum: half of four, two
    proposal = open_now(world, propose(world, council))
    actions.vote(world.amina, proposal, choice="for")
    actions.vote(world.grace, proposal, choice="for")
    # Two for, two yet to vote: a 2-2 tie is still possible, so the vote stays open.
    state = queries.closing(proposal)
    assert state.quorum.met and state.could_change and not state.can_close
    rosa = login("rosa", language="en")
    url = reverse("governance:decide", kwargs={"pk": proposal.pk})
    body = rosa.post(url).content.decode()
    assert "Quorum is met, but 2 members have not voted yet and could still change the result." in body
    actions.vote(world.sam, proposal, choice="for")
    # Three for: Lucas alone cannot change it. The chair closes without him, and that is recorded.
    assert rosa.post(url).status_code == 302
    decision = Decision.objects.get(proposal=proposal)
    assert decision.outcome == Outcome.PASSED and decision.took_part == 3
    assert [m.user for m in decision.did_not_vote.all()] == [world.lucas]
    page = rosa.get(reverse("governance:proposal", kwargs={"pk": proposal.pk})).content.decode()
    assert "Did not vote:" in page and "Lucas Pereira" in page
    public = login("anonymous").get(decision.get_absolute_url()).content.decode()
    assert "1 member did not vote" in public and "Lucas Pereira" not in public


@pytest.mark.parametrize("method", [VotingMethod.CONSENT, VotingMethod.CONSENSUS])
def test_consent_and_consensus_wait_for_any_objection_until_the_window_ends(world: World, method: str) -> None:
    council = _council(world, method)
    proposal = open_now(world, propose(world, council))
    actions.vote(world.amina, proposal, choice="for")
    actions.vote(world.grace, proposal, choice="for")
    actions.vote(world.sam, proposal, choice="for")
    with pytest.raises(ValidationError, match="could still change the result"):
        actions.decide(world.rosa, proposal)
    # Once the window has ended, the bylaws' quorum is enough: Lucas is away, the council decides.
    later = timezone.now() + datetime.timedelta(days=8)
    decision = actions.decide(world.rosa, proposal, now=later)
    assert decision.outcome == Outcome.PASSED and decision.did_not_vote.count() == 1


def test_an_objection_settles_a_consent_vote_at_once(world: World) -> None:
    council = _council(world, VotingMethod.CONSENT)
    proposal = open_now(world, propose(world, council))
    actions.vote(world.amina, proposal, choice="for")
    actions.vote(world.grace, proposal, choice="object", reason="The budget is committed.")
    decision = actions.decide(world.rosa, proposal)
    assert decision.outcome == Outcome.NOT_PASSED and decision.did_not_vote.count() == 2


def test_a_quorum_given_as_a_number_counts(world: World) -> None:
    council = _council(world, VotingMethod.MAJORITY, quorum_fraction=None, quorum_count=3)
    proposal = open_now(world, propose(world, council))
    actions.vote(world.amina, proposal, choice="for")
    actions.vote(world.grace, proposal, choice="for")
    later = timezone.now() + datetime.timedelta(days=8)
    with pytest.raises(ValidationError, match=r"2 of 4 members have voted, and the bylaws require 3\. 1 more vote"):
        actions.decide(world.rosa, proposal, now=later)


def test_the_reason_is_in_the_readers_language(world: World, login: Any) -> None:
    council = _council(world, VotingMethod.MAJORITY, quorum_fraction=Decimal("0.75"))
    proposal = open_now(world, propose(world, council))
    actions.vote(world.amina, proposal, choice="for")
    rosa = login("rosa", language="es")
    body = rosa.post(reverse("governance:decide", kwargs={"pk": proposal.pk})).content.decode()
    assert "No quorum yet" not in body
    assert 'id="decide-error"' in body


def test_a_chair_gives_more_time_when_the_window_closed_without_quorum(world: World, login: Any) -> None:
    council = _council(world, VotingMethod.MAJORITY)
    proposal = open_now(world, propose(world, council))
    actions.vote(world.amina, proposal, choice="for")
    rosa = login("rosa", language="en")
    later = timezone.now() + datetime.timedelta(days=8)
    with time_machine.travel(later):
        page = rosa.get(reverse("governance:proposal", kwargs={"pk": proposal.pk})).content.decode()
        assert "Give members more time" in page
        url = reverse("governance:extend_voting", kwargs={"pk": proposal.pk})
        too_soon = rosa.post(url, {"closes_at": _local(later - datetime.timedelta(days=1))})
        assert too_soon.status_code == 400 and "Choose a time after the current end of voting" in (
            too_soon.content.decode()
        )
        closes = later + datetime.timedelta(days=3)
        assert rosa.post(url, {"closes_at": _local(closes)}).status_code == 302
        # Grace, Sam and Lucas have not voted: each is told, Amina is not.
        told = Delivery.objects.filter(outbox__kind="governance.voting_extended").values_list("recipient", flat=True)
        assert set(told) == {world.grace.pk, world.sam.pk, world.lucas.pk}
        proposal.refresh_from_db()
        actions.vote(world.grace, proposal, choice="for", now=later)
        assert actions.decide(world.rosa, proposal, now=later + datetime.timedelta(days=4)).took_part == 2
