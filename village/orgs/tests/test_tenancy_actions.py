"""Starting a region and its districts: validated, and on the audit trail."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from conftest import World
from village.audit.models import AuditEvent
from village.orgs import actions
from village.orgs.models import District, Region

pytestmark = pytest.mark.django_db


def test_an_operator_starts_a_region_and_its_district() -> None:
    region = actions.create_region(None, name="Prairie Region", slug="prairie")
    district = actions.create_district(None, region, name="Prairie Unified", slug="prairie-unified")

    assert Region.objects.get(slug="prairie") == region
    assert District.objects.get(slug="prairie-unified").region == region
    assert district.history.count() == 1
    events = AuditEvent.objects.order_by("pk")
    assert [(e.code, e.actor_id) for e in events] == [("orgs.region.created", None), ("orgs.district.created", None)]
    assert events[1].district_id == district.pk


def test_the_person_who_adds_a_district_is_on_the_trail(world: World) -> None:
    district = actions.create_district(world.dana, world.region, name="Hillside Schools", slug="hillside")

    assert AuditEvent.objects.get(code="orgs.district.created").actor == world.dana
    assert district.region == world.region


def test_a_short_name_is_taken_once() -> None:
    region = actions.create_region(None, name="Prairie Region", slug="prairie")
    actions.create_district(None, region, name="Prairie Unified", slug="prairie-unified")

    with pytest.raises(ValidationError):
        actions.create_region(None, name="Another Prairie", slug="prairie")
    with pytest.raises(ValidationError):
        actions.create_district(None, region, name="Second Prairie", slug="prairie-unified")
    with pytest.raises(ValidationError):
        actions.create_district(None, region, name="Bad slug", slug="not a slug")
    assert District.objects.count() == 1
    assert not AuditEvent.objects.filter(code="orgs.region.created", target_label="Another Prairie").exists()
