"""The events demo builds a month at Lincoln (answers, a waiting list, the school calendar and a
conflict), and resets cleanly."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import World
from village.demo import events as demo
from village.demo import reset
from village.events.models import Event, Rsvp, SchoolDate
from village.events.planning import event_conflicts, totals

pytestmark = pytest.mark.django_db


def test_demo_events_at_lincoln_with_answers_and_the_school_calendar(world: World, login: Any) -> None:
    demo.build(world.riverbend, world.lincoln)
    events = list(Event.objects.filter(school=world.lincoln))
    assert len(events) == 5 and len({e.kind for e in events}) == 5
    span = max(e.starts_at for e in events) - min(e.starts_at for e in events)
    assert span.days >= 20  # a month of events
    family_night = next(e for e in events if e.kind == "family_night")
    planned = totals(family_night)
    assert planned.coming == 14 and planned.childcare_children == 6 and planned.rides == 2
    assert dict(planned.interpreters)["Spanish"] == 6
    clinic = next(e for e in events if e.kind == "clinic_day")
    assert Rsvp.objects.filter(event=clinic, status="waiting").exists()
    assert [d.kind for d in event_conflicts(clinic)] == ["testing"]
    assert SchoolDate.objects.filter(kind="early_release").count() == 6
    page = login("rosa", language="en").get(reverse("events:calendar", kwargs={"pk": world.lincoln.pk}))
    assert "Spring holiday" in page.content.decode()
    reset.delete_events([world.riverbend.pk])
    assert not Event.objects.exists() and not SchoolDate.objects.exists()
