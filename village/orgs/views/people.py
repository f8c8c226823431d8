"""People and roles: a district lead grants and ends roles in the district and its region's partners."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import slug_re
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from village.accounts.actions import end_membership
from village.accounts.http import AuthenticatedHttpRequest
from village.accounts.models import Membership, Role
from village.lib.languages import language_name
from village.orgs.access import access_district, access_membership
from village.orgs.actions import grant_role
from village.orgs.forms import MembershipForm


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
        language = data["language"] or translation.get_language() or settings.LANGUAGE_CODE
        try:
            membership = grant_role(
                request.user,
                email=data["email"],
                name=data["name"],
                role=role,
                district=district,
                school=data["school"],
                organization=data["organization"],
                title=data["title"],
                language=language,
            )
        except ValidationError as exc:
            # A role at the wrong kind of place is a mistake in the place fields; say so there.
            field = ("organization" if role == Role.PARTNER_STAFF else "school") if exc.code == "wrong_scope" else None
            field = "email" if exc.code == "invalid_email" else field
            form.add_error(field, exc)
        else:
            messages.success(
                request,
                _("%(name)s now holds the role %(role)s. Village emailed them an invitation in %(language)s.")
                % {
                    "name": membership.user.name,
                    "role": Role(role).label,
                    "language": language_name(membership.user.preferred_language or language),
                },
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
    # The role is ended: a made-up district in the form must not turn that into a server error.
    return redirect("orgs:people", slug=slug) if slug_re.fullmatch(slug) else redirect("home")
