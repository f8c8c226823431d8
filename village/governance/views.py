"""Councils, meetings, proposals and votes (members and staff); the public decision log and
"you said, we did" (everyone)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from village.accounts.models import Role
from village.accounts.predicates import district_ids, school_ids
from village.directory.taxonomy import language_name
from village.governance import actions, queries, representation, rotation
from village.governance.access import (
    access_bylaws,
    access_comment,
    access_council,
    access_decision,
    access_district,
    access_meeting,
    access_member,
    access_proposal,
    access_school,
)
from village.governance.forms import (
    AgendaForm,
    BylawsForm,
    CommentForm,
    CouncilForm,
    MeetingForm,
    MemberForm,
    ProgressForm,
    ProposalForm,
    RecordMeetingForm,
    ResourceForm,
    VoteForm,
    VotingForm,
)
from village.governance.models import (
    AmendmentStatus,
    Council,
    CouncilMember,
    Decision,
    Outcome,
    Proposal,
    ProposalStatus,
    VotingMethod,
)
from village.governance.rules import seat
from village.orgs.models import District, School
from village.voice.access import themes_for
from village.voice.models import Theme


def _fail(form: forms.Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


# --- Councils ---------------------------------------------------------------------------


@login_required
def my_councils(request: HttpRequest) -> HttpResponse:
    """Councils the person serves on today, and those they run."""
    today = timezone.localdate()
    user: Any = request.user
    seats = CouncilMember.objects.serving_on(today).filter(user_id=user.pk)
    led = district_ids(user, Role.DISTRICT_LEAD)
    coordinated = school_ids(user, Role.SCHOOL_COORDINATOR)
    councils = (
        Council.objects.filter(Q(members__in=seats) | Q(district_id__in=led) | Q(school_id__in=coordinated))
        .select_related("school")
        .distinct()
    )
    schools = School.objects.filter(Q(district_id__in=led) | Q(pk__in=coordinated)).order_by("name")
    districts = District.objects.filter(pk__in=led).order_by("name")
    return render(
        request,
        "governance/my_councils.html",
        {"councils": councils.order_by("name"), "schools": schools, "districts": districts},
    )


@login_required
@require_http_methods(["GET", "POST"])
def school_councils(request: HttpRequest, pk: int) -> HttpResponse:
    school = access_school(request.user, pk)
    form = CouncilForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        council = actions.create_council(
            request.user,
            district=school.district,
            school=school,
            kind=form.cleaned_data["kind"],
            name=form.cleaned_data["name"],
        )
        messages.success(request, _("The council was created. Add its members and draft its bylaws."))
        return redirect(council)
    councils = Council.objects.filter(school=school)
    return render(request, "governance/school_councils.html", {"school": school, "councils": councils, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def district_councils(request: HttpRequest, slug: str) -> HttpResponse:
    """District-wide councils (no school), run by the district's leads."""
    district = access_district(request.user, slug)
    form = CouncilForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        council = actions.create_council(
            request.user, district=district, school=None, kind=form.cleaned_data["kind"], name=form.cleaned_data["name"]
        )
        messages.success(request, _("The council was created. Add its members and draft its bylaws."))
        return redirect(council)
    councils = Council.objects.filter(district=district, school__isnull=True)
    return render(
        request, "governance/district_councils.html", {"district": district, "councils": councils, "form": form}
    )


@login_required
def council_page(request: HttpRequest, pk: int) -> HttpResponse:
    council = access_council(request.user, pk)
    today = timezone.localdate()
    everyone = queries.members(council)
    bylaws = queries.bylaws_in_force(council)
    terms = rotation.schedule(bylaws, everyone, today) if bylaws else []
    return render(
        request,
        "governance/council.html",
        {
            "council": council,
            "serving": [m for m in everyone if m.serves_on(today)],
            "past": [m for m in everyone if not m.serves_on(today)],
            "bylaws": bylaws,
            "versions": council.bylaws.all(),
            "terms": terms,
            "co_chairs": terms[0].chairs if terms else [],
            "meetings": council.meetings.all()[:20],
            "proposals": council.proposals.select_related("decision"),
            "can_run": request.user.has_perm("governance.run_council", council),
            "can_propose": seat(request.user, council) is not None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    council = access_council(request.user, pk, "governance.run_council")
    form = MemberForm(request.POST or None, region_id=council.district.region_id)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_member(request.user, council, **form.cleaned_data)
        except ValidationError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("The member was seated."))
            return redirect(council)
    return render(request, "governance/member_add.html", {"council": council, "form": form})


@login_required
@require_POST
def member_end(request: HttpRequest, pk: int) -> HttpResponse:
    member = access_member(request.user, pk)
    try:
        actions.end_term(request.user, member)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The term has ended. The seat stays on record."))
    return redirect(member.council)


@login_required
@require_http_methods(["GET", "POST"])
def bylaws_new(request: HttpRequest, pk: int) -> HttpResponse:
    council = access_council(request.user, pk, "governance.run_council")
    current = queries.bylaws_in_force(council)
    initial: dict[str, Any] = {"rotation_start": timezone.localdate()}
    if current is not None:
        initial.update(
            text=current.text,
            voting_method=current.voting_method,
            quorum_fraction=current.quorum_fraction,
            quorum_count=current.quorum_count,
            rotation_months=current.rotation_months,
            rotation_seats=current.rotation_seats,
            rotation_start=current.rotation_start,
        )
    form = BylawsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            bylaws = actions.draft_bylaws(request.user, council, **form.cleaned_data)
        except ValidationError as exc:
            _fail(form, exc)
        else:
            messages.success(
                request, _("The draft is saved. It comes into force when the council adopts it by a decision.")
            )
            return redirect("governance:bylaws", pk=bylaws.pk)
    return render(request, "governance/bylaws_new.html", {"council": council, "form": form})


@login_required
def bylaws_page(request: HttpRequest, pk: int) -> HttpResponse:
    bylaws = access_bylaws(request.user, pk)
    return render(request, "governance/bylaws.html", {"bylaws": bylaws, "council": bylaws.council})


@login_required
def representation_page(request: HttpRequest, pk: int) -> HttpResponse:
    council = access_council(request.user, pk)
    serving = queries.serving(council)
    report = representation.compare(council, serving)
    # Whether a member's child is in a group rests on student records: only staff who run the
    # council see it, not the other members.
    show_groups = request.user.has_perm("governance.run_council", council)
    return render(
        request,
        "governance/representation.html",
        {
            "council": council,
            "report": report,
            "flags": report.flags(with_groups=show_groups),
            "show_groups": show_groups,
            "language_floor": round(representation.LANGUAGE_FLOOR * 100),
            "group_floor": round(representation.GROUP_FLOOR * 100),
        },
    )


# --- Meetings ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest, pk: int) -> HttpResponse:
    council = access_council(request.user, pk, "governance.run_council")
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = actions.schedule_meeting(request.user, council, **form.cleaned_data)
        messages.success(request, _("The meeting is scheduled. Add its agenda."))
        return redirect(meeting)
    return render(request, "governance/meeting_new.html", {"council": council, "form": form})


def _meeting_context(request: HttpRequest, meeting: Any, **forms_: Any) -> dict[str, Any]:
    council = meeting.council
    day = meeting.starts_at.date()
    members = CouncilMember.objects.filter(council=council).serving_on(day).select_related("user")
    return {
        "meeting": meeting,
        "council": council,
        "interpretation": [language_name(code) for code in meeting.interpretation],
        "agenda": meeting.agenda.select_related("proposal", "review__indicator", "review__school"),
        "attendees": meeting.attendees.select_related("user"),
        "quorum": queries.meeting_quorum(meeting),
        "can_run": request.user.has_perm("governance.run_council", council),
        "agenda_form": forms_.get("agenda_form") or AgendaForm(council_id=council.pk),
        "record_form": forms_.get("record_form")
        or RecordMeetingForm(
            members=members,
            initial={"attendees": list(meeting.attendees.all()), "minutes": meeting.minutes},
        ),
    }


@login_required
def meeting_page(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access_meeting(request.user, pk)
    return render(request, "governance/meeting.html", _meeting_context(request, meeting))


@login_required
@require_POST
def meeting_agenda(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access_meeting(request.user, pk, "governance.run_council")
    form = AgendaForm(request.POST, council_id=meeting.council_id)
    if form.is_valid():
        try:
            actions.add_agenda_item(request.user, meeting, **form.cleaned_data)
        except ValidationError as exc:
            _fail(form, exc)
        else:
            return redirect(meeting)
    return render(request, "governance/meeting.html", _meeting_context(request, meeting, agenda_form=form), status=400)


@login_required
@require_POST
def meeting_record(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access_meeting(request.user, pk, "governance.run_council")
    members = CouncilMember.objects.filter(council=meeting.council)
    form = RecordMeetingForm(request.POST, members=members)
    if form.is_valid():
        try:
            actions.record_meeting(request.user, meeting, **form.cleaned_data)
        except ValidationError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Attendance and minutes are saved."))
            return redirect(meeting)
    return render(request, "governance/meeting.html", _meeting_context(request, meeting, record_form=form), status=400)


# --- Proposals --------------------------------------------------------------------------


def _themes(council: Council) -> Any:
    if council.school is not None:
        return themes_for(council.school)
    return Theme.objects.filter(district_id=council.district_id)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_new(request: HttpRequest, pk: int) -> HttpResponse:
    council = access_council(request.user, pk, "governance.take_part")
    drafts = council.bylaws.filter(adopted_at__isnull=True)
    form = ProposalForm(request.POST or None, themes=_themes(council), drafts=drafts)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = actions.submit_proposal(request.user, council, **form.cleaned_data)
        except ValidationError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Your proposal is submitted. Members can now discuss it."))
            return redirect(proposal)
    return render(request, "governance/proposal_new.html", {"council": council, "form": form})


def _proposal_context(request: HttpRequest, proposal: Proposal, **forms_: Any) -> dict[str, Any]:
    council = proposal.council
    method = queries.method_for(proposal)
    me = seat(request.user, council)
    voted = me is not None and proposal.voters.filter(member=me).exists()
    now = timezone.now()
    window_open = (
        proposal.status == ProposalStatus.VOTING
        and proposal.voting_opens_at is not None
        and proposal.voting_closes_at is not None
        and proposal.voting_opens_at <= now < proposal.voting_closes_at
    )
    decision = Decision.objects.filter(proposal=proposal).first()
    return {
        "proposal": proposal,
        "council": council,
        "method": method,
        "method_label": VotingMethod(method).label,
        "comments": proposal.comments.select_related("author__user"),
        "resources": proposal.resources.all(),
        "themes": proposal.themes.all(),
        "decision": decision,
        "tally": queries.tally(proposal) if proposal.status != ProposalStatus.DELIBERATION else None,
        "named_ballots": proposal.ballots.filter(voter__isnull=False).select_related("voter__user")
        if not proposal.anonymous
        else [],
        "objections": proposal.ballots.filter(choice="object"),
        "took_part": proposal.voters.count(),
        "quorum": queries.quorum(council, proposal.voters.count()),
        "is_member": me is not None,
        "voted": voted,
        "window_open": window_open,
        "can_chair": request.user.has_perm("governance.chair_proposal", proposal),
        "can_settle": request.user.has_perm("governance.run_council", council)
        or (me is not None and me.pk == proposal.submitted_by_id),
        "comment_form": forms_.get("comment_form") or CommentForm(),
        "resource_form": forms_.get("resource_form") or ResourceForm(),
        "voting_form": forms_.get("voting_form") or VotingForm(),
        "vote_form": forms_.get("vote_form") or VoteForm(choices=queries.choices_for(method)),
        "decide_error": forms_.get("decide_error"),
        "earlier": _earlier_wordings(proposal),
    }


def _earlier_wordings(proposal: Proposal) -> list[tuple[Any, str]]:
    """Each wording the proposal had before its current one (amendments replace it), newest first."""
    seen = {proposal.what}
    out = []
    for when, what in proposal.history.order_by("-history_date").values_list("history_date", "what"):
        if what not in seen:
            seen.add(what)
            out.append((when, what))
    return out


def _proposal_render(request: HttpRequest, proposal: Proposal, status: int = 200, **forms_: Any) -> HttpResponse:
    return render(request, "governance/proposal.html", _proposal_context(request, proposal, **forms_), status=status)


@login_required
def proposal_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _proposal_render(request, access_proposal(request.user, pk))


@login_required
@require_POST
def proposal_comment(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = access_proposal(request.user, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            actions.comment(request.user, proposal, **form.cleaned_data)
        except ValidationError as exc:
            _fail(form, exc)
        else:
            return redirect(proposal)
    return _proposal_render(request, proposal, 400, comment_form=form)


@login_required
@require_POST
def amendment_settle(request: HttpRequest, pk: int) -> HttpResponse:
    amendment = access_comment(request.user, pk)
    proposal = amendment.proposal
    me = seat(request.user, proposal.council)
    if not (
        request.user.has_perm("governance.run_council", proposal.council)
        or (me is not None and me.pk == proposal.submitted_by_id)
    ):
        raise Http404
    try:
        actions.settle_amendment(request.user, amendment, accept=request.POST.get("accept") == "yes")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if amendment.amendment_status == AmendmentStatus.ACCEPTED:
            messages.success(
                request, _("The amendment is now the proposal's wording. The earlier wording is kept in its history.")
            )
        else:
            messages.success(request, _("The amendment was declined."))
    return redirect(proposal)


@login_required
@require_POST
def proposal_resource(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = access_proposal(request.user, pk, "governance.take_part")
    form = ResourceForm(request.POST)
    if form.is_valid():
        try:
            actions.add_resource(request.user, proposal, **form.cleaned_data)
        except ValidationError as exc:
            _fail(form, exc)
        else:
            return redirect(proposal)
    return _proposal_render(request, proposal, 400, resource_form=form)


@login_required
@require_POST
def proposal_open_voting(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = access_proposal(request.user, pk, "governance.chair_proposal")
    form = VotingForm(request.POST)
    if form.is_valid():
        try:
            actions.open_voting(request.user, proposal, **form.cleaned_data)
        except ValidationError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Voting is open. Members are voting now."))
            return redirect(proposal)
    return _proposal_render(request, proposal, 400, voting_form=form)


@login_required
@require_POST
def proposal_vote(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = access_proposal(request.user, pk, "governance.take_part")
    form = VoteForm(request.POST, choices=queries.choices_for(queries.method_for(proposal)))
    if form.is_valid():
        try:
            actions.vote(request.user, proposal, **form.cleaned_data)
        except ValidationError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Your vote is recorded."))
            return redirect(proposal)
    return _proposal_render(request, proposal, 400, vote_form=form)


@login_required
@require_POST
def proposal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = access_proposal(request.user, pk, "governance.chair_proposal")
    try:
        decision = actions.decide(request.user, proposal)
    except ValidationError as exc:
        return _proposal_render(request, proposal, 400, decide_error=" ".join(exc.messages))
    messages.success(request, _("The decision is recorded and published in the decision log."))
    return redirect(decision)


# --- Public: the decision log and "you said, we did" -------------------------------------


def decision_log(request: HttpRequest) -> HttpResponse:
    decisions = queries.public_decisions()
    school = None
    if request.GET.get("school", "").isdigit():
        school = School.objects.filter(pk=int(request.GET["school"])).first()
        if school is not None:
            decisions = decisions.filter(council__school=school)
    page = Paginator(decisions, 50).get_page(request.GET.get("page"))
    query = f"school={school.pk}" if school is not None else ""
    return render(
        request, "governance/log.html", {"decisions": page.object_list, "page": page, "school": school, "query": query}
    )


def decision_page(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(queries.public_decisions(), pk=pk)
    form = None
    if request.user.is_authenticated and request.user.has_perm("governance.report_progress", decision):
        form = ProgressForm()
    return render(request, "governance/decision.html", _decision_context(decision, form))


def _decision_context(decision: Decision, form: ProgressForm | None) -> dict[str, Any]:
    return {
        "decision": decision,
        "proposal": decision.proposal,
        "resources": decision.proposal.resources.all(),
        "themes": decision.proposal.themes.all(),
        "updates": decision.updates.select_related("by"),
        "objections": decision.proposal.ballots.filter(choice="object"),
        "form": form if decision.outcome == Outcome.PASSED else None,
    }


@login_required
@require_POST
def decision_progress(request: HttpRequest, pk: int) -> HttpResponse:
    decision = access_decision(request.user, pk)
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            actions.report_progress(request.user, decision, **form.cleaned_data)
        except ValidationError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("The progress update is published."))
            return redirect(decision)
    return render(request, "governance/decision.html", _decision_context(decision, form), status=400)


def you_said_we_did(request: HttpRequest, pk: int) -> HttpResponse:
    school = get_object_or_404(School.objects.select_related("district"), pk=pk)
    return render(
        request, "governance/you_said_we_did.html", {"school": school, "themes": queries.you_said_we_did(school)}
    )
