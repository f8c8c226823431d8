"""Setting a person's password: checked against the password rules, never written to the trail."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from conftest import World
from village.accounts.actions import set_password
from village.audit.models import AuditEvent


@pytest.fixture(autouse=True)
def fast_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_a_new_password_signs_the_person_in_and_is_not_recorded(world: World) -> None:
    set_password(world.dana, world.amina, "river-lanterns-2031")

    world.amina.refresh_from_db()
    assert world.amina.check_password("river-lanterns-2031")
    event = AuditEvent.objects.get(code="accounts.user.password_set")
    assert event.actor == world.dana and event.target_id == str(world.amina.pk)
    assert "river-lanterns-2031" not in str(event.details)


def test_a_weak_password_is_refused_and_the_old_one_stays(world: World) -> None:
    before = world.amina.password
    for weak in ("short", "password123", "1234567890123", "amina@example.org"):
        with pytest.raises(ValidationError):
            set_password(None, world.amina, weak)

    world.amina.refresh_from_db()
    assert world.amina.password == before
    assert not AuditEvent.objects.filter(code="accounts.user.password_set").exists()
