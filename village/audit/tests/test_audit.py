from __future__ import annotations

import pytest

from conftest import World
from village.audit.actions import record
from village.audit.models import AuditEvent


def test_events_are_append_only(world: World) -> None:
    event = record(world.dana, "orgs.school.updated", world.lincoln, fields=["name"])
    assert event.district_id == world.riverbend.pk
    event.code = "orgs.school.deleted"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).code == "orgs.school.updated"


def test_codes_must_be_namespaced(world: World) -> None:
    with pytest.raises(ValueError, match=r"app\.object\.verb"):
        record(world.dana, "updated", world.lincoln)
