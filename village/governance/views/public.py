"""The public decision log, each decision with its follow-up, and "you said, we did"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from village.accounts.http import AuthenticatedHttpRequest
from village.governance import actions, queries
from village.governance.access import access_decision
from village.governance.forms import ProgressForm
from village.governance.models import (
    Decision,
    Outcome,
)
from village.governance.views import attach_errors
from village.orgs.models import School


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


def _decision_context(decision: Decision, form: ProgressForm | None) -> dict[str, object]:
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
def decision_progress(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    decision = access_decision(request.user, pk)
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            actions.report_progress(request.user, decision, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The progress update is published."))
            return redirect(decision)
    return render(request, "governance/decision.html", _decision_context(decision, form), status=400)


def you_said_we_did(request: HttpRequest, pk: int) -> HttpResponse:
    school = get_object_or_404(School.objects.select_related("district"), pk=pk)
    return render(
        request, "governance/you_said_we_did.html", {"school": school, "themes": queries.you_said_we_did(school)}
    )
