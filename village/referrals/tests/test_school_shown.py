"""The partner learns which school referred only when the family's consent covers the school (issue #16)."""

from __future__ import annotations

import uuid
from typing import Any

from django.urls import reverse

from conftest import World
from village.families.tests.helpers import make_consent
from village.referrals.actions import refer
from village.referrals.tests.helpers import clinic_tutoring, layla_need, layla_referral


def _main(html: bytes) -> str:
    return html.decode().split("<main", 1)[1]


def test_the_partner_reads_a_school_in_the_district_when_the_consent_leaves_the_school_out(
    login: Any, world: World
) -> None:
    referral = layla_referral(world)  # the consent covers name, grade and needs; not the school
    client = login("mai", language="en")
    page = _main(client.get(reverse("referrals:detail", kwargs={"pk": referral.pk})).content)
    assert "Lincoln Elementary" not in page
    assert "From a school in Riverbend Unified to Northside Family Health Clinic." in page
    inbox = _main(client.get(reverse("referrals:inbox")).content)
    assert "Lincoln Elementary" not in inbox and "From a school in Riverbend Unified" in inbox
    # The school side still reads its own name.
    school_page = _main(
        login("rosa", language="en").get(reverse("referrals:detail", kwargs={"pk": referral.pk})).content
    )
    assert "From Lincoln Elementary to Northside Family Health Clinic." in school_page


def test_the_partner_reads_the_school_when_the_consent_covers_it(login: Any, world: World) -> None:
    make_consent(world, elements=("name", "grade", "school", "needs"))
    referral = refer(
        world.rosa,
        world.layla,
        clinic_tutoring(world),
        elements=["name", "school"],
        need=layla_need(world),
        submission_key=uuid.uuid4().hex,
    )
    page = _main(login("mai", language="en").get(reverse("referrals:detail", kwargs={"pk": referral.pk})).content)
    assert "From Lincoln Elementary to Northside Family Health Clinic." in page
