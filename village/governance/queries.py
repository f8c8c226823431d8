"""Reading a council's state: bylaws in force, co-chairs, quorum, tallies, public log."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
from village.orgs.models import School
from village.voice.access import themes_for
from village.voice.models import Theme


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


def _could_change(t: Tally, method: str, remaining: int) -> bool:
    """Whether `remaining` more ballots could still change the outcome `t` gives under `method`."""
    if remaining <= 0:
        return False
    if method == VotingMethod.MAJORITY:
        settled_yes = t.votes_for > t.against + remaining
        settled_no = t.votes_for + remaining <= t.against
        return not (settled_yes or settled_no)
    # Consent and consensus: one objection (or block) settles it; otherwise any member still may object.
    return t.objections == 0 and t.against == 0


@dataclass(frozen=True)
class Closing:
    """Whether the vote on a proposal may be closed now, and why not. Quorum always counts; while
    the window is open, the vote closes early only once no member yet to vote could change the
    result under the council's method (a consent or a consensus vote waits for any objection)."""

    quorum: Quorum
    method: str
    tally: Tally
    not_voted: list[CouncilMember]
    window_open: bool
    closes_at: datetime.datetime | None

    @property
    def more_needed(self) -> int:
        return max(0, self.quorum.needed - self.quorum.present)

    @property
    def could_change(self) -> bool:
        return _could_change(self.tally, self.method, len(self.not_voted))

    @property
    def can_close(self) -> bool:
        return self.quorum.met and not (self.window_open and self.could_change)

    def refusal(self) -> str:
        """Why the vote cannot close now, in the reader's language ("" when it can)."""
        if not self.quorum.met:
            text = ngettext(
                "No quorum yet: %(present)s of %(serving)s members have voted, and the bylaws require "
                "%(needed)s. %(more)s more vote is needed.",
                "No quorum yet: %(present)s of %(serving)s members have voted, and the bylaws require "
                "%(needed)s. %(more)s more votes are needed.",
                self.more_needed,
            ) % {
                "present": self.quorum.present,
                "serving": self.quorum.serving,
                "needed": self.quorum.needed,
                "more": self.more_needed,
            }
            if not self.window_open:
                text += " " + _("Voting has closed: extend the voting window so that more members can vote.")
            return text
        if self.window_open and self.could_change:
            n = len(self.not_voted)
            return ngettext(
                "Quorum is met, but %(n)s member has not voted yet and could still change the result. The vote "
                "can close when the window ends (%(closes)s) or once every member has voted.",
                "Quorum is met, but %(n)s members have not voted yet and could still change the result. The "
                "vote can close when the window ends (%(closes)s) or once every member has voted.",
                n,
            ) % {"n": n, "closes": _when(self.closes_at)}
        return ""


def _when(at: datetime.datetime | None) -> str:
    return formats.date_format(timezone.localtime(at), "SHORT_DATETIME_FORMAT") if at else ""


def closing(proposal: Proposal, now: datetime.datetime | None = None) -> Closing:
    """The state of the vote on a proposal as a co-chair would close it now."""
    now = now or timezone.now()
    voted = set(proposal.voters.values_list("member_id", flat=True))
    seated = serving(proposal.council, now.date())
    method = method_for(proposal)
    return Closing(
        quorum=quorum(proposal.council, len(voted), now.date()),
        method=method,
        tally=tally(proposal),
        not_voted=[m for m in seated if m.pk not in voted],
        window_open=proposal.voting_closes_at is not None and now < proposal.voting_closes_at,
        closes_at=proposal.voting_closes_at,
    )


def reviews_waiting(council: Council) -> list[Review]:
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


def you_said_we_did(school: School) -> list[Theme]:
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
