"""The organizer records who came (counts by the language families read) once the event has
started; outside the school's own staff, small counts are hidden by the suppression rules."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from conftest import World
from village.events.models import Attendance
from village.events.tests.helpers import lincoln_event

pytestmark = pytest.mark.django_db

COUNTS = {"people": 40, "families_es": 12, "families_ar": 3, "families_en": 10}


def _line(view: Any, label: str) -> str:
    return next(line.figure for line in view.groups if line.label == label)


def test_the_organizer_records_who_came_and_outside_views_hide_small_counts(
    client: Any, world: World, login: Any
) -> None:
    event = lincoln_event(world, days=1)
    url = reverse("events:attendance", kwargs={"pk": event.pk})
    login("rosa", language="en")
    assert "recorded once the event has started" in client.get(url).content.decode()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        assert client.post(url, COUNTS).status_code == 302
        came = Attendance.objects.get(event=event)
        assert came.families == {"es": 12, "ar": 3, "en": 10} and came.people == 40
        # The school's own staff see every count.
        own = client.get(reverse("events:event", kwargs={"pk": event.pk})).context["attendance"]
        assert _line(own, "Arabic") == "3" and own.families == "25" and not own.suppressed
        # A visitor on the event's public page sees the small count hidden, and enough else hidden
        # that it cannot be worked back from the total.
        client.logout()
        public = client.get(reverse("events:show", kwargs={"token": event.token})).context["attendance"]
        assert _line(public, "Arabic") == "*" and public.suppressed
        shown = [int(line.figure) for line in public.groups if line.figure != "*"]
        assert public.families == "*" or sum(shown) != int(public.families) or len(shown) < len(public.groups) - 1


def test_the_same_counts_posted_again_change_nothing(client: Any, world: World, login: Any) -> None:
    from village.audit.models import AuditEvent

    event = lincoln_event(world, days=1)
    url = reverse("events:attendance", kwargs={"pk": event.pk})
    login("rosa", language="en")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        client.post(url, COUNTS)
        client.post(url, COUNTS)
    assert AuditEvent.objects.filter(code="events.attendance.recorded").count() == 1


def test_fewer_people_than_families_is_refused_and_nothing_is_written(client: Any, world: World, login: Any) -> None:
    event = lincoln_event(world, days=1)
    login("rosa", language="en")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        response = client.post(reverse("events:attendance", kwargs={"pk": event.pk}), COUNTS | {"people": 5})
    assert response.status_code == 400
    assert "people cannot be fewer than families" in response.content.decode()
    assert not Attendance.objects.exists()


def test_attendance_waits_for_the_event_to_start(client: Any, world: World, login: Any) -> None:
    event = lincoln_event(world, days=3)
    login("rosa", language="en")
    response = client.post(reverse("events:attendance", kwargs={"pk": event.pk}), COUNTS)
    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_outside_views_hide_a_small_group_even_beside_a_large_one(world: World) -> None:
    from village.events.actions import record_attendance
    from village.events.attendance import attendance_view

    event = lincoln_event(world, days=1)
    later = timezone.now() + datetime.timedelta(days=2)
    record_attendance(world.rosa, event, families={"ar": 2, "es": 20}, people=50, now=later)
    view = attendance_view(Attendance.objects.get(), ["en", "es", "ar"], own_staff=False)
    assert _line(view, "Arabic") == "*"
