"""Inputs an attacker types answer 4xx, never a server error (issue #16)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import World
from village.accounts.actions import create_api_token
from village.referrals.models import ConsentRequest
from village.referrals.tests.helpers import clinic_tutoring


@pytest.mark.parametrize("need", ["abc", "²", "-1", "9" * 30])
def test_a_need_that_is_not_a_number_of_the_students_answers_404(client: Any, world: World, need: str) -> None:
    service = clinic_tutoring(world)
    client.force_login(world.rosa)
    client.raise_request_exception = False
    until = timezone.localdate() + datetime.timedelta(days=90)
    response = client.post(
        reverse("referrals:request_consent", kwargs={"pk": world.layla.pk, "service_pk": service.pk}),
        {
            "elements": ["name"],
            "valid_until": until.isoformat(),
            "send": "automatic",
            "submission_key": "k",
            "need": need,
        },
    )
    assert response.status_code == 404 and response.content
    assert not ConsentRequest.objects.exists()


def test_a_thirty_digit_id_in_a_path_answers_404(login: Any, world: World) -> None:
    client = login("dana", language="en")
    client.raise_request_exception = False
    big = int("9" * 30)
    for url in (
        reverse("directory:listings", kwargs={"pk": big}),
        reverse("referrals:detail", kwargs={"pk": big}),
    ):
        assert client.get(url).status_code == 404, url
    token = create_api_token(world.dana, name="t", scopes=["orgs:read"])
    response = client.get(f"/api/v1/organizations/{big}", headers={"Authorization": f"Bearer {token.secret}"})
    assert response.status_code == 404 and response.json() == {"detail": "Not Found"}
