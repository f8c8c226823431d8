"""Proposals to public decisions through HTTP: the equity goal, deliberation and amendments,
the voting window, one vote per member, anonymous ballots, quorum, the three methods, the
public log with follow-up, and "you said, we did"."""

from __future__ import annotations

import datetime
from typing import Any

import time_machine
from django.urls import reverse
from django.utils import timezone

from conftest import World
from village.governance import actions
from village.governance.models import (
    Ballot,
    CouncilMember,
    Decision,
    Outcome,
    Proposal,
    ProposalStatus,
    SeatType,
    Voter,
    VotingMethod,
)
from village.governance.tests.helpers import TERM_START, lincoln_council, open_now, propose
from village.voice.models import Theme

PROPOSAL = {
    "title": "Arabic interpretation at every meeting",
    "what": "Book an interpreter.",
    "why": "Families cannot follow.",
    "equity_goal": "Arabic-speaking families take part.",
    "timeline": "From March",
    "responsible": "Rosa",
}


def _seat(world: World, council: Any, user: Any, seat: str = SeatType.EDUCATOR) -> CouncilMember:
    return CouncilMember.objects.create(
        district=world.riverbend, council=council, user=user, seat_type=seat, term_start=TERM_START
    )


def test_a_proposal_without_an_equity_goal_is_refused(world: World, login: Any) -> None:
    council = lincoln_council(world)
    client = login("amina", language="en")
    response = client.post(
        reverse("governance:proposal_new", kwargs={"pk": council.pk}), {**PROPOSAL, "equity_goal": "  "}
    )
    assert response.status_code == 200
    assert "Say which equity goal this proposal serves" in response.content.decode()
    assert not Proposal.objects.filter(bylaws__isnull=True).exists()


def test_a_member_proposes_linked_to_what_families_said(world: World, login: Any) -> None:
    council = lincoln_council(world)
    theme = Theme.objects.create(
        district=world.riverbend, school=world.lincoln, title={"en": "We cannot follow meetings"}
    )
    elsewhere = Theme.objects.create(district=world.lakeside, title={"en": "Not ours"})
    client = login("amina", language="en")
    url = reverse("governance:proposal_new", kwargs={"pk": council.pk})
    assert "Not ours" not in client.get(url).content.decode()
    response = client.post(url, {**PROPOSAL, "themes": [theme.pk]})
    # Written on an English page: stored as English, the language it was written in.
    proposal = Proposal.objects.get(title={"en": PROPOSAL["title"]}, source_language="en")
    assert response["Location"] == proposal.get_absolute_url()
    assert list(proposal.themes.all()) == [theme] and proposal.submitted_by.user == world.amina
    assert client.post(url, {**PROPOSAL, "themes": [elsewhere.pk]}).status_code == 200
    # Only serving members propose: a coordinator who runs the council has no seat.
    assert login("rosa").post(url, PROPOSAL).status_code == 404


def test_members_comment_and_an_accepted_amendment_rewords_the_proposal(world: World, login: Any) -> None:
    council = lincoln_council(world)
    proposal = propose(world, council)
    grace = login("grace", language="en")
    grace.post(
        reverse("governance:comment", kwargs={"pk": proposal.pk}),
        {"text": "Add Somali too.", "amendment": "Book Arabic and Somali interpreters."},
    )
    amendment = proposal.comments.get()
    # Grace is not the proposer and does not run the council: she cannot settle it.
    assert (
        grace.post(reverse("governance:amendment_settle", kwargs={"pk": amendment.pk}), {"accept": "yes"}).status_code
        == 404
    )
    login("amina", language="en").post(
        reverse("governance:amendment_settle", kwargs={"pk": amendment.pk}), {"accept": "yes"}
    )
    proposal.refresh_from_db()
    assert proposal.what == {"en": "Book Arabic and Somali interpreters."}
    assert proposal.history.count() == 2  # the earlier wording is kept
    page = login("grace", language="en").get(proposal.get_absolute_url()).content.decode()
    assert "Earlier wordings" in page and "Accepted into the proposal" in page


def test_a_vote_outside_the_window_is_refused(world: World, login: Any) -> None:
    council = lincoln_council(world)
    proposal = propose(world, council)
    rosa = login("rosa", language="en")
    later = timezone.localtime() + datetime.timedelta(days=1)
    rosa.post(
        reverse("governance:open_voting", kwargs={"pk": proposal.pk}),
        {
            "opens_at": later.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (later + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.VOTING
    response = login("amina", language="en").post(
        reverse("governance:vote", kwargs={"pk": proposal.pk}), {"choice": "for"}
    )
    assert response.status_code == 400
    assert "Voting on this proposal is not open now" in response.content.decode()
    with time_machine.travel(later + datetime.timedelta(days=3)):
        response = login("amina", language="en").post(
            reverse("governance:vote", kwargs={"pk": proposal.pk}), {"choice": "for"}
        )
        assert "Voting on this proposal is not open now" in response.content.decode()
    assert not Voter.objects.filter(proposal=proposal).exists() and not proposal.ballots.exists()


def test_a_second_vote_by_the_same_member_is_refused(world: World, login: Any) -> None:
    council = lincoln_council(world)
    proposal = open_now(world, propose(world, council))
    client = login("amina", language="en")
    url = reverse("governance:vote", kwargs={"pk": proposal.pk})
    assert client.post(url, {"choice": "for"}).status_code == 302
    response = client.post(url, {"choice": "object", "reason": "Changed my mind."})
    assert response.status_code == 400
    assert "You have already voted on this proposal. Each member votes once." in response.content.decode()
    assert proposal.ballots.count() == 1 and list(proposal.ballots.values_list("choice", flat=True)) == ["for"]


def test_an_anonymous_ballot_holds_no_link_to_the_voter(world: World, login: Any) -> None:
    council = lincoln_council(world)
    proposal = open_now(world, propose(world, council), anonymous=True)
    login("grace", language="en").post(
        reverse("governance:vote", kwargs={"pk": proposal.pk}), {"choice": "object", "reason": "Cost."}
    )
    ballot = Ballot.objects.get(proposal=proposal)
    assert ballot.voter_id is None and ballot.cast_at is None
    # By construction: apart from the nullable voter, no field of a ballot refers to a person.
    people = {f.name for f in Ballot._meta.get_fields() if f.is_relation and f.related_model is not Proposal}
    assert people == {"voter"}
    # Who voted is recorded, and holds no choice.
    voter = Voter.objects.get(proposal=proposal)
    assert voter.member.user == world.grace
    assert not {f.name for f in Voter._meta.get_fields()} & {"choice", "reason", "ballot"}
    # The audit event says a vote was cast, not which.
    from village.audit.models import AuditEvent

    event = AuditEvent.objects.get(code="governance.proposal.voted", target_id=str(proposal.pk))
    assert "object" not in str(event.details)


def test_a_decision_without_quorum_is_refused(world: World, login: Any) -> None:
    council = lincoln_council(world)
    _seat(world, council, world.sam)
    _seat(world, council, world.lucas, SeatType.STUDENT)  # four serving; half is two
    proposal = open_now(world, propose(world, council))
    login("amina").post(reverse("governance:vote", kwargs={"pk": proposal.pk}), {"choice": "for"})
    rosa = login("rosa", language="en")
    url = reverse("governance:decide", kwargs={"pk": proposal.pk})
    early = rosa.post(url)
    assert early.status_code == 400
    assert "No quorum yet: 1 of 4 members have voted, and the bylaws require 2. 1 more vote is needed." in (
        early.content.decode()
    )
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        response = rosa.post(url)
    body = response.content.decode()
    assert response.status_code == 400
    assert "1 more vote is needed." in body and "extend the voting window" in body
    # The reason sits at the top of the closing form and takes focus.
    assert body.index('id="decide-error"') < body.index("Close the vote and record the decision</button>")
    assert not Decision.objects.filter(proposal=proposal).exists()


def test_consent_passes_unless_there_is_a_paramount_objection_with_its_reason(world: World, login: Any) -> None:
    council = lincoln_council(world, VotingMethod.CONSENT)
    passing = open_now(world, propose(world, council, title="A"))
    blocked = open_now(world, propose(world, council, title="B"))
    amina = login("amina", language="en")
    amina.post(reverse("governance:vote", kwargs={"pk": passing.pk}), {"choice": "for"})
    amina.post(reverse("governance:vote", kwargs={"pk": blocked.pk}), {"choice": "for"})
    grace = login("grace", language="en")
    grace.post(reverse("governance:vote", kwargs={"pk": passing.pk}), {"choice": "for"})
    no_reason = grace.post(reverse("governance:vote", kwargs={"pk": blocked.pk}), {"choice": "object"})
    assert "Give the reason for your objection" in no_reason.content.decode()
    grace.post(
        reverse("governance:vote", kwargs={"pk": blocked.pk}),
        {"choice": "object", "reason": "The budget is already committed."},
    )
    # Everyone has voted, so the chair may close the vote before the window ends.
    rosa = login("rosa", language="en")
    assert rosa.post(reverse("governance:decide", kwargs={"pk": passing.pk})).status_code == 302
    rosa.post(reverse("governance:decide", kwargs={"pk": blocked.pk}))
    assert Decision.objects.get(proposal=passing).outcome == Outcome.PASSED
    refused = Decision.objects.get(proposal=blocked)
    assert refused.outcome == Outcome.NOT_PASSED and refused.objections == 1 and refused.method == "consent"
    public = login("anonymous").get(refused.get_absolute_url()).content.decode()
    assert "The budget is already committed." in public


def test_majority_and_consensus_count_by_their_own_rules(world: World) -> None:
    council = lincoln_council(world, VotingMethod.MAJORITY)
    _seat(world, council, world.sam)
    p = open_now(world, propose(world, council))
    actions.vote(world.amina, p, choice="for")
    actions.vote(world.grace, p, choice="against")
    actions.vote(world.sam, p, choice="abstain")
    assert actions.decide(world.rosa, p).outcome == Outcome.NOT_PASSED  # a tie is not a majority

    other = lincoln_council(world, VotingMethod.CONSENSUS)
    q = open_now(world, propose(world, other))
    actions.vote(world.amina, q, choice="for")
    actions.vote(world.grace, q, choice="abstain")  # standing aside does not block
    assert actions.decide(world.rosa, q).outcome == Outcome.PASSED


def test_the_public_log_shows_decisions_and_their_follow_up(
    world: World, login: Any, django_assert_max_num_queries: Any
) -> None:
    council = lincoln_council(world)
    proposal = open_now(world, propose(world, council))
    actions.add_resource(world.amina, proposal, what="Interpreter hours", from_whom="Family Center")
    actions.vote(world.amina, proposal, choice="for")
    actions.vote(world.grace, proposal, choice="for")
    decision = actions.decide(world.rosa, proposal)

    visitor = login("anonymous")
    with django_assert_max_num_queries(12):
        log = visitor.get(reverse("governance:log"))
    body = log.content.decode()
    assert log.status_code == 200 and PROPOSAL["title"].split()[0] in body
    assert "Families who speak Arabic take part in decisions." in body
    page = visitor.get(decision.get_absolute_url()).content.decode()
    assert "Interpreter hours" in page and "Family Center" in page and "Report progress" not in page
    # A visitor cannot report progress; a member can.
    url = reverse("governance:progress", kwargs={"pk": decision.pk})
    assert visitor.post(url, {"status": "done", "text": "x"}).status_code == 302
    assert login("omar").post(url, {"status": "done", "text": "x"}).status_code == 404
    member = login("grace", language="en")
    assert member.post(url, {"status": "in_progress", "text": ""}).status_code == 400
    member.post(url, {"status": "in_progress", "text": "Interpreter booked for March."})
    decision.refresh_from_db()
    assert decision.follow_up == "in_progress"
    assert "Interpreter booked for March." in visitor.get(decision.get_absolute_url()).content.decode()
    # The school's log lists only its own councils' decisions.
    assert (
        PROPOSAL["title"].split()[0]
        in visitor.get(reverse("governance:log") + f"?school={world.lincoln.pk}").content.decode()
    )


def test_you_said_we_did_links_what_families_said_to_what_was_decided_in_every_language(
    world: World, login: Any, django_assert_max_num_queries: Any
) -> None:
    council = lincoln_council(world)
    theme = Theme.objects.create(
        district=world.riverbend,
        school=world.lincoln,
        title={"ar": "لا نفهم الاجتماعات"},
        summary={"ar": "طلبت العائلات مترجمين."},
        source_language="ar",
    )
    Theme.objects.create(district=world.riverbend, school=world.washington, title={"en": "Washington only"})
    proposal = propose(world, council, themes=[theme])
    open_now(world, proposal)
    actions.vote(world.amina, proposal, choice="for")
    actions.vote(world.grace, proposal, choice="for")
    decision = actions.decide(world.rosa, proposal)
    actions.report_progress(world.rosa, decision, status="done", text="Interpreters at every meeting since March.")
    url = reverse("governance:you_said", kwargs={"pk": world.lincoln.pk})
    for i in range(3):
        other = propose(world, council, title=f"More {i}", themes=[theme])
        open_now(world, other)
        actions.vote(world.amina, other, choice="for")
        actions.vote(world.grace, other, choice="for")
        actions.report_progress(world.rosa, actions.decide(world.rosa, other), status="done", text="Done.")
    with django_assert_max_num_queries(12):
        login("anonymous").get(url)
    for language in ("en", "es", "ar", "vi", "zh-hans"):
        visitor = login("anonymous")
        visitor.cookies["village_language"] = language
        body = visitor.get(url).content.decode()
        assert f'lang="{language}"' in body
        assert "لا نفهم الاجتماعات" in body and str(proposal) in body  # user content as written
        assert "Interpreters at every meeting since March." in body
        assert "Washington only" not in body
        assert ('<html lang="ar" dir="rtl">' in body) == (language == "ar")
        # Elsewhere the Arabic theme is shown as written, isolated in its own language and direction.
        assert ('<span lang="ar" dir="rtl">لا نفهم الاجتماعات</span>' in body) == (language != "ar")


def test_a_co_chair_opens_voting_and_other_members_cannot(world: World, login: Any) -> None:
    from village.governance import queries

    council = lincoln_council(world)
    _seat(world, council, world.sam)  # an educator: not in the rotation's seats
    chairs = {m.user for m in queries.current_co_chairs(council)}
    assert chairs == {world.grace, world.amina}
    proposal = propose(world, council)
    url = reverse("governance:open_voting", kwargs={"pk": proposal.pk})
    now = timezone.localtime()
    window = {
        "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        "anonymous": "on",
    }
    assert login("sam").post(url, window).status_code == 404
    assert login("grace", language="en").post(url, window).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.VOTING and proposal.anonymous


def test_a_council_without_bylaws_first_decides_on_its_bylaws(world: World, login: Any) -> None:
    from village.governance.tests.helpers import bare_council

    council = bare_council(world)
    proposal = propose(world, council)
    now = timezone.localtime()
    response = login("rosa", language="en").post(
        reverse("governance:open_voting", kwargs={"pk": proposal.pk}),
        {
            "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 400
    assert "This council has no bylaws in force yet. Its first decision adopts bylaws." in response.content.decode()


def test_members_are_told_when_voting_opens_and_when_the_council_decides(world: World) -> None:
    from village.messaging.models import Delivery

    council = lincoln_council(world)
    before = Delivery.objects.count()
    last = Delivery.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    proposal = open_now(world, propose(world, council))
    opened = list(
        Delivery.objects.filter(pk__gt=last, outbox__kind="governance.voting_opened").select_related("recipient")
    )
    assert {d.recipient for d in opened} == {world.amina, world.grace}
    # Each in the member's own language (Amina reads Arabic).
    assert next(d for d in opened if d.recipient == world.amina).language == "ar"
    assert proposal.get_absolute_url() in opened[0].body
    actions.vote(world.amina, proposal, choice="for")
    actions.vote(world.grace, proposal, choice="for")
    actions.decide(world.rosa, proposal)
    assert Delivery.objects.count() == before + 4
    assert Delivery.objects.filter(pk__gt=last, outbox__kind="governance.decided").count() == 2
