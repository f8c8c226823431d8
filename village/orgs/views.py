from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from village.accounts.actions import end_membership, grant_membership
from village.accounts.http import AuthenticatedHttpRequest
from village.accounts.models import Membership, Role
from village.audit.access import trail_for
from village.orgs import actions
from village.orgs.access import access_district, access_membership, access_organization, access_school
from village.orgs.forms import MembershipForm, OrganizationForm, PartnerFilterForm, SchoolForm
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


def _district_memberships(district_id: int, region_id: int) -> QuerySet[Membership]:
    return (
        Membership.objects.active()
        .filter(Q(district_id=district_id) | Q(organization__region_id=region_id))
        .select_related("user", "school", "organization", "district")
        .order_by("user__name", "role")
    )


@login_required
@require_http_methods(["GET", "POST"])
def people(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """A district lead's list of who holds which role, and the form to grant one."""
    district = access_district(request.user, slug, "orgs.change_district")
    role_filter = request.GET.get("role", "")
    rows = _district_memberships(district.pk, district.region_id)
    if role_filter in Role.values:
        rows = rows.filter(role=role_filter)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    form = MembershipForm(request.POST or None, district=district)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        role = data["role"]
        try:
            grant_membership(
                request.user,
                email=data["email"],
                name=data["name"],
                role=role,
                district=district,
                school=data["school"],
                organization=data["organization"],
                title=data["title"],
            )
        except ValidationError as exc:
            # A role at the wrong kind of place is a mistake in the place fields; say so there.
            field = ("organization" if role == Role.PARTNER_STAFF else "school") if exc.code == "wrong_scope" else None
            form.add_error(field, exc)
        else:
            messages.success(
                request, _("%(name)s now holds the role %(role)s.") % {"name": data["name"], "role": Role(role).label}
            )
            return redirect("orgs:people", slug=district.slug)
    return render(
        request,
        "orgs/people.html",
        {
            "district": district,
            "page": page,
            "form": form,
            "roles": Role.choices,
            "role_filter": role_filter,
            "query": f"role={role_filter}" if role_filter in Role.values else "",
        },
    )


@login_required
@require_POST
def membership_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = access_membership(request.user, pk)
    end_membership(request.user, membership)
    messages.success(request, _("The role was ended."))
    slug = request.POST.get("district", "")
    return redirect("orgs:people", slug=slug) if slug else redirect("home")
