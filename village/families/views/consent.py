"""Consent: a family gives, reviews and withdraws it; staff record paper consents; the record of disclosures."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from village.accounts.http import AuthenticatedHttpRequest
from village.families import actions
from village.families.access import access_consent, access_consent_scan, access_legal_basis, access_student
from village.families.disclosure import NotCovered
from village.families.forms import ConsentForm, DirectoryOptOutForm, LegalBasisForm, PaperConsentForm, ShareForm
from village.families.models import DisclosureRecord
from village.families.rules import is_adult, is_family_of
from village.families.scans import KINDS


def _apply_errors(form: object, exc: ValidationError) -> None:
    assert isinstance(form, forms.Form)
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@login_required
def consent_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    student = access_student(request.user, pk, "families.view_consents")
    consents = student.consents.select_related("recipient", "withdrawn_by").order_by("-signed_at")
    user = request.user
    return render(
        request,
        "families/consent_list.html",
        {
            "student": student,
            "consents": consents,
            "can_give": user.has_perm("families.give_consent", student),
            "can_record_paper": user.has_perm("families.record_paper_consent", student),
            "can_record_basis": user.has_perm("families.record_legal_basis", student),
            "bases": student.legal_bases.select_related("recipient", "recorded_by").order_by("-recorded_at"),
            "can_withdraw": user.has_perm("families.give_consent", student)
            or user.has_perm("families.record_paper_consent", student),
            "opt_out_form": DirectoryOptOutForm(initial={"opt_out": student.directory_opt_out}),
            "is_family": is_family_of(user, student),
            "is_self": student.user_id == user.pk,
            "today": timezone.localdate(),
            "adult": is_adult(user, student),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    student = access_student(request.user, pk, "families.give_consent")
    form = ConsentForm(
        request.POST or None,
        student=student,
        as_student=student.user_id == request.user.pk,
        initial={"signer_name": request.user.name},
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.give_consent(request.user, student, form.terms(), confirmed=form.cleaned_data["confirm"])
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Thank you. Your consent is saved, and you can withdraw it here at any time."))
            return redirect("families:consents", pk=student.pk)
    return render(request, "families/consent_form.html", {"student": student, "form": form, "paper": False})


@login_required
@require_http_methods(["GET", "POST"])
def consent_paper(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    student = access_student(request.user, pk, "families.record_paper_consent")
    form = PaperConsentForm(request.POST or None, request.FILES or None, student=student)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_paper_consent(
                request.user,
                student,
                form.terms(),
                scan=form.cleaned_data["scan"],
                signed_on=form.cleaned_data["signed_on"],
                language=form.cleaned_data["language"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The paper consent was recorded with its scan."))
            return redirect("families:consents", pk=student.pk)
    return render(request, "families/consent_form.html", {"student": student, "form": form, "paper": True})


@login_required
def consent_scan(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """The scan of a paper consent, to those who see the student's consents. Sent as a download
    of the kind its content proved to be on upload, never sniffed or shown inline as a page."""
    consent = access_consent_scan(request.user, pk)
    kind = KINDS[(consent.scan.name or "").rsplit(".", 1)[-1]]
    response = FileResponse(
        consent.scan.open("rb"), as_attachment=True, filename=f"consent-{consent.pk}.{kind.extension}"
    )
    response["Content-Type"] = kind.content_type
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    consent = access_consent(request.user, pk)
    if request.method == "POST":
        actions.withdraw_consent(request.user, consent)
        messages.success(request, _("The consent is withdrawn. From now on nothing more is shared under it."))
        return redirect("families:consents", pk=consent.student_id)
    return render(request, "families/consent_withdraw.html", {"consent": consent, "student": consent.student})


@login_required
@require_http_methods(["GET", "POST"])
def legal_basis_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    student = access_student(request.user, pk, "families.record_legal_basis")
    form = LegalBasisForm(request.POST or None, student=student)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_legal_basis(request.user, student, form.terms())
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The legal basis was recorded. Each disclosure under it is still recorded."))
            return redirect("families:consents", pk=student.pk)
    return render(request, "families/legal_basis_form.html", {"student": student, "form": form})


@login_required
@require_POST
def legal_basis_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    basis = access_legal_basis(request.user, pk)
    actions.end_legal_basis(request.user, basis)
    messages.success(request, _("The legal basis is ended. From now on nothing more is shared under it."))
    return redirect("families:consents", pk=basis.student_id)


@login_required
@require_POST
def directory_opt_out(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    student = access_student(request.user, pk, "families.give_consent")
    form = DirectoryOptOutForm(request.POST)
    if form.is_valid():
        actions.set_directory_opt_out(request.user, student, form.cleaned_data["opt_out"])
        messages.success(request, _("Your choice about directory information was saved."))
    return redirect("families:consents", pk=student.pk)


@login_required
def disclosure_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    student = access_student(request.user, pk, "families.view_disclosures")
    records = (
        DisclosureRecord.objects.filter(student=student)
        .select_related("recipient", "disclosed_by", "consent", "legal_basis")
        .order_by("-disclosed_at")[:500]
    )
    return render(
        request,
        "families/disclosure_list.html",
        {"student": student, "records": records, "is_family": is_family_of(request.user, student)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def share(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Send a partner a summary of the student. Only what a current consent covers; always recorded."""
    student = access_student(request.user, pk, "families.share_student")
    form = ShareForm(request.POST or None, student=student)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            record = actions.share_student_summary(
                request.user, student, d["recipient"], d["elements"], d["purpose"], d["detail"]
            )
        except NotCovered as exc:
            form.add_error(None, str(exc))
        else:
            return render(request, "families/share_summary.html", {"student": student, "record": record})
    return render(request, "families/share_form.html", {"student": student, "form": form})
