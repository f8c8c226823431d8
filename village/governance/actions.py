"""Every write about councils: members, bylaws, meetings, proposals, votes, decisions, follow-up.

Each action validates, writes in one transaction and records an audit event. Refusals are
ValidationErrors whose message says what to do.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from village.accounts.models import Membership, Role, User
from village.audit.actions import record
from village.events.actions import calendar_entry
from village.events.models import EventKind
from village.governance import queries
from village.governance.models import (
    AgendaItem,
    AmendmentStatus,
    Ballot,
    Bylaws,
    Choice,
    Comment,
    Council,
    CouncilMember,
    Decision,
    FollowUpStatus,
    Meeting,
    Outcome,
    ProgressUpdate,
    Proposal,
    ProposalStatus,
    Resource,
    SeatType,
    Voter,
)
from village.lib.translation import changed_texts, check_language, written_in
from village.messaging.actions import queue_each
from village.orgs.actions import grant_role
from village.orgs.models import District, Organization, School
from village.voice.models import Theme


def create_council(actor: User, *, district: District, school: School | None, kind: str, name: str) -> Council:
    with transaction.atomic():
        council = Council.objects.create(district=district, school=school, kind=kind, name=name.strip())
        record(actor, "governance.council.created", council, kind=kind)
    return council


def add_member(
    actor: User,
    council: Council,
    *,
    email: str,
    seat_type: str,
    term_start: datetime.date,
    term_end: datetime.date | None = None,
    organization: Organization | None = None,
) -> CouncilMember:
    """Seat a person who has a Village account; they receive the council member role there."""
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise ValidationError({"email": _("Nobody has a Village account with this email address.")})
    if term_end is not None and term_end < term_start:
        raise ValidationError({"term_end": _("The term cannot end before it starts.")})
    if seat_type == SeatType.PARTNER and organization is None:
        raise ValidationError({"organization": _("Name the partner organization this seat speaks for.")})
    overlapping = council.members.filter(user=user, term_start__lte=term_end or datetime.date.max).exclude(
        term_end__lt=term_start
    )
    if overlapping.exists():
        raise ValidationError({"email": _("This person already has a seat on this council for these dates.")})
    with transaction.atomic():
        member = CouncilMember.objects.create(
            district=council.district,
            council=council,
            user=user,
            seat_type=seat_type,
            organization=organization if seat_type == SeatType.PARTNER else None,
            term_start=term_start,
            term_end=term_end,
        )
        held = Membership.objects.active().filter(user=user, role=Role.COUNCIL_MEMBER, district=council.district)
        held = held.filter(school=council.school) if council.school else held.filter(school__isnull=True)
        if not held.exists():
            grant_role(
                actor,
                email=user.email,
                name=user.name,
                role=Role.COUNCIL_MEMBER,
                district=council.district,
                school=council.school,
            )
        record(actor, "governance.member.seated", council, member_id=member.pk, seat=seat_type)
    return member


def end_term(actor: User, member: CouncilMember, *, today: datetime.date | None = None) -> CouncilMember:
    """End a seat: its last day is yesterday, so from today the person no longer serves, votes or counts
    toward quorum. The seat stays on record."""
    today = today or timezone.localdate()
    last_day = today - datetime.timedelta(days=1)
    if member.term_start > last_day:
        raise ValidationError(_("This term has not started yet, so it cannot end."))
    if member.term_end is not None and member.term_end <= last_day:
        raise ValidationError(_("This term has already ended."))
    with transaction.atomic():
        member.term_end = last_day
        member.save(update_fields=["term_end"])
        record(actor, "governance.member.term_ended", member.council, member_id=member.pk)
    return member


def draft_bylaws(
    actor: User,
    council: Council,
    *,
    text: str,
    voting_method: str,
    quorum_fraction: Decimal | None,
    quorum_count: int | None,
    rotation_months: int,
    rotation_seats: Sequence[str],
    rotation_start: datetime.date,
) -> Bylaws:
    """A new version, in force only once a decision adopts it."""
    if quorum_fraction is None and quorum_count is None:
        raise ValidationError({"quorum_fraction": _("Give the quorum as a share of members or as a number.")})
    if quorum_fraction is not None and not (Decimal(0) < quorum_fraction <= Decimal(1)):
        raise ValidationError({"quorum_fraction": _("A share of members is more than 0 and at most 1.")})
    if not rotation_seats:
        raise ValidationError({"rotation_seats": _("Choose the seats whose members take turns as co-chairs.")})
    if rotation_months < 1:
        raise ValidationError({"rotation_months": _("Co-chairs serve at least one month.")})
    with transaction.atomic():
        last = council.bylaws.order_by("-version").values_list("version", flat=True).first() or 0
        bylaws = Bylaws.objects.create(
            district=council.district,
            council=council,
            version=last + 1,
            text=text,
            voting_method=voting_method,
            quorum_fraction=quorum_fraction,
            quorum_count=None if quorum_fraction is not None else quorum_count,
            rotation_months=rotation_months,
            rotation_seats=[s for s in SeatType.values if s in rotation_seats],
            rotation_start=rotation_start,
            created_by=actor,
        )
        record(actor, "governance.bylaws.drafted", bylaws, council_id=council.pk, version=bylaws.version)
    return bylaws


def schedule_meeting(
    actor: User,
    council: Council,
    *,
    starts_at: datetime.datetime,
    place: str,
    interpretation: Sequence[str] = (),
    childcare: bool = False,
    transport: bool = False,
    accessible_venue: bool = False,
) -> Meeting:
    with transaction.atomic():
        meeting = Meeting.objects.create(
            district=council.district,
            council=council,
            starts_at=starts_at,
            place=place,
            interpretation=list(interpretation),
            childcare=childcare,
            transport=transport,
            accessible_venue=accessible_venue,
        )
        meeting.event = calendar_entry(
            actor,
            district_id=council.district_id,
            school=council.school,
            kind=EventKind.COUNCIL_MEETING,
            title=_("%(council)s: meeting") % {"council": council.name},
            source_language=translation.get_language() or settings.LANGUAGE_CODE,
            starts_at=starts_at,
            fields={
                "venue": place[:200],
                "interpretation": list(interpretation),
                "childcare": childcare,
                "transport": transport,
                "accessible_venue": accessible_venue,
            },
        )
        meeting.save(update_fields=["event"])
        reviews = queries.reviews_waiting(council)
        for position, review in enumerate(reviews, 1):
            AgendaItem.objects.create(
                meeting=meeting,
                position=position,
                title=_("Gap review: %(review)s") % {"review": review},
                review=review,
            )
        record(actor, "governance.meeting.scheduled", meeting, reviews=[r.pk for r in reviews])
    return meeting


def add_agenda_item(actor: User, meeting: Meeting, *, title: str, proposal: Proposal | None = None) -> AgendaItem:
    if proposal is not None and proposal.council_id != meeting.council_id:
        raise ValidationError({"proposal": _("This proposal belongs to another council.")})
    with transaction.atomic():
        position = meeting.agenda.count() + 1
        item = AgendaItem.objects.create(meeting=meeting, position=position, title=title, proposal=proposal)
        record(actor, "governance.meeting.agenda_added", meeting, item=title)
    return item


def record_meeting(actor: User, meeting: Meeting, *, attendees: Iterable[CouncilMember], minutes: str) -> Meeting:
    """Attendance and minutes. Only members serving on the day of the meeting can attend.

    Recording them unchanged writes nothing (no new version in the meeting's history, no event).
    """
    day = meeting.starts_at.date()
    people = list(attendees)
    for m in people:
        if m.council_id != meeting.council_id or not m.serves_on(day):
            raise ValidationError({"attendees": _("Only members serving on the day of the meeting can attend.")})
    if minutes == meeting.minutes and {m.pk for m in people} == set(meeting.attendees.values_list("pk", flat=True)):
        return meeting
    with transaction.atomic():
        if minutes != meeting.minutes:
            meeting.minutes = minutes
            meeting.save(update_fields=["minutes"])
        meeting.attendees.set(people)
        record(actor, "governance.meeting.recorded", meeting, attended=len(people))
    return meeting


def _member(actor: User, council: Council) -> CouncilMember:
    member = CouncilMember.objects.serving_on(timezone.localdate()).filter(council=council, user_id=actor.pk).first()
    if member is None:
        raise ValidationError(_("Only members serving on this council can do this."))
    return member


def submit_proposal(
    actor: User,
    council: Council,
    *,
    title: str,
    what: str,
    why: str,
    equity_goal: str,
    timeline: str,
    responsible: str,
    themes: Iterable[Theme] = (),
    bylaws: Bylaws | None = None,
    language: str | None = None,
) -> Proposal:
    """`language`: the one the proposal is written in (default: the author's)."""
    member = _member(actor, council)
    language = language or actor.preferred_language or settings.LANGUAGE_CODE
    errors: dict[str, str] = {}
    if not equity_goal.strip():
        errors["equity_goal"] = _(
            "Say which equity goal this proposal serves: who is not yet served well, and how this helps."
        )
    for field, value in (("title", title), ("what", what), ("why", why)):
        if not value.strip():
            errors[field] = _("This is required.")
    if bylaws is not None and (bylaws.council_id != council.pk or bylaws.adopted_at is not None):
        errors["bylaws"] = _("Choose a draft of this council's bylaws that is not yet adopted.")
    if errors:
        raise ValidationError(errors)
    themes = list(themes)
    for theme in themes:
        if theme.district_id != council.district_id or (
            council.school_id and theme.school_id not in (None, council.school_id)
        ):
            raise ValidationError({"themes": _("Link only what families and students said at this school.")})
    with transaction.atomic():
        proposal = Proposal.objects.create(
            district=council.district,
            council=council,
            submitted_by=member,
            title=written_in(language, title),
            what=written_in(language, what),
            why=written_in(language, why),
            source_language=language,
            equity_goal=written_in(language, equity_goal),
            timeline=timeline,
            responsible=responsible,
            bylaws=bylaws,
        )
        proposal.themes.set(themes)
        record(actor, "governance.proposal.submitted", proposal, council_id=council.pk)
    return proposal


def add_resource(actor: User, proposal: Proposal, *, what: str, from_whom: str) -> Resource:
    if proposal.status == ProposalStatus.DECIDED:
        raise ValidationError(_("This proposal is decided; its commitments can no longer change."))
    with transaction.atomic():
        resource = Resource.objects.create(proposal=proposal, what=what, from_whom=from_whom)
        record(actor, "governance.proposal.resource_added", proposal, what=what, from_whom=from_whom)
    return resource


def comment(actor: User, proposal: Proposal, *, text: str, amendment: str = "") -> Comment:
    member = _member(actor, proposal.council)
    if proposal.status != ProposalStatus.DELIBERATION:
        raise ValidationError(_("Discussion is closed: voting has started."))
    if not text.strip():
        raise ValidationError({"text": _("Write your comment.")})
    with transaction.atomic():
        made = Comment.objects.create(
            proposal=proposal,
            author=member,
            text=text,
            amendment=amendment.strip(),
            amendment_status=AmendmentStatus.PROPOSED if amendment.strip() else "",
        )
        record(actor, "governance.proposal.commented", proposal, amendment=bool(amendment.strip()))
    return made


def settle_amendment(actor: User, amendment: Comment, *, accept: bool) -> Comment:
    """The proposer (or whoever runs the council) takes an amendment into the proposal, or declines it.
    The proposal keeps its history, so the earlier wording is not lost."""
    proposal = amendment.proposal
    if amendment.amendment_status != AmendmentStatus.PROPOSED:
        raise ValidationError(_("This amendment is already settled."))
    if proposal.status != ProposalStatus.DELIBERATION:
        raise ValidationError(_("Discussion is closed: voting has started."))
    with transaction.atomic():
        amendment.amendment_status = AmendmentStatus.ACCEPTED if accept else AmendmentStatus.DECLINED
        amendment.save(update_fields=["amendment_status"])
        if accept:
            # The body changed, so its translations no longer say what it says.
            proposal.what = written_in(proposal.source_language, amendment.amendment)
            proposal.save(update_fields=["what"])
        record(actor, "governance.amendment.settled", proposal, comment_id=amendment.pk, accepted=accept)
    return amendment


def open_voting(
    actor: User, proposal: Proposal, *, opens_at: datetime.datetime, closes_at: datetime.datetime, anonymous: bool
) -> Proposal:
    if proposal.status != ProposalStatus.DELIBERATION:
        raise ValidationError(_("Voting on this proposal has already been opened."))
    if closes_at <= opens_at:
        raise ValidationError({"closes_at": _("Voting must close after it opens.")})
    if queries.bylaws_in_force(proposal.council) is None and proposal.bylaws is None:
        raise ValidationError(_("This council has no bylaws in force yet. Its first decision adopts bylaws."))
    with transaction.atomic():
        proposal.status = ProposalStatus.VOTING
        proposal.voting_opens_at = opens_at
        proposal.voting_closes_at = closes_at
        proposal.anonymous = anonymous
        proposal.save(update_fields=["status", "voting_opens_at", "voting_closes_at", "anonymous"])
        record(actor, "governance.proposal.voting_opened", proposal, anonymous=anonymous)
        queue_each(
            "governance.voting_opened",
            [m.user for m in queries.serving(proposal.council)],
            gettext_lazy("Voting is open: %(title)s"),
            gettext_lazy(
                "%(council)s is voting on “%(title)s” until %(closes)s (UTC). Each member votes once, in Village: "
                "%(path)s"
            ),
            district_id=proposal.district_id,
            title=proposal.title,
            council=proposal.council.name,
            closes=f"{closes_at.astimezone(datetime.UTC):%Y-%m-%d %H:%M}",
            path=reverse("governance:proposal", kwargs={"pk": proposal.pk}),
        )
    return proposal


def vote(
    actor: User, proposal: Proposal, *, choice: str, reason: str = "", now: datetime.datetime | None = None
) -> None:
    """Cast one ballot. On an anonymous proposal the ballot holds no link to the voter: who voted
    is written to Voter (to refuse a second vote), the choice to Ballot, with nothing joining them."""
    now = now or timezone.now()
    member = _member(actor, proposal.council)
    if (
        proposal.status != ProposalStatus.VOTING
        or proposal.voting_opens_at is None
        or proposal.voting_closes_at is None
        or not (proposal.voting_opens_at <= now < proposal.voting_closes_at)
    ):
        raise ValidationError(_("Voting on this proposal is not open now: votes count only within the voting window."))
    method = queries.method_for(proposal)
    if choice not in dict(queries.choices_for(method)):
        raise ValidationError({"choice": _("Choose one of the options.")})
    if choice == Choice.OBJECT and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for your objection, so the council can address it.")})
    try:
        with transaction.atomic():
            Voter.objects.create(proposal=proposal, member=member)
            Ballot.objects.create(
                id=uuid.uuid4(),
                proposal=proposal,
                choice=choice,
                reason=reason.strip(),
                voter=None if proposal.anonymous else member,
                cast_at=None if proposal.anonymous else now,
            )
            # The audit event says that a vote was cast, never which.
            record(actor, "governance.proposal.voted", proposal)
    except IntegrityError:
        raise ValidationError(_("You have already voted on this proposal. Each member votes once.")) from None


def decide(actor: User, proposal: Proposal, *, now: datetime.datetime | None = None) -> Decision:
    """Close the vote and record the decision by the bylaws' method, with the members who did not
    vote. Refused without the bylaws' quorum; while the window is open, refused as long as the
    members yet to vote could change the result (`queries.Closing`)."""
    now = now or timezone.now()
    if proposal.status != ProposalStatus.VOTING or proposal.voting_closes_at is None:
        raise ValidationError(_("Open voting on this proposal before deciding it."))
    state = queries.closing(proposal, now)
    if not state.can_close:
        raise ValidationError(state.refusal())
    q = state.quorum
    voted = q.present
    method = state.method
    t = state.tally
    with transaction.atomic():
        decision = Decision.objects.create(
            district=proposal.district,
            council=proposal.council,
            proposal=proposal,
            outcome=Outcome.PASSED if t.passes(method) else Outcome.NOT_PASSED,
            method=method,
            votes_for=t.votes_for,
            votes_against=t.against,
            abstentions=t.abstain,
            objections=t.objections,
            took_part=voted,
            quorum=q.needed,
            decided_at=now,
            decided_by=actor,
        )
        decision.did_not_vote.set(state.not_voted)
        proposal.status = ProposalStatus.DECIDED
        proposal.save(update_fields=["status"])
        if decision.outcome == Outcome.PASSED and proposal.bylaws is not None and proposal.bylaws.adopted_at is None:
            adopted = proposal.bylaws
            adopted.adopted_at = now
            adopted.adopted_by = decision
            adopted.save(update_fields=["adopted_at", "adopted_by"])
            # Adopting the bylaws is the whole of the work: nothing is left to follow up.
            decision.follow_up = FollowUpStatus.DONE
            decision.save(update_fields=["follow_up"])
            record(actor, "governance.bylaws.adopted", adopted, version=adopted.version, decision_id=decision.pk)
        record(
            actor,
            "governance.proposal.decided",
            proposal,
            outcome=decision.outcome,
            method=method,
            did_not_vote=len(state.not_voted),
            closed_early=state.window_open,
        )
        subject = (
            gettext_lazy("Decided: %(title)s passed")
            if decision.outcome == Outcome.PASSED
            else gettext_lazy("Decided: %(title)s did not pass")
        )
        queue_each(
            "governance.decided",
            [m.user for m in queries.serving(proposal.council, now.date())],
            subject,
            gettext_lazy(
                "%(council)s has decided on “%(title)s”. The decision and its follow-up are in the public "
                "decision log: %(path)s"
            ),
            district_id=proposal.district_id,
            title=proposal.title,
            council=proposal.council.name,
            path=reverse("governance:decision", kwargs={"pk": decision.pk}),
        )
    return decision


def extend_voting(
    actor: User, proposal: Proposal, *, closes_at: datetime.datetime, now: datetime.datetime | None = None
) -> Proposal:
    """Give members who have not voted more time when quorum is not met: the window closes later
    (it reopens if it had closed), and they are told."""
    now = now or timezone.now()
    if proposal.status != ProposalStatus.VOTING or proposal.voting_closes_at is None:
        raise ValidationError(_("Only a vote in progress can be extended."))
    state = queries.closing(proposal, now)
    if state.quorum.met:
        raise ValidationError(_("Quorum is met: the vote does not need more time."))
    if closes_at <= max(now, proposal.voting_closes_at):
        raise ValidationError({"closes_at": _("Choose a time after the current end of voting and after now.")})
    with transaction.atomic():
        proposal.voting_closes_at = closes_at
        proposal.save(update_fields=["voting_closes_at"])
        record(actor, "governance.proposal.voting_extended", proposal, closes_at=closes_at.isoformat())
        queue_each(
            "governance.voting_extended",
            [m.user for m in state.not_voted],
            gettext_lazy("More time to vote: %(title)s"),
            gettext_lazy(
                "%(council)s needs more votes on “%(title)s” to reach its quorum. Voting is open until %(closes)s "
                "(UTC). Each member votes once, in Village: %(path)s"
            ),
            district_id=proposal.district_id,
            title=proposal.title,
            council=proposal.council.name,
            closes=f"{closes_at.astimezone(datetime.UTC):%Y-%m-%d %H:%M}",
            path=reverse("governance:proposal", kwargs={"pk": proposal.pk}),
        )
    return proposal


def report_progress(actor: User, decision: Decision, *, status: str, text: str) -> ProgressUpdate:
    if decision.outcome != Outcome.PASSED:
        raise ValidationError(_("Only a decision that passed is followed up."))
    if not text.strip():
        raise ValidationError({"text": _("Say what has been done.")})
    if status not in FollowUpStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    with transaction.atomic():
        update = ProgressUpdate.objects.create(decision=decision, status=status, text=text.strip(), by=actor)
        decision.follow_up = status
        decision.save(update_fields=["follow_up"])
        record(actor, "governance.decision.progress", decision, status=status)
    return update


def translate_proposal(actor: User, proposal: Proposal, language: str, texts: Mapping[str, str]) -> None:
    """Store `language`'s translation of the proposal's texts ("title", "what", "why", "equity_goal"); writes
    nothing, and records nothing, when nothing changes."""
    check_language(language, proposal.source_language)
    texts_now = {
        "title": proposal.title,
        "what": proposal.what,
        "why": proposal.why,
        "equity_goal": proposal.equity_goal,
    }
    changed = changed_texts(texts_now, language, texts)
    if not changed:
        return
    with transaction.atomic():
        for name, value in changed.items():
            setattr(proposal, name, value)
        proposal.save(update_fields=list(changed))
        record(actor, "governance.proposal.translated", proposal, language=language)
