"""Setting a person's password: checked against the password rules, never written to the trail."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, make_password
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


def test_new_passwords_are_hashed_with_argon2id_at_owasp_minimums(world: World, settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["village.accounts.hashers.Argon2idHasher"]
    set_password(None, world.amina, "river-lanterns-2031")

    world.amina.refresh_from_db()
    assert world.amina.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert world.amina.check_password("river-lanterns-2031")


def test_a_password_hashed_with_the_old_costs_still_signs_in_and_is_rehashed(world: World, settings: Any) -> None:
    old = make_password("river-lanterns-2031", hasher=Argon2PasswordHasher())
    assert "m=102400,t=2,p=8" in old
    world.amina.password = old
    world.amina.save(update_fields=["password"])
    settings.PASSWORD_HASHERS = ["village.accounts.hashers.Argon2idHasher"]

    assert world.amina.check_password("river-lanterns-2031")
    world.amina.refresh_from_db()
    assert "m=19456,t=2,p=1" in world.amina.password
