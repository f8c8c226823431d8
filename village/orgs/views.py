from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from village.accounts.models import Membership, Role
from village.audit.access import trail_for
from village.families.models import Student
from village.orgs import actions
from village.orgs.access import access_district, access_organization, access_school
from village.orgs.forms import OrganizationForm, PartnerFilterForm, SchoolForm
from village.orgs.models import Organization, PartnerType


@login_required
def district_detail(request: HttpRequest, slug: str) -> HttpResponse:
    district = access_district(request.user, slug)
    schools = district.schools.annotate(
        enrolled=Count("students", filter=Q(students__status="enrolled")),
    ).order_by("name")
    partner_counts = dict(
        Organization.objects.filter(region=district.region)
        .values_list("partner_type")
        .annotate(n=Count("id"))
        .values_list("partner_type", "n")
    )
    partner_types = [(label, partner_counts.get(value, 0), value) for value, label in PartnerType.choices]
    return render(
        request,
        "orgs/district_detail.html",
        {
            "district": district,
            "schools": schools,
            "partner_types": partner_types,
            "partner_total": sum(partner_counts.values()),
            "trail": trail_for(district),
        },
    )


@login_required
def school_detail(request: HttpRequest, pk: int) -> HttpResponse:
    school = access_school(request.user, pk)
    can_see_staff = request.user.has_perm("orgs.view_school_staff", school)
    context: dict[str, object] = {
        "school": school,
        "can_edit": request.user.has_perm("orgs.change_school", school),
        "can_see_staff": can_see_staff,
    }
    if can_see_staff:
        enrolled = Student.objects.filter(school=school, status="enrolled")
        context["enrolled"] = enrolled.count()
        context["grades"] = enrolled.values("grade").annotate(n=Count("id")).order_by("grade")
        context["staff"] = (
            Membership.objects.active()
            .filter(school=school)
            .exclude(role=Role.STUDENT)
            .select_related("user")
            .order_by("role", "user__name")
        )
        context["trail"] = trail_for(school)
    return render(request, "orgs/school_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def school_create(request: HttpRequest, slug: str) -> HttpResponse:
    district = access_district(request.user, slug, "orgs.change_district")
    form = SchoolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        school = actions.create_school(request.user, district, **form.cleaned_data)
        messages.success(request, _("The school was created."))
        return redirect(school)
    return render(request, "orgs/school_form.html", {"form": form, "district": district, "school": None})


@login_required
@require_http_methods(["GET", "POST"])
def school_edit(request: HttpRequest, pk: int) -> HttpResponse:
    school = access_school(request.user, pk, "orgs.change_school")
    form = SchoolForm(request.POST or None, instance=school)
    if request.method == "POST" and form.is_valid():
        actions.update_school(request.user, form.save(commit=False), form.changed_data)
        messages.success(request, _("The school was saved."))
        return redirect(school)
    return render(request, "orgs/school_form.html", {"form": form, "district": school.district, "school": school})


@login_required
def partner_list(request: HttpRequest, slug: str) -> HttpResponse:
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
    template = "orgs/partner_list.html#results" if request.htmx else "orgs/partner_list.html"  # type: ignore[attr-defined]
    return render(
        request,
        template,
        {"district": district, "form": form, "page": page, "query": query.urlencode()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organization_create(request: HttpRequest, slug: str) -> HttpResponse:
    district = access_district(request.user, slug, "orgs.change_district")
    form = OrganizationForm(request.POST or None)
    form.instance.region = district.region
    if request.method == "POST" and form.is_valid():
        org = actions.create_organization(request.user, district.region, **form.cleaned_data)
        messages.success(request, _("The partner organization was added."))
        return redirect(org)
    return render(request, "orgs/organization_form.html", {"form": form, "district": district, "organization": None})


@login_required
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
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
def organization_edit(request: HttpRequest, pk: int) -> HttpResponse:
    org = access_organization(request.user, pk, "orgs.change_organization")
    form = OrganizationForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        actions.update_organization(request.user, form.save(commit=False), form.changed_data)
        messages.success(request, _("The organization's profile was saved."))
        return redirect(org)
    return render(request, "orgs/organization_form.html", {"form": form, "organization": org, "district": None})
