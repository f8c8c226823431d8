"""Answering an event on the web: with or without an account, accommodations, a second answer,
the waiting list and the private cancel link."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import World
from village.events.models import Event, Rsvp
from village.events.tests.helpers import lincoln_event
from village.messaging.models import Delivery

pytestmark = pytest.mark.django_db


def _answer(client: Any, event: Event, **data: object) -> Any:
    return client.post(reverse("events:show", kwargs={"token": event.token}), data)


def _anonymous(name: str, contact: str, party: int = 1, **extra: object) -> dict[str, object]:
    return {"name": name, "contact": contact, "party_size": party, "childcare_children": 0, **extra}


def _cancel_link(response: Any) -> str:
    link: str = response.context["cancel_link"]
    return link[link.index("/rsvp/") :]


def test_a_family_answers_without_an_account_and_a_second_answer_updates_the_first(world: World) -> None:
    event = lincoln_event(world)
    client = Client()
    data = _anonymous("Fatima", "Fatima@Example.org", 3, interpreter_language="ar", childcare_children=2)
    response = _answer(client, event, **data)
    assert response.status_code == 200 and "cancel" in response.content.decode()
    rsvp = Rsvp.objects.get()
    assert (rsvp.party_size, rsvp.interpreter_language, rsvp.childcare_children) == (3, "ar", 2)
    # The message keeps the private cancel link the page showed once.
    (told,) = Delivery.objects.filter(outbox__kind="events.answered")
    assert told.address == "Fatima@Example.org" and _cancel_link(response) in told.body
    # The same address again (written differently): the answer changes, it is not doubled.
    again = _answer(client, event, **_anonymous("Fatima H.", "fatima@example.org ", 2, needs_ride="on"))
    rsvp = Rsvp.objects.get()
    assert rsvp.party_size == 2 and rsvp.needs_ride and rsvp.name == "Fatima H."
    # Typing the address again never hands out a link to cancel; the first link still works.
    assert again.context["cancel_link"] == "" and "/rsvp/" not in again.content.decode()
    assert Client().get(_cancel_link(response)).status_code == 200


def test_without_a_name_or_a_way_to_reach_them_nothing_is_kept(world: World) -> None:
    event = lincoln_event(world)
    response = _answer(Client(), event, **_anonymous("", "12"))
    assert response.status_code == 400 and not Rsvp.objects.exists()
    assert 'role="alert"' in response.content.decode()


def test_a_signed_in_family_answers_and_posting_the_form_unchanged_changes_nothing(world: World, login: Any) -> None:
    event = lincoln_event(world)
    client = login("amina", language="en")
    assert _answer(client, event, party_size=2, childcare_children=1).status_code == 200
    rsvp = Rsvp.objects.get(person=world.amina)
    stamp = rsvp.updated_at
    page = client.get(reverse("events:show", kwargs={"token": event.token}))
    assert "You are expected: 2 people." in page.content.decode()
    initial = page.context["form"].initial
    _answer(client, event, **{k: v for k, v in initial.items() if v not in (None, False)})
    rsvp.refresh_from_db()
    assert rsvp.updated_at == stamp and Rsvp.objects.count() == 1


def test_over_capacity_joins_the_waiting_list_and_a_cancel_gives_the_seat_to_the_first_waiting(
    world: World, login: Any
) -> None:
    event = lincoln_event(world, capacity=4)
    first = _answer(Client(), event, **_anonymous("Ana", "ana@example.org", 3))
    _answer(login("amina", language="ar"), event, party_size=2)  # 3 + 2 > 4: waits
    waiting = Rsvp.objects.get(person=world.amina)
    assert waiting.status == "waiting"
    response = _answer(Client(), event, **_anonymous("Bo", "bo@example.org", 1))  # fits, but waits behind Amina
    assert response.context["position"] == 2
    # Organizers see the totals and the waiting list.
    planning = login("rosa", language="en").get(reverse("events:event", kwargs={"pk": event.pk})).content.decode()
    assert "Waiting list, in order" in planning and "3 people in 2 answers" in planning
    # Ana cancels with her private link: Amina moves up first and is told in Arabic, then Bo.
    link = _cancel_link(first)
    assert "Cancel my answer" in Client().get(link).content.decode()
    Client().post(link)
    statuses = dict(Rsvp.objects.values_list("name", "status"))
    assert statuses["Ana"] == "cancelled" and statuses["Bo"] == "going"
    assert Rsvp.objects.get(person=world.amina).status == "going"
    told = Delivery.objects.filter(outbox__kind="events.seated")
    assert {d.address for d in told} == {"amina@example.org", "bo@example.org"}
    assert told.get(address="amina@example.org").language == "ar"
    # The link, used again, cancels nothing more.
    assert "already cancelled" in Client().post(link).content.decode()


def test_a_group_larger_than_the_free_seats_keeps_its_seats_when_asking_for_more(world: World, login: Any) -> None:
    event = lincoln_event(world, capacity=3)
    client = login("amina", language="en")
    _answer(client, event, party_size=2)
    response = _answer(client, event, party_size=5)
    assert response.status_code == 400 and "Only 3 seats are free" in response.content.decode()
    assert Rsvp.objects.get().party_size == 2


def test_an_event_in_the_past_refuses_answers(world: World, login: Any) -> None:
    event = lincoln_event(world, days=1)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        page = Client().get(reverse("events:show", kwargs={"token": event.token})).content.decode()
        assert "no longer takes answers" in page
        response = _answer(Client(), event, **_anonymous("Late", "late@example.org"))
    assert response.status_code == 400 and "no longer takes answers" in response.content.decode()
    assert not Rsvp.objects.exists()


def test_answers_without_an_account_are_limited_per_connection(world: World, settings: Any) -> None:
    settings.VILLAGE_EVENT_RSVPS_PER_HOUR = 2
    event = lincoln_event(world, capacity=None)
    client = Client()
    for n in range(2):
        assert _answer(client, event, **_anonymous(f"P{n}", f"p{n}@example.org")).status_code == 200
    response = _answer(client, event, **_anonymous("P3", "p3@example.org"))
    assert response.status_code == 429 and Rsvp.objects.count() == 2


def test_an_answer_without_the_csrf_token_is_refused(world: World) -> None:
    event = lincoln_event(world)
    client = Client(enforce_csrf_checks=True)
    response = _answer(client, event, **_anonymous("Ana", "ana@example.org"))
    assert response.status_code == 403 and not Rsvp.objects.exists()


def test_a_signed_in_person_withdraws_and_the_cancel_link_is_private(world: World, login: Any) -> None:
    event = lincoln_event(world)
    client = login("amina", language="en")
    _answer(client, event, party_size=1)
    client.post(reverse("events:withdraw", kwargs={"token": event.token}))
    assert Rsvp.objects.get().status == "declined"
    assert Client().get(reverse("events:cancel", kwargs={"token": "guessed"})).status_code == 404
