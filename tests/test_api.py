from __future__ import annotations

import datetime
import json
import os
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import override_settings

from conftest import World
from village.messaging.actions import deliver

SNAPSHOT = Path(__file__).parent / "snapshots" / "openapi.json"


def test_the_openapi_document_matches_its_snapshot(client: Any) -> None:
    """Changing the API is a deliberate act: regenerate with UPDATE_SNAPSHOTS=1 and review the diff."""
    document = client.get("/api/v1/openapi.json").json()
    rendered = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(rendered, encoding="utf-8")
    assert rendered == SNAPSHOT.read_text(encoding="utf-8")


def test_health_reports_database_and_an_idle_worker(client: Any, db: Any) -> None:
    body = client.get("/api/v1/health").json()
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok"
    assert body["worker"]["status"] == "idle"
    assert body["worker"]["queued"] == 0


def test_health_says_stalled_when_tasks_wait_and_no_worker_takes_them(client: Any, db: Any) -> None:
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}):
        deliver.enqueue(0)
        with time_machine.travel(datetime.timedelta(minutes=5)):
            body = client.get("/api/v1/health").json()
    assert body["status"] == "degraded"
    assert body["worker"]["status"] == "stalled"
    assert body["worker"]["queued"] == 1


def test_me_lists_the_token_owners_roles(client: Any, world: World) -> None:
    from village.accounts.actions import create_api_token

    issued = create_api_token(world.rosa, name="t", scopes=["profile:read"])
    body = client.get("/api/v1/me", headers={"Authorization": f"Bearer {issued.secret}"}).json()
    assert body["email"] == "rosa@example.org"
    assert body["memberships"] == [
        {
            "role": "school_coordinator",
            "scope": "school",
            "scope_id": world.lincoln.pk,
            "scope_name": "Lincoln Elementary",
        }
    ]


def test_a_made_up_token_is_refused(client: Any, world: World) -> None:
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer vlg_made-up"}).status_code == 401


@pytest.mark.parametrize(
    "path", ["/api/v1/organizations", "/api/v1/schools", "/api/v1/partnerships", "/api/v1/disclosures"]
)
@pytest.mark.parametrize(
    ("query", "bound"), [("limit=" + "9" * 30, "500"), ("limit=501", "500"), ("offset=" + "9" * 30, "")]
)
def test_an_enormous_limit_or_offset_answers_422_with_the_bound(
    client: Any, world: World, path: str, query: str, bound: str
) -> None:
    from village.accounts.actions import create_api_token

    scopes = ["orgs:read", "partnerships:read", "disclosures:read"]
    token = create_api_token(world.dana, name="t", scopes=scopes)
    client.raise_request_exception = False
    response = client.get(f"{path}?{query}", headers={"Authorization": f"Bearer {token.secret}"})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail and "less than or equal" in detail[0]["msg"] and bound in detail[0]["msg"]
    fine = client.get(f"{path}?limit=500", headers={"Authorization": f"Bearer {token.secret}"})
    assert fine.status_code == 200
