"""A district lead's overview of their district, and starting another district in the region."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from village.accounts.http import AuthenticatedHttpRequest
from village.audit.access import trail_for
from village.lib.languages import language_name
from village.orgs import actions
from village.orgs.access import access_district, access_region, led_districts
from village.orgs.forms import DistrictStartForm
from village.orgs.models import Organization, PartnerType


@login_required
def district_detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
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
            "can_start_district": request.user.has_perm("orgs.start_district", district.region),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def district_start(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """A lead of a district in the region starts another district there and invites its first lead."""
    region = access_region(request.user, slug)
    form = DistrictStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            district = actions.start_district(
                request.user,
                region_name=region.name,
                region_slug=region.slug,
                name=data["name"],
                slug=data["slug"],
                nces_id=data["nces_id"],
                lead_email=data["lead_email"],
                lead_name=data["lead_name"],
                language=data["language"],
            )
        except ValidationError as exc:
            _errors_on_fields(form, exc)
        else:
            messages.success(
                request,
                _("%(district)s was started. %(name)s was invited by email, in %(language)s, to lead it.")
                % {
                    "district": district.name,
                    "name": data["lead_name"],
                    "language": language_name(data["language"]),
                },
            )
            home = led_districts(request.user).filter(region=region).order_by("name").first()
            return redirect(home if home is not None else "home")
    return render(request, "orgs/district_start.html", {"region": region, "form": form})


# Errors of the lead's account, which the action raises without a field, and the fields they concern.
_FIELD_OF_CODE = {"invalid_email": "lead_email", "invalid_language": "language"}


def _errors_on_fields(form: DistrictStartForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return
    for error in exc.error_list:
        form.add_error(_FIELD_OF_CODE.get(error.code or ""), error.messages)
