"""Who a gap review offers as participants (issue #16)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from conftest import World


def test_the_review_picker_offers_only_families_of_the_reviews_school(login: Any, world: World) -> None:
    """Rosa's Lincoln review offers Amina (Layla attends Lincoln), not a Washington High family
    of the same district, nor a family whose child has left Lincoln."""
    from village.accounts.models import Membership, Role, User
    from village.families.models import Household, HouseholdMember, Student
    from village.indicators.tests.matrix import lincoln_review

    review = lincoln_review(world)
    elsewhere = User.objects.create(email="wen@example.org", name="Wen Washington")
    left = User.objects.create(email="lee@example.org", name="Lee Leftlincoln")
    for user, school, status in ((elsewhere, world.washington, "enrolled"), (left, world.lincoln, "withdrawn")):
        Membership.objects.create(user=user, role=Role.FAMILY_MEMBER, district=world.riverbend)
        household = Household.objects.create(district=world.riverbend, name=user.name)
        HouseholdMember.objects.create(household=household, user=user, relationship="parent", district=world.riverbend)
        Student.objects.create(
            district=world.riverbend,
            school=school,
            household=household,
            local_id=user.email,
            given_name="Kid",
            family_name=user.name,
            grade=9,
            status=status,
        )
    url = reverse("indicators:review", kwargs={"pk": review.pk})
    page = login("rosa", language="en").get(url).content.decode()
    assert "Amina Hassan" in page
    assert "Wen Washington" not in page and "Lee Leftlincoln" not in page
    login("rosa", language="en").post(url, {"findings": "x", "reallocations": "", "participants": [elsewhere.pk]})
    assert not review.participants.exists()
