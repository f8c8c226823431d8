"""The region's partner organizations: the list a district lead searches, profiles and their editing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from village.accounts.http import AuthenticatedHttpRequest
from village.accounts.models import Membership
from village.audit.access import trail_for
from village.orgs import actions
from village.orgs.access import access_district, access_organization
from village.orgs.forms import OrganizationForm, PartnerFilterForm
from village.orgs.models import Organization


@login_required
def partner_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    district = access_district(request.user, slug)
    form = PartnerFilterForm(request.GET or None)
    partners = Organization.objects.filter(region=district.region).order_by("name")
    if form.is_valid():
        if q := form.cleaned_data.get("q"):
            partners = partners.filter(name__icontains=q)
        if partner_type := form.cleaned_data.get("partner_type"):
            partners = partners.filter(partner_type=partner_type)
    page = Paginator(partners, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    # htmx asks for the results alone; everyone else gets the whole page.
    template = "orgs/partner_list.html#results" if request.htmx else "orgs/partner_list.html"
    return render(
        request,
        template,
        {"district": district, "form": form, "page": page, "query": query.urlencode()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organization_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    district = access_district(request.user, slug, "orgs.change_district")
    form = OrganizationForm(request.POST or None)
    form.instance.region = district.region
    if request.method == "POST" and form.is_valid():
        org = actions.create_organization(request.user, district.region, **form.cleaned_data)
        messages.success(request, _("The partner organization was added."))
        return redirect(org)
    return render(request, "orgs/organization_form.html", {"form": form, "district": district, "organization": None})


@login_required
def organization_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    org = access_organization(request.user, pk)
    can_edit = request.user.has_perm("orgs.change_organization", org)
    staff = Membership.objects.active().filter(organization=org).select_related("user").order_by("user__name")
    return render(
        request,
        "orgs/organization_detail.html",
        {"organization": org, "can_edit": can_edit, "staff": staff, "trail": trail_for(org) if can_edit else None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organization_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    org = access_organization(request.user, pk, "orgs.change_organization")
    form = OrganizationForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        actions.update_organization(request.user, form.save(commit=False), form.changed_data)
        messages.success(request, _("The organization's profile was saved."))
        return redirect(org)
    return render(request, "orgs/organization_form.html", {"form": form, "organization": org, "district": None})
