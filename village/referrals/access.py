"""Fetch-and-authorise helpers for referrals (404 alike for missing and forbidden)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from village.accounts.models import Role
from village.accounts.predicates import organization_ids
from village.families.models import Need
from village.lib.access import get_authorized
from village.referrals.models import Referral


def access_referral(user: Any, pk: int, perm: str = "referrals.view_referral") -> Referral:
    return get_authorized(
        user,
        Referral.objects.select_related("student__household", "service", "organization", "school", "need"),
        perm,
        pk=pk,
    )


def access_need_to_refer(user: Any, pk: int) -> Need:
    """A need whose student the person may refer (the student's school staff)."""
    return get_authorized(
        user, Need.objects.select_related("student__household", "school"), "referrals.refer_for_need", pk=pk
    )


def inbox(user: Any) -> QuerySet[Referral]:
    return Referral.objects.filter(organization_id__in=organization_ids(user, Role.PARTNER_STAFF))
