from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from village.accounts.http import AuthenticatedHttpRequest
from village.partnerships import actions
from village.partnerships.access import access_partnership, access_task
from village.partnerships.actions.plans import agreement_term
from village.partnerships.analysis import reciprocity, timeline
from village.partnerships.forms import FundingForm, MilestoneForm, ResourceForm, TaskForm, TaskUpdateForm
from village.partnerships.views.partnerships import add_form_errors


@login_required
@require_http_methods(["GET", "POST"])
def plan(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The action plan: milestones, tasks, the timeline, and forms to add both (POST names which)."""
    partnership = access_partnership(request.user, pk, "partnerships.contribute")
    posted = request.POST.get("form") if request.method == "POST" else None
    milestone_form = MilestoneForm(
        request.POST if posted == "milestone" else None, partnership=partnership, prefix="milestone"
    )
    task_form = TaskForm(request.POST if posted == "task" else None, partnership=partnership, prefix="task")
    if posted == "milestone" and milestone_form.is_valid():
        try:
            actions.add_milestone(request.user, partnership, **milestone_form.cleaned_data)
        except ValidationError as error:
            add_form_errors(milestone_form, error)
        else:
            messages.success(request, _("The milestone was added."))
            return redirect(reverse("partnerships:plan", kwargs={"pk": pk}))
    if posted == "task" and task_form.is_valid():
        try:
            actions.add_task(request.user, partnership, **task_form.cleaned_data)
        except ValidationError as error:
            add_form_errors(task_form, error)
        else:
            messages.success(request, _("The task was added."))
            return redirect(reverse("partnerships:plan", kwargs={"pk": pk}))
    milestones = list(partnership.milestones.select_related("owner"))
    tasks = list(partnership.tasks.select_related("owner", "milestone", "organization"))
    term = agreement_term(partnership)
    return render(
        request,
        "partnerships/plan.html",
        {
            "partnership": partnership,
            "milestones": milestones,
            "tasks": [(t, request.user.has_perm("partnerships.change_task", t)) for t in tasks],
            "timeline": timeline(partnership, milestones, tasks, term),
            "term": term,
            "milestone_form": milestone_form,
            "task_form": task_form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    task = access_task(request.user, pk)
    form = TaskUpdateForm(request.POST or None, instance=task)
    if request.method == "POST" and form.is_valid():
        actions.update_task(request.user, form.save(commit=False), form.changed_data)
        messages.success(request, _("The task was updated."))
        return redirect(reverse("partnerships:plan", kwargs={"pk": task.partnership_id}))
    return render(request, "partnerships/task_form.html", {"form": form, "task": task})


@login_required
@require_http_methods(["GET", "POST"])
def resources(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partnership = access_partnership(request.user, pk, "partnerships.contribute")
    form = ResourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_resource(request.user, partnership, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The shared resource was recorded."))
            return redirect(reverse("partnerships:resources", kwargs={"pk": pk}))
    return render(
        request,
        "partnerships/resources.html",
        {
            "partnership": partnership,
            "form": form,
            "resources": partnership.resources.all(),
            "reciprocity": reciprocity(partnership),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def funding(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partnership = access_partnership(request.user, pk, "partnerships.contribute")
    form = FundingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_funding(request.user, partnership, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The funding was recorded."))
            return redirect(reverse("partnerships:funding", kwargs={"pk": pk}))
    return render(
        request,
        "partnerships/funding.html",
        {"partnership": partnership, "form": form, "funding": partnership.funding.all()},
    )
