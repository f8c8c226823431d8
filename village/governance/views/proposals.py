"""Proposals: submitting, deliberating, amending, voting and deciding."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from village.accounts.http import AuthenticatedHttpRequest
from village.governance import actions, queries
from village.governance.access import (
    access_amendment_to_settle,
    access_council,
    access_proposal,
)
from village.governance.forms import (
    CommentForm,
    ExtendVotingForm,
    ProposalForm,
    ResourceForm,
    VoteForm,
    VotingForm,
)
from village.governance.models import (
    AmendmentStatus,
    Council,
    Decision,
    Proposal,
    ProposalStatus,
    VotingMethod,
)
from village.governance.rules import seat
from village.governance.views import attach_errors
from village.lib.languages import language_name
from village.lib.translation import text_in
from village.lib.translation_page import Text, language_states, translation_page
from village.voice.access import themes_for
from village.voice.models import Theme


def _themes(council: Council) -> QuerySet[Theme]:
    if council.school is not None:
        return themes_for(council.school)
    return Theme.objects.filter(district_id=council.district_id)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    council = access_council(request.user, pk, "governance.take_part")
    drafts = council.bylaws.filter(adopted_at__isnull=True)
    form = ProposalForm(request.POST or None, themes=_themes(council), drafts=drafts)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = actions.submit_proposal(
                request.user, council, **form.cleaned_data, language=translation.get_language()
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Your proposal is submitted. Members can now discuss it."))
            return redirect(proposal)
    return render(request, "governance/proposal_new.html", {"council": council, "form": form})


def _proposal_context(request: HttpRequest, proposal: Proposal, **forms_: object) -> dict[str, object]:
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
        "did_not_vote": decision.did_not_vote.select_related("user") if decision is not None else [],
        "tally": queries.tally(proposal) if proposal.status != ProposalStatus.DELIBERATION else None,
        "named_ballots": proposal.ballots.filter(voter__isnull=False).select_related("voter__user")
        if not proposal.anonymous
        else [],
        "objections": proposal.ballots.filter(choice="object"),
        "took_part": proposal.voters.count(),
        "quorum": queries.quorum(council, proposal.voters.count()),
        "closing": queries.closing(proposal, now) if proposal.status == ProposalStatus.VOTING else None,
        "extend_form": forms_.get("extend_form") or ExtendVotingForm(),
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
        "written_in": language_name(proposal.source_language),
        "translations": language_states(
            _texts(proposal),
            proposal.source_language,
            lambda code: reverse("governance:proposal_translate", kwargs={"pk": proposal.pk, "language": code}),
        )
        if request.user.has_perm("governance.translate_proposal", proposal)
        else [],
    }


def _texts(proposal: Proposal) -> list[Text]:
    return [
        Text("title", _("Title"), proposal.title, max_length=200),
        Text("what", _("What the council would do"), proposal.what, multiline=True),
        Text("why", _("Why"), proposal.why, multiline=True),
        Text("equity_goal", _("Equity goal it serves"), proposal.equity_goal, multiline=True),
    ]


@login_required
@require_http_methods(["GET", "POST"])
def proposal_translate(request: AuthenticatedHttpRequest, pk: int, language: str) -> HttpResponse:
    proposal = access_proposal(request.user, pk, "governance.translate_proposal")
    return translation_page(
        request,
        heading=str(proposal),
        texts=_texts(proposal),
        source_language=proposal.source_language,
        language=language,
        save=lambda texts: actions.translate_proposal(request.user, proposal, language, texts),
        back=proposal.get_absolute_url(),
    )


def _earlier_wordings(proposal: Proposal) -> list[tuple[datetime.datetime, str]]:
    """Each wording the proposal had before its current one (amendments replace it), newest first."""
    seen = {text_in(proposal.what, proposal.source_language)}
    out: list[tuple[datetime.datetime, str]] = []
    rows = proposal.history.order_by("-history_date").values_list("history_date", "what", "source_language")
    for when, texts, language in rows:
        what = text_in(texts, language)
        if what not in seen:
            seen.add(what)
            out.append((when, what))
    return out


def _proposal_render(request: HttpRequest, proposal: Proposal, status: int = 200, **forms_: object) -> HttpResponse:
    return render(request, "governance/proposal.html", _proposal_context(request, proposal, **forms_), status=status)


@login_required
def proposal_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _proposal_render(request, access_proposal(request.user, pk))


@login_required
@require_POST
def proposal_comment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = access_proposal(request.user, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            actions.comment(request.user, proposal, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            return redirect(proposal)
    return _proposal_render(request, proposal, 400, comment_form=form)


@login_required
@require_POST
def amendment_settle(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    amendment = access_amendment_to_settle(request.user, pk)
    proposal = amendment.proposal
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
def proposal_resource(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = access_proposal(request.user, pk, "governance.take_part")
    form = ResourceForm(request.POST)
    if form.is_valid():
        try:
            actions.add_resource(request.user, proposal, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            return redirect(proposal)
    return _proposal_render(request, proposal, 400, resource_form=form)


@login_required
@require_POST
def proposal_open_voting(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = access_proposal(request.user, pk, "governance.chair_proposal")
    form = VotingForm(request.POST)
    if form.is_valid():
        try:
            actions.open_voting(request.user, proposal, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Voting is open. Members are voting now."))
            return redirect(proposal)
    return _proposal_render(request, proposal, 400, voting_form=form)


@login_required
@require_POST
def proposal_vote(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = access_proposal(request.user, pk, "governance.take_part")
    form = VoteForm(request.POST, choices=queries.choices_for(queries.method_for(proposal)))
    if form.is_valid():
        try:
            actions.vote(request.user, proposal, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Your vote is recorded."))
            return redirect(proposal)
    return _proposal_render(request, proposal, 400, vote_form=form)


@login_required
@require_POST
def proposal_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Close the vote. When it cannot close yet, the page says why and how many more votes it
    needs, at the top of the closing form."""
    proposal = access_proposal(request.user, pk, "governance.chair_proposal")
    try:
        decision = actions.decide(request.user, proposal)
    except ValidationError as exc:
        return _proposal_render(request, proposal, 400, decide_error=" ".join(exc.messages))
    messages.success(request, _("The decision is recorded and published in the decision log."))
    return redirect(decision)


@login_required
@require_POST
def proposal_extend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = access_proposal(request.user, pk, "governance.chair_proposal")
    form = ExtendVotingForm(request.POST)
    if form.is_valid():
        try:
            actions.extend_voting(request.user, proposal, closes_at=form.cleaned_data["closes_at"])
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Voting is extended. Members who have not voted yet are told."))
            return redirect(proposal)
    return _proposal_render(request, proposal, 400, extend_form=form)
