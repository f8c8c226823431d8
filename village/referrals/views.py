"""Referring, the partner inbox and following each referral through."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from village.accounts.http import AuthenticatedHttpRequest
from village.directory.models import Service
from village.families.access import access_school_for, access_student
from village.families.disclosure import NotCovered
from village.families.models import Need, Student
from village.referrals import actions
from village.referrals.access import (
    access_need_to_refer,
    access_referral,
    access_referral_as_participant,
    chosen_service,
    covered_elements,
    inbox,
    service_to_refer_to,
    sharing_basis,
)
from village.referrals.consent_forms import ask_form
from village.referrals.facts import facts, shows_school
from village.referrals.forms import (
    DEFAULT_ELEMENTS,
    FeedbackForm,
    MoveForm,
    NoteForm,
    QuickReferForm,
    ReferForm,
)
from village.referrals.models import OPEN_STATUSES, NoteVisibility, Referral, Status
from village.referrals.rules import allowed_next, side_of


def _refer(
    request: AuthenticatedHttpRequest, form: ReferForm, student: Student, service: Service, need: Need | None
) -> HttpResponse | None:
    try:
        referral = actions.refer(
            request.user,
            student,
            service,
            elements=form.cleaned_data["elements"],
            need=need,
            submission_key=form.cleaned_data["submission_key"],
        )
    except NotCovered as exc:
        return render(
            request,
            "referrals/consent_needed.html",
            {
                "student": student,
                "service": service,
                "need": need,
                "message": str(exc),
                "form": ask_form(form.cleaned_data["elements"], need),
            },
        )
    except ValidationError as exc:
        for error in exc.messages:
            form.add_error(None, error)
        return None
    messages.success(request, _("The referral was sent. The partner and the family are told."))
    return redirect("referrals:detail", pk=referral.pk)


@login_required
@require_http_methods(["GET", "POST"])
def refer_page(request: AuthenticatedHttpRequest, pk: int, service_pk: int) -> HttpResponse:
    need = access_need_to_refer(request.user, pk)
    student = need.student
    service = service_to_refer_to(service_pk)
    basis = sharing_basis(student, service)
    form = ReferForm(request.POST or None, covered=covered_elements(basis))
    if request.method == "POST" and form.is_valid():
        response = _refer(request, form, student, service, need)
        if response is not None:
            return response
    return render(
        request,
        "referrals/refer.html",
        {
            "need": need,
            "student": student,
            "service": service,
            "form": form,
            "basis": basis,
            "ask_url": reverse("referrals:request_consent", kwargs={"pk": student.pk, "service_pk": service.pk}),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def quick_refer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Refer to a service chosen from the directory. Once the service is known (`?service=` or the
    posted choice), what the family's consent for its partner covers is ticked."""
    student = access_student(request.user, pk, "referrals.refer_student")
    data = request.POST.copy() if request.method == "POST" else None
    service = chosen_service(student, (data or request.GET).get("service"))
    basis = sharing_basis(student, service) if service is not None else None
    covered = covered_elements(basis)
    initial: dict[str, object] = {"service": service} if service is not None else {"elements": []}
    if data is not None and service is not None and not data.getlist("elements"):
        # The service was chosen with nothing ticked: tick what the consent covers and let them check it.
        data.setlist("elements", covered if covered is not None else DEFAULT_ELEMENTS)
        form = QuickReferForm(data, student=student, covered=covered)
        if covered is not None:
            messages.info(
                request, _("What the family's consent covers for this partner is now ticked. Check it, then send.")
            )
        else:
            messages.info(
                request,
                _(
                    "No consent covers sharing with this partner yet. The usual information is ticked: "
                    "sending it will offer to ask the family first."
                ),
            )
    else:
        form = QuickReferForm(data, student=student, covered=covered, initial=initial)
        if data is not None and form.is_valid():
            response = _refer(request, form, student, form.cleaned_data["service"], form.cleaned_data.get("need"))
            if response is not None:
                return response
    ask_url = (
        reverse("referrals:request_consent", kwargs={"pk": student.pk, "service_pk": service.pk}) if service else ""
    )
    return render(
        request,
        "referrals/quick_refer.html",
        {"student": student, "form": form, "service": service, "basis": basis, "ask_url": ask_url},
    )


@login_required
def inbox_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    # The inbox names no school: which school referred is shown on the referral's page, where
    # the view is a recorded disclosure, and only when the family's consent covers it.
    referrals = inbox(request.user).select_related("service", "organization", "district")
    if status == "open":
        referrals = referrals.filter(status__in=OPEN_STATUSES)
    elif status in Status.values:
        referrals = referrals.filter(status=status)
    return render(
        request,
        "referrals/inbox.html",
        {
            "referrals": referrals[:200],
            "status": status,
            "statuses": Status.choices,
        },
    )


@login_required
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = access_referral(request.user, pk)
    sides = side_of(request.user, referral)
    shown = True
    if sides == {"partner"}:
        # The partner sees the student's information: each view is a recorded disclosure.
        try:
            actions.record_partner_view(request.user, referral)
        except NotCovered:
            shown = False
    notes = referral.notes.select_related("author")
    if "school" not in sides:
        notes = notes.filter(visibility=NoteVisibility.SHARED)
    is_family = request.user.has_perm("referrals.give_feedback", referral) and not sides
    show_facts = shown and (bool(sides) or is_family)
    return render(
        request,
        "referrals/detail.html",
        {
            "referral": referral,
            "student": referral.student,
            "sides": sides,
            "shown": shown,
            "shows_school": shows_school(referral, sides, shown),
            "facts": facts(referral) if show_facts else [],
            "next_steps": [(s, Status(s).label) for s in allowed_next(request.user, referral)],
            "events": referral.events.select_related("actor"),
            "notes": notes if sides else [],
            "note_form": _note_form(sides),
            "move_form": MoveForm(),
            "is_family": is_family,
            "feedback_form": FeedbackForm() if is_family and not referral.is_open else None,
            "stalled": referral.status == Status.SENT
            and referral.created_at < timezone.now() - datetime.timedelta(days=settings.VILLAGE_STALLED_REFERRAL_DAYS),
        },
    )


def _note_form(sides: set[str], data: Any = None) -> NoteForm | None:
    """School staff choose who reads a note (school only by default); a partner's note is always
    shared with the school, so the partner's form has no choice to make."""
    if not sides:
        return None
    return NoteForm(data, for_partner="school" not in sides)


@login_required
@require_POST
def move(request: AuthenticatedHttpRequest, pk: int, to: str) -> HttpResponse:
    referral = access_referral(request.user, pk)
    if to not in Status.values:
        raise Http404
    form = MoveForm(request.POST)
    form.is_valid()
    try:
        moved = actions.move(
            request.user,
            referral,
            to,
            form.cleaned_data.get("reason", ""),
            expected=request.POST.get("expected") or None,
        )
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        if moved.status != to:
            messages.warning(request, _("The service is full, so the referral went onto its waiting list."))
        else:
            messages.success(request, _("The referral is now “%(status)s”.") % {"status": moved.get_status_display()})
    return redirect("referrals:detail", pk=referral.pk)


@login_required
@require_POST
def add_note(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = access_referral_as_participant(request.user, pk)
    form = _note_form(side_of(request.user, referral), request.POST)
    assert form is not None  # a participant acts for at least one side
    if form.is_valid():
        try:
            actions.add_note(request.user, referral, form.cleaned_data["text"], form.chosen_visibility)
        except NotCovered:
            messages.error(request, _("The family's consent no longer covers sharing with this partner."))
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("The note was added."))
    else:
        messages.error(request, _("Write the note first."))
    return redirect("referrals:detail", pk=referral.pk)


@login_required
@require_POST
def read_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = access_referral(request.user, pk, "referrals.act_as_school")
    try:
        actions.read_family_answer(request.user, referral)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Marked as read. It no longer shows on the worklist."))
    back = request.POST.get("back")
    if back == "home":
        # Marked from the worklist: back to it.
        return redirect("home")
    if back == "worklist":
        return redirect("home:worklist_kind", pk=referral.school_id, kind="answers")
    return redirect("referrals:detail", pk=referral.pk)


@login_required
@require_POST
def feedback(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = access_referral(request.user, pk, "referrals.give_feedback")
    form = FeedbackForm(request.POST)
    if form.is_valid():
        actions.family_feedback(request.user, referral, form.cleaned_data["got_help"], form.cleaned_data["comment"])
        messages.success(request, _("Thank you. The school will read what you said."))
    else:
        messages.error(request, _("Say whether your child got the help."))
    return redirect("referrals:detail", pk=referral.pk)


@login_required
def student_referrals(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    student = access_student(request.user, pk, "families.view_plan")
    referrals = Referral.objects.filter(student=student).select_related("service", "organization")
    return render(
        request,
        "referrals/student_referrals.html",
        {
            "student": student,
            "referrals": referrals,
            "needs": student.needs.exclude(status__in=["met", "closed_unmet"]),
            "can_refer": request.user.has_perm("referrals.refer_student", student),
        },
    )


@login_required
def school_referrals(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    school = access_school_for(request.user, pk, "referrals.view_school_referrals")
    referrals = Referral.objects.filter(school=school).select_related("service", "organization", "student")
    return render(
        request,
        "referrals/school_referrals.html",
        {"school": school, "referrals": referrals[:300]},
    )
