"""What the public may open: any district's and school's public report (404 for an unknown one)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from village.orgs.models import District, School


def public_district(slug: str) -> District:
    return get_object_or_404(District.objects.select_related("region"), slug=slug)


def public_school(district: District, pk: int) -> School:
    return get_object_or_404(School, district=district, pk=pk)
