"""Consent requests: the school asks, the family reads and answers, the school follows the answer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from village.accounts.http import AuthenticatedHttpRequest
from village.families.access import access_student
from village.families.disclosure import NotCovered
from village.families.vocab import DataElement
from village.referrals import actions
from village.referrals.access import (
    access_consent_request_to_answer,
    access_consent_request_to_follow,
    need_of_student,
    service_to_refer_to,
)
from village.referrals.actions import consent_requests
from village.referrals.consent_forms import AUTOMATIC, AnswerForm, ConsentRequestForm, DeclineForm
from village.referrals.models import ConsentRequest


def _labels(elements: list[str]) -> list[str]:
    return [str(DataElement(e).label) for e in elements if e in DataElement.values]


@login_required
@require_POST
def request_consent(request: AuthenticatedHttpRequest, pk: int, service_pk: int) -> HttpResponse:
    student = access_student(request.user, pk, "referrals.refer_student")
    service = service_to_refer_to(service_pk, active_only=True)
    form = ConsentRequestForm(request.POST)
    need = need_of_student(student, request.POST.get("need"))
    if form.is_valid():
        try:
            actions.request_consent(
                request.user,
                student,
                service,
                elements=form.cleaned_data["elements"],
                need=need,
                valid_until=form.cleaned_data["valid_until"],
                send_automatically=form.cleaned_data["send"] == AUTOMATIC,
                submission_key=form.cleaned_data["submission_key"],
            )
        except ValidationError as exc:
            for error in exc.messages:
                form.add_error(None, error)
        else:
            messages.success(
                request, _("The family was asked for consent, in its language. Nothing is shared until they agree.")
            )
            return redirect("referrals:student", pk=student.pk)
    context = {"student": student, "service": service, "need": need, "form": form, "message": ""}
    return render(request, "referrals/consent_needed.html", context, status=400)


def _answer_context(
    consent_request: ConsentRequest, form: AnswerForm | None, decline_form: DeclineForm | None = None
) -> dict[str, object]:
    return {
        "consent_request": consent_request,
        "student": consent_request.student,
        "labels": _labels(consent_request.elements),
        "form": form,
        "decline_form": decline_form or DeclineForm(prefix="decline"),
        "closed": consent_request.closed_message(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The page the family's message links to: the request explained, the consent filled in."""
    consent_request = access_consent_request_to_answer(request.user, pk)
    if consent_request.closed_message():
        return render(request, "referrals/consent_answer.html", _answer_context(consent_request, None))
    form = AnswerForm(
        request.POST or None,
        consent_request=consent_request,
        as_student=consent_request.student.user_id == request.user.pk,
        initial={"signer_name": request.user.name},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            consent_requests.answer_consent_request(
                request.user,
                consent_request,
                elements=d["elements"],
                valid_until=d["valid_until"],
                signer_name=d["signer_name"],
                signer_relationship=d["signer_relationship"],
                confirmed=d["confirm"],
            )
        except ValidationError as exc:
            if exc.code == "closed":
                consent_request.refresh_from_db()
                return render(request, "referrals/consent_answer.html", _answer_context(consent_request, None))
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(
                request,
                _("Thank you. Your consent is saved and the school is told. You can withdraw it here at any time."),
            )
            return redirect("families:consents", pk=consent_request.student_id)
    return render(request, "referrals/consent_answer.html", _answer_context(consent_request, form))


@login_required
@require_POST
def decline(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The family says no, and may say why."""
    consent_request = access_consent_request_to_answer(request.user, pk)
    form = DeclineForm(request.POST, prefix="decline")
    if form.is_valid():
        try:
            consent_requests.decline_consent_request(request.user, consent_request, form.cleaned_data["reason"])
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                messages.error(request, exc.messages[0])
                return redirect("referrals:consent_answer", pk=consent_request.pk)
            form.add_error(None, exc)
        else:
            messages.success(request, _("You said no. Nothing is shared with the partner, and the school is told."))
            return redirect("home")
    answer_form = AnswerForm(
        consent_request=consent_request,
        as_student=consent_request.student.user_id == request.user.pk,
        initial={"signer_name": request.user.name},
    )
    context = _answer_context(consent_request, answer_form, form)
    return render(request, "referrals/consent_answer.html", context, status=400)


@login_required
def follow(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The school's view of a request: its answer, and the one click that sends a waiting referral."""
    consent_request = access_consent_request_to_follow(request.user, pk)
    return render(
        request,
        "referrals/consent_request.html",
        {
            "consent_request": consent_request,
            "student": consent_request.student,
            "labels": _labels(consent_request.elements),
            "can_refer": request.user.has_perm("referrals.refer_student", consent_request.student),
        },
    )


@login_required
@require_POST
def send(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    consent_request = access_consent_request_to_follow(request.user, pk)
    try:
        referral = consent_requests.send_waiting_referral(request.user, consent_request)
    except NotCovered as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The referral was sent. The partner and the family are told."))
        return redirect("referrals:detail", pk=referral.pk)
    return redirect("referrals:consent_request", pk=consent_request.pk)


@login_required
@require_POST
def withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    consent_request = access_consent_request_to_follow(request.user, pk)
    try:
        consent_requests.withdraw_consent_request(request.user, consent_request)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The request is withdrawn. The family's link now says so."))
    return redirect("referrals:consent_request", pk=consent_request.pk)
