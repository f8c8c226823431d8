"""A district lead's overview of their district."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render

from village.accounts.http import AuthenticatedHttpRequest
from village.audit.access import trail_for
from village.orgs.access import access_district
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
        },
    )
