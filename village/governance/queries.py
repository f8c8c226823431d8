"""Reading a council's state: bylaws in force, co-chairs, quorum, tallies, public log."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from village.governance import rotation
from village.governance.models import (
    AgendaItem,
    Bylaws,
    Choice,
    Council,
    CouncilMember,
    Decision,
    Meeting,
    Proposal,
    VotingMethod,
)
from village.indicators.models import Review
from village.indicators.vocab import ReviewStatus
from village.voice.access import themes_for


def bylaws_in_force(council: Council) -> Bylaws | None:
    """The version adopted last."""
    return council.bylaws.filter(adopted_at__isnull=False).order_by("-adopted_at", "-version").first()


def members(council: Council) -> list[CouncilMember]:
    return list(council.members.select_related("user", "organization"))


def serving(council: Council, day: datetime.date | None = None) -> list[CouncilMember]:
    day = day or timezone.localdate()
    return [m for m in members(council) if m.serves_on(day)]


def current_co_chairs(council: Council) -> list[CouncilMember]:
    bylaws = bylaws_in_force(council)
    if bylaws is None:
        return []
    return rotation.co_chairs(bylaws, members(council), timezone.localdate()).chairs


@dataclass(frozen=True)
class Quorum:
    needed: int
    present: int
    serving: int
    founding: bool  # no bylaws yet: the founding rule (more than half) applies

    @property
    def met(self) -> bool:
        return self.present >= self.needed


def founding_quorum(serving_count: int) -> int:
    """Before any bylaws are adopted, more than half of the serving members must take part."""
    return serving_count // 2 + 1


def quorum(council: Council, present: int, day: datetime.date | None = None) -> Quorum:
    count = len(serving(council, day))
    bylaws = bylaws_in_force(council)
    if bylaws is None:
        return Quorum(founding_quorum(count), present, count, True)
    return Quorum(bylaws.quorum_for(count), present, count, False)


def meeting_quorum(meeting: Meeting) -> Quorum:
    return quorum(meeting.council, meeting.attendees.count(), meeting.starts_at.date())


def method_for(proposal: Proposal) -> str:
    bylaws = bylaws_in_force(proposal.council)
    return bylaws.voting_method if bylaws is not None else VotingMethod.MAJORITY


def choices_for(method: str) -> list[tuple[str, str]]:
    """The ballot choices each method offers, in the words of that method."""
    if method == VotingMethod.CONSENT:
        return [(Choice.FOR, _("I consent")), (Choice.OBJECT, _("I have a paramount objection"))]
    if method == VotingMethod.CONSENSUS:
        return [
            (Choice.FOR, _("I agree")),
            (Choice.ABSTAIN, _("I stand aside")),
            (Choice.OBJECT, _("I block")),
        ]
    return [(Choice.FOR, _("Yes")), (Choice.AGAINST, _("No")), (Choice.ABSTAIN, _("Abstain"))]


@dataclass(frozen=True)
class Tally:
    votes_for: int
    against: int
    abstain: int
    objections: int

    @property
    def total(self) -> int:
        return self.votes_for + self.against + self.abstain + self.objections

    def passes(self, method: str) -> bool:
        if method == VotingMethod.CONSENT:
            return self.objections == 0
        if method == VotingMethod.CONSENSUS:
            return self.objections == 0 and self.against == 0 and self.votes_for > 0
        return self.votes_for > self.against


def tally(proposal: Proposal) -> Tally:
    counts = dict.fromkeys(Choice.values, 0)
    for choice in proposal.ballots.values_list("choice", flat=True):
        counts[choice] += 1
    return Tally(counts[Choice.FOR], counts[Choice.AGAINST], counts[Choice.ABSTAIN], counts[Choice.OBJECT])


def reviews_waiting(council: Council) -> list[Any]:
    """Gap reviews the indicators work opened at the council's school (or district) that are not
    closed and are on none of this council's agendas yet: they arrive at its next meeting."""
    reviews = Review.objects.filter(district_id=council.district_id).exclude(status=ReviewStatus.CLOSED)
    if council.school_id:
        reviews = reviews.filter(school_id=council.school_id)
    on_agenda = AgendaItem.objects.filter(meeting__council=council, review__isnull=False).values("review_id")
    return list(reviews.exclude(pk__in=on_agenda).select_related("indicator", "school").order_by("due", "pk"))


def public_decisions() -> QuerySet[Decision]:
    return Decision.objects.select_related("council__school", "council__district", "proposal").prefetch_related(
        "proposal__resources"
    )


def you_said_we_did(school: Any) -> list[Any]:
    """What families and students said at the school (voice's themes, the school's and the
    district's), each with `.decided`: the decided proposals that answer it, newest first, with
    their decision and progress updates. Public pages and reports read this."""
    decided = (
        Proposal.objects.filter(status="decided")
        .select_related("decision")
        .prefetch_related("decision__updates", "resources")
        .order_by("-decision__decided_at")
    )
    return list(themes_for(school).prefetch_related(Prefetch("proposals", queryset=decided, to_attr="decided")))
