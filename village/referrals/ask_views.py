"""A family asks the school for a service it found, and reads what became of it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from village.accounts.http import AuthenticatedHttpRequest
from village.referrals.access import access_family_ask, children_who_may_ask, service_to_refer_to
from village.referrals.actions.asks import ask_for_service, need_categories_of
from village.referrals.forms import AskForm


@login_required
@require_http_methods(["GET", "POST"])
def ask(request: AuthenticatedHttpRequest, service_pk: int) -> HttpResponse:
    children = children_who_may_ask(request.user)
    service = service_to_refer_to(service_pk, active_only=True)
    categories = need_categories_of(service)
    form = AskForm(request.POST or None, children=children, categories=categories)
    if request.method == "POST" and form.is_valid():
        student = next(c for c in children if c.pk == form.cleaned_data["child"])
        try:
            made = ask_for_service(
                request.user,
                student,
                service,
                category=form.cleaned_data["category"],
                description=form.cleaned_data["description"],
                submission_key=form.cleaned_data["submission_key"],
            )
        except ValidationError as exc:
            for error in exc.messages:
                form.add_error(None, error)
        else:
            return redirect("referrals:ask_sent", pk=made.pk)
    return render(request, "referrals/ask.html", {"form": form, "service": service})


@login_required
def ask_sent(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The confirmation after asking, and the ask's page later: what happened since."""
    return render(request, "referrals/ask_sent.html", {"ask": access_family_ask(request.user, pk)})
