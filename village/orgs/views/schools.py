"""Adding and editing a district's schools."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from village.accounts.http import AuthenticatedHttpRequest
from village.orgs import actions
from village.orgs.access import access_district, access_school
from village.orgs.forms import SchoolForm


@login_required
@require_http_methods(["GET", "POST"])
def school_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    district = access_district(request.user, slug, "orgs.change_district")
    form = SchoolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        school = actions.create_school(request.user, district, **form.cleaned_data)
        messages.success(request, _("The school was created."))
        return redirect(school)
    return render(request, "orgs/school_form.html", {"form": form, "district": district, "school": None})


@login_required
@require_http_methods(["GET", "POST"])
def school_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    school = access_school(request.user, pk, "orgs.change_school")
    form = SchoolForm(request.POST or None, instance=school)
    if request.method == "POST" and form.is_valid():
        actions.update_school(request.user, form.save(commit=False), form.changed_data)
        messages.success(request, _("The school was saved."))
        return redirect(school)
    return render(request, "orgs/school_form.html", {"form": form, "district": school.district, "school": school})
