"""A student's page, plan, goals and needs: shared by the family and the school staff who serve the student."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from village.accounts.http import AuthenticatedHttpRequest
from village.families import actions
from village.families.access import access_need, access_student
from village.families.forms import GoalForm, NeedForm, NeedStatusForm, PlanForm
from village.families.queries import plan_for
from village.families.rules import is_family_of
from village.families.vocab import NeedSource


@login_required
def student_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    student = access_student(request.user, pk, "families.view_plan")
    plan = plan_for(student)
    needs = list(student.needs.select_related("raised_by").order_by("status", "-created_at"))
    user = request.user
    return render(
        request,
        "families/student_detail.html",
        {
            "student": student,
            "plan": plan,
            "goals": plan.goals.all() if plan.pk else [],
            "needs": needs,
            "is_family": is_family_of(user, student),
            "can_see_flags": user.has_perm("families.view_student_flags", student),
            "can_share": user.has_perm("families.share_student", student),
            "status_form": NeedStatusForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    student = access_student(request.user, pk, "families.change_plan")
    plan = plan_for(student)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        actions.update_plan(request.user, plan, form.cleaned_data["success_in_own_words"])
        messages.success(request, _("The plan was saved."))
        return redirect("families:student", pk=student.pk)
    return render(request, "families/plan_form.html", {"student": student, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def goal_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    student = access_student(request.user, pk, "families.change_plan")
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.add_goal(request.user, plan_for(student), form.cleaned_data["text"], form.cleaned_data["target_date"])
        messages.success(request, _("The goal was added to the plan."))
        return redirect("families:student", pk=student.pk)
    return render(request, "families/goal_form.html", {"student": student, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def need_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    student = access_student(request.user, pk, "families.change_plan")
    family = bool(is_family_of(request.user, student))
    form = NeedForm(request.POST or None, family=family)
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in form.fields}
        if family:
            fields["source"] = NeedSource.FAMILY
        try:
            actions.add_need(request.user, student, **fields)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The need was added to the plan."))
            return redirect("families:student", pk=student.pk)
    return render(request, "families/need_form.html", {"student": student, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def need_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    need = access_need(request.user, pk)
    form = NeedStatusForm(request.POST or None, initial={"status": need.status})
    if request.method == "POST" and form.is_valid():
        actions.change_need_status(request.user, need, form.cleaned_data["status"])
        messages.success(request, _("The need's status was updated."))
        return redirect("families:student", pk=need.student_id)
    history = need.history.select_related("history_user").order_by("-history_date")[:50]
    return render(request, "families/need_status.html", {"need": need, "form": form, "history": history})
