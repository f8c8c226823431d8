"""Who could not come, and why: a family answers "cannot come" with what keeps them away; the
barrier dashboard counts those answers (suppressed like the rest of it), and the attendance the
organizer records feeds the family-attendance indicator of the school and period."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from conftest import World
from tests.served_forms import served_form
from village.audit.models import AuditEvent
from village.events.models import Event, Rsvp
from village.events.tests.helpers import lincoln_event
from village.indicators.models import Period, Value

pytestmark = pytest.mark.django_db


def _page(client: Any, event: Event) -> Any:
    return client.get(reverse("events:show", kwargs={"token": event.token}), with_field="reason")


def _decline_form(client: Any, event: Event) -> Any:
    return served_form(
        _page(client, event).content,
        action=reverse("events:withdraw", kwargs={"token": event.token}),
        with_field="reason",
    )


def _decline(client: Any, event: Event, reason: str) -> Any:
    """Amina fills in the "cannot come" form as the page serves it, choosing `reason`."""
    form = _decline_form(client, event)
    data = form.post_data() | {"reason": [reason]}
    return client.post(form.action, data)


def _declines_row(client: Any, world: World, code: str) -> Any:
    rows = client.get(reverse("voice:barriers", kwargs={"pk": world.lincoln.pk})).context["rows"]
    return next(r for r in rows if r.code == code)


def test_a_family_says_it_cannot_come_and_why(client: Any, world: World, login: Any) -> None:
    event = lincoln_event(world)
    login("amina", language="en")
    response = _decline(client, event, "transportation")
    assert response.status_code == 302
    answer = Rsvp.objects.get(event=event, person=world.amina)
    assert answer.status == "declined" and answer.reason == "transportation"
    page = _page(client, event).content.decode()
    assert "You told the school you cannot come (Transportation)" in page
    # Coming after all clears the reason: it no longer kept them away.
    rsvp_form = served_form(_page(client, event).content, with_field="party_size")
    assert client.post(reverse("events:show", kwargs={"token": event.token}), rsvp_form.post_data()).status_code == 200
    answer.refresh_from_db()
    assert answer.status == "going" and answer.reason == ""


def test_a_going_answer_declined_frees_its_seats_for_the_waiting_list(client: Any, world: World, login: Any) -> None:
    event = lincoln_event(world, capacity=1)
    login("amina", language="en")
    client.post(reverse("events:show", kwargs={"token": event.token}), {"party_size": 1, "childcare_children": 0})
    login("rosa", language="en")
    client.post(reverse("events:show", kwargs={"token": event.token}), {"party_size": 1, "childcare_children": 0})
    assert Rsvp.objects.get(person=world.rosa).status == "waiting"
    login("amina", language="en")
    assert _decline(client, event, "").status_code == 302
    assert Rsvp.objects.get(person=world.amina).status == "declined"
    assert Rsvp.objects.get(person=world.rosa).status == "going"


def test_forms_posted_back_unchanged_change_nothing(client: Any, world: World, login: Any) -> None:
    event = lincoln_event(world)
    login("amina", language="en")
    _decline(client, event, "childcare")
    form = _decline_form(client, event)
    assert form.post_data()["reason"] == ["childcare"]  # the answer given is what the page shows
    before = AuditEvent.objects.filter(code__startswith="events.rsvp").count()
    assert client.post(form.action, form.post_data()).status_code == 302
    # A going answer, posted back as served, is not rewritten either.
    client.post(reverse("events:show", kwargs={"token": event.token}), {"party_size": 2, "childcare_children": 1})
    rsvp_form = served_form(_page(client, event).content, with_field="party_size")
    written = AuditEvent.objects.filter(code__startswith="events.rsvp").count()
    assert written == before + 1
    client.post(reverse("events:show", kwargs={"token": event.token}), rsvp_form.post_data())
    assert AuditEvent.objects.filter(code__startswith="events.rsvp").count() == written
    answer = Rsvp.objects.get(person=world.amina)
    assert (answer.status, answer.party_size, answer.childcare_children) == ("going", 2, 1)


def test_a_reason_not_in_the_list_is_refused_with_a_clear_message(client: Any, world: World, login: Any) -> None:
    event = lincoln_event(world)
    login("amina", language="en")
    response = _decline(client, event, "the weather")
    assert response.status_code == 400
    assert "Choose what keeps you away from the list, or leave it empty." in response.content.decode()
    assert not Rsvp.objects.exists()


def test_the_barrier_dashboard_counts_declines_and_hides_small_counts(
    client: Any, world: World, login: Any, settings: Any
) -> None:
    event = lincoln_event(world)
    login("amina", language="en")
    _decline(client, event, "schedule")
    login("rosa", language="en")
    settings.VILLAGE_SMALL_N = 2
    hidden = _declines_row(client, world, "schedule")
    assert hidden.declines.display() == "*"
    settings.VILLAGE_SMALL_N = 1
    shown = _declines_row(client, world, "schedule")
    assert shown.declines.display() == "1"
    assert _declines_row(client, world, "childcare").declines.display() == "0"
    page = client.get(reverse("voice:barriers", kwargs={"pk": world.lincoln.pk})).content.decode()
    assert "Event answers saying it kept them away" in page


def test_recorded_attendance_feeds_the_indicator_and_the_dashboard(
    client: Any, world: World, login: Any, settings: Any
) -> None:
    settings.VILLAGE_SMALL_N = 1
    event = lincoln_event(world, days=1)
    login("rosa", language="en")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        counts = {"people": 40, "families_es": 12, "families_ar": 3, "families_en": 10}
        assert client.post(reverse("events:attendance", kwargs={"pk": event.pk}), counts).status_code == 302
        summary = client.get(reverse("voice:barriers", kwargs={"pk": world.lincoln.pk})).context["events"]
        assert (summary.held, summary.recorded, summary.families) == (1, 1, "25")
        assert next(line.figure for line in summary.groups if line.label == "Arabic") == "3"
        settings.VILLAGE_SMALL_N = 5
        hidden = client.get(reverse("voice:barriers", kwargs={"pk": world.lincoln.pk})).context["events"]
        assert next(line.figure for line in hidden.groups if line.label == "Arabic") == "*"

    lead = login("dana", language="en")
    slug = {"slug": "riverbend"}
    lead.post(reverse("indicators:framework", kwargs=slug), {"starter": "1"})
    today = timezone.localdate()
    dates = {"starts": (today - datetime.timedelta(days=30)).isoformat()}
    dates["ends"] = (today + datetime.timedelta(days=5)).isoformat()
    lead.post(reverse("indicators:period_new", kwargs=slug), {"label": "This month", **dates})
    period = Period.objects.get(label="This month")
    assert lead.post(reverse("indicators:refresh", kwargs=slug), {"period": period.pk}).status_code == 302
    value = Value.objects.get(indicator__code="event-attendance", period=period, school=world.lincoln, group="all")
    enrolled = world.lincoln.students.filter(status="enrolled").count()
    assert (value.numerator, value.denominator) == (25, enrolled)
    # A period the event was not held in counts none of it.
    later = {"starts": (today + datetime.timedelta(days=10)).isoformat()}
    later["ends"] = (today + datetime.timedelta(days=20)).isoformat()
    lead.post(reverse("indicators:period_new", kwargs=slug), {"label": "Later", **later})
    other = Period.objects.get(label="Later")
    lead.post(reverse("indicators:refresh", kwargs=slug), {"period": other.pk})
    assert not Value.objects.filter(
        indicator__code="event-attendance", period=other, school=world.lincoln, numerator__gt=0
    ).exists()
