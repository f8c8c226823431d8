"""Listening sessions, the themes they produce, and the barrier dashboard."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import World
from village.families.models import Need, Student
from village.voice.access import themes_for
from village.voice.models import ListeningSession, Theme
from village.voice.tests.helpers import add_responses, lincoln_session, lincoln_survey

pytestmark = pytest.mark.django_db


def test_coordinator_schedules_a_session_with_accommodations(world: World, login: Any) -> None:
    client = login("rosa", language="en")
    response = client.post(
        reverse("voice:session_new", kwargs={"pk": world.lincoln.pk}),
        {
            "kind": "focus_group",
            "title": "Arabic-speaking families",
            "starts_at": "2026-12-03T18:30",
            "place": "Community room",
            "interpretation_languages": ["ar"],
            "childcare": "on",
            "transport": "on",
            "accessible_venue": "on",
            "evening_or_weekend": "on",
        },
    )
    session = ListeningSession.objects.get()
    assert response["Location"] == reverse("voice:session", kwargs={"pk": session.pk})
    assert session.interpretation_languages == ["ar"]
    assert session.childcare and session.transport and session.accessible_venue and session.evening_or_weekend
    assert session.district == world.riverbend
    page = client.get(response["Location"]).content.decode()
    assert "العربية" in page and "Provided" in page


def test_session_needs_a_title_and_time(world: World, login: Any) -> None:
    response = login("rosa", language="en").post(
        reverse("voice:session_new", kwargs={"pk": world.lincoln.pk}), {"kind": "listening"}
    )
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not ListeningSession.objects.exists()


def test_recording_attendance_counts_barriers_and_needs(world: World, login: Any) -> None:
    session = lincoln_session(world)
    client = login("rosa", language="en")
    url = reverse("voice:session", kwargs={"pk": session.pk})
    client.post(
        url,
        {
            "attended_families": "14",
            "attended_students": "3",
            "notes": "Bus stops far away.",
            "barriers": ["transportation", "schedule"],
            "needs": ["transport"],
        },
    )
    session.refresh_from_db()
    assert session.attendance == {"families": 14, "students": 3}
    assert session.barriers == ["transportation", "schedule"]
    assert session.needs == ["transport"]
    page = client.get(url).content.decode()
    assert "Transportation, Schedule or work hours" in page and "17" in page


def test_attendance_cannot_be_negative(world: World, login: Any) -> None:
    session = lincoln_session(world)
    response = login("rosa", language="en").post(
        reverse("voice:session", kwargs={"pk": session.pk}), {"attended_families": "-2"}
    )
    assert response.status_code == 200
    session.refresh_from_db()
    assert session.attendance == {}


def test_a_session_produces_a_theme_for_the_school(world: World, login: Any) -> None:
    session = lincoln_session(world, barriers=["transportation"])
    client = login("dana", language="en")
    client.post(
        reverse("voice:session_theme", kwargs={"pk": session.pk}),
        {"title": "Getting to school events is hard", "summary": "No late buses.", "barriers": ["transportation"]},
    )
    theme = Theme.objects.get()
    assert theme.school == world.lincoln and theme.district == world.riverbend
    assert list(session.themes.all()) == [theme]
    district_wide = Theme.objects.create(district=world.riverbend, title={"en": "District-wide"})
    Theme.objects.create(district=world.riverbend, school=world.washington, title={"en": "Elsewhere"})
    Theme.objects.create(district=world.lakeside, title={"en": "Other district"})
    assert set(themes_for(world.lincoln)) == {theme, district_wide}
    page = client.get(reverse("voice:school", kwargs={"pk": world.lincoln.pk})).content.decode()
    assert "Getting to school events is hard" in page and "Elsewhere" not in page


def _needs_with_barrier(w: World, count: int, barrier: str) -> None:
    for i in range(count):
        student = Student.objects.create(
            district=w.riverbend,
            school=w.lincoln,
            local_id=f"B-{barrier}-{i}",
            given_name="S",
            family_name=str(i),
            grade=2,
        )
        Need.objects.create(
            district=w.riverbend,
            school=w.lincoln,
            student=student,
            category="transport",
            source="family",
            barriers=[barrier],
        )


def test_barrier_dashboard_rolls_up_sessions_surveys_and_plans_with_small_numbers_suppressed(
    world: World, login: Any
) -> None:
    lincoln_session(world, barriers=["transportation", "childcare"])
    lincoln_session(world, barriers=["transportation"])
    survey = lincoln_survey(world)
    add_responses(survey, 11, transport=0)  # "Yes, transport is a problem"
    add_responses(survey, 10, transport=1)
    _needs_with_barrier(world, 12, "transportation")
    _needs_with_barrier(world, 2, "cost")
    client = login("rosa", language="en")
    response = client.get(reverse("voice:barriers", kwargs={"pk": world.lincoln.pk}))
    rows = {r.code: r for r in response.context["rows"]}
    assert rows["transportation"].sessions == 2
    assert rows["childcare"].sessions == 1
    assert rows["transportation"].respondents.display() == "11"
    assert rows["transportation"].students.display() == "12"
    assert rows["cost"].students.display() == "*"  # two students: suppressed
    assert rows["language"].respondents.display() == "0"
    page = response.content.decode()
    assert "Barriers by source" in page and '<th scope="col"' in page


def test_barrier_dashboard_is_for_the_school_team_only(world: World, login: Any) -> None:
    url = reverse("voice:barriers", kwargs={"pk": world.lincoln.pk})
    assert login("omar").get(url).status_code == 404
    assert login("sam").get(url).status_code == 404
    assert login("dana").get(url).status_code == 200
