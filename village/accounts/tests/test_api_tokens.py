from __future__ import annotations

from typing import Any

from django.urls import reverse

from conftest import World
from village.accounts.models import ApiToken
from village.audit.models import AuditEvent


def test_partner_staff_create_a_scoped_token_shown_once(client: Any, world: World) -> None:
    client.force_login(world.mai)
    response = client.post(reverse("accounts:api_tokens"), {"name": "Clinic EHR", "scopes": ["orgs:read"]})
    assert response.status_code == 200
    secret = response.context["issued"].secret
    assert secret.startswith("vlg_")
    token = ApiToken.objects.get(user=world.mai)
    assert token.scopes == ["orgs:read"]
    assert secret not in (token.digest, token.prefix)
    assert secret not in client.get(reverse("accounts:api_tokens")).content.decode()
    assert AuditEvent.objects.filter(code="accounts.api_token.created", actor=world.mai).exists()

    api = client.get("/api/v1/organizations", headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 200
    assert [o["name"] for o in api.json()["items"]] == ["Northside Family Health Clinic"]
    # The token lacks profile:read.
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 403


def test_a_revoked_token_stops_working_at_once(client: Any, world: World) -> None:
    client.force_login(world.mai)
    secret = (
        client.post(reverse("accounts:api_tokens"), {"name": "x", "scopes": ["profile:read"]}).context["issued"].secret
    )
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    token = ApiToken.objects.get(user=world.mai)
    client.post(reverse("accounts:api_token_revoke", kwargs={"pk": token.pk}))
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_nobody_revokes_another_persons_token(client: Any, world: World) -> None:
    from village.accounts.actions import create_api_token

    issued = create_api_token(world.mai, name="mine", scopes=["profile:read"])
    client.force_login(world.pat)
    response = client.post(reverse("accounts:api_token_revoke", kwargs={"pk": issued.token.pk}))
    assert response.status_code == 404
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is None


def test_a_token_needs_a_scope_and_a_future_expiry(client: Any, world: World) -> None:
    client.force_login(world.mai)
    response = client.post(reverse("accounts:api_tokens"), {"name": "x", "expires_on": "2001-01-01"})
    errors = response.context["form"].errors
    assert "scopes" in errors
    assert "expires_on" in errors
    assert not ApiToken.objects.exists()


def test_an_expired_token_is_refused(client: Any, world: World) -> None:
    import datetime

    import time_machine

    from village.accounts.actions import create_api_token

    with time_machine.travel(datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)):
        issued = create_api_token(
            world.mai,
            name="x",
            scopes=["profile:read"],
            expires_at=datetime.datetime(2026, 1, 2, tzinfo=datetime.UTC),
        )
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {issued.secret}"}).status_code == 401
