"""The needs-met indicator counts the family's word: "did your child get the help?"."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import World
from village.indicators.models import Period, Value
from village.referrals.actions import move
from village.referrals.tests.helpers import layla_referral

pytestmark = pytest.mark.django_db


def _needs_met(login: Any, world: World) -> tuple[int, int]:
    """Dana, the district lead, refreshes this quarter's figures; Lincoln's needs met, of needs recorded."""
    lead = login("dana", language="en")
    slug = {"slug": "riverbend"}
    if not Period.objects.filter(label="This quarter").exists():
        lead.post(reverse("indicators:framework", kwargs=slug), {"starter": "1"})
        today = timezone.localdate()
        lead.post(
            reverse("indicators:period_new", kwargs=slug),
            {
                "label": "This quarter",
                "starts": (today - dt.timedelta(days=30)).isoformat(),
                "ends": (today + dt.timedelta(days=30)).isoformat(),
            },
        )
    period = Period.objects.get(label="This quarter")
    assert lead.post(reverse("indicators:refresh", kwargs=slug), {"period": period.pk}).status_code == 302
    value = Value.objects.get(indicator__code="needs-met", period=period, school=world.lincoln, group="all")
    return value.numerator, value.denominator


def _answer(login: Any, referral: Any, got_help: str) -> None:
    """Amina, Layla's mother, answers on the referral's page."""
    login("amina").post(reverse("referrals:feedback", kwargs={"pk": referral.pk}), {"got_help": got_help})


def test_a_completed_referral_the_family_says_did_not_help_does_not_count_as_a_need_met(
    login: Any, world: World, settings: Any
) -> None:
    settings.VILLAGE_SMALL_N = 1
    referral = layla_referral(world)
    for step in ("accepted", "in_service", "completed"):
        referral = move(world.mai, referral, step)
    assert _needs_met(login, world) == (1, 1)  # marked met when the referral completed
    _answer(login, referral, "no")
    assert _needs_met(login, world) == (0, 1)
    _answer(login, referral, "yes")
    assert _needs_met(login, world) == (1, 1)


def test_the_family_saying_it_got_the_help_counts_the_need_as_met(login: Any, world: World, settings: Any) -> None:
    settings.VILLAGE_SMALL_N = 1
    referral = layla_referral(world)
    referral = move(world.mai, referral, "accepted")
    referral = move(world.mai, referral, "closed_unmet", "The family moved away.")
    assert _needs_met(login, world) == (0, 1)
    _answer(login, referral, "yes")
    assert _needs_met(login, world) == (1, 1)
