"""Fetch-and-authorise helpers for voice (404 alike for missing and forbidden)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from village.orgs.models import School
from village.voice.models import Theme


def themes_for(school: School) -> QuerySet[Theme]:
    """Themes of that school plus the district-wide ones of its district."""
    return Theme.objects.filter(Q(school=school) | Q(school__isnull=True, district_id=school.district_id))
