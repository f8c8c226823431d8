"""Amina Hassan edits her family's profile: what she does not touch stays exactly as it was."""

from __future__ import annotations

import re
from datetime import time
from typing import Any

import pytest
from django.urls import reverse

from conftest import World
from tests.served_forms import ServedForm, error_summary_in, served_form
from village.audit.models import AuditEvent
from village.families.actions import save_profile
from village.families.models import AvailabilityWindow, FamilyProfile, Household
from village.families.queries import profile_for

PROFILE_FIELDS = [
    "preferred_language",
    "preferred_channels",
    "best_times",
    "travel_modes",
    "max_travel_minutes",
    "max_distance_km",
    "accommodations",
    "accommodations_other",
]


@pytest.fixture
def filled_in(world: World) -> FamilyProfile:
    """Amina's profile with three available times: Tuesday and Thursday evenings, Saturday morning."""
    profile = profile_for(world.household)
    profile.preferred_language = "ara"
    profile.preferred_channels = ["text", "phone"]
    profile.best_times = "After 6 pm on weekdays"
    profile.travel_modes = ["bus", "walking"]
    profile.max_travel_minutes = 30
    profile.accommodations = ["interpreter", "childcare"]
    windows = [(2, time(18), time(20)), (4, time(18), time(20)), (6, time(10), time(14))]
    return save_profile(world.amina, profile, ["preferred_language"], windows)


def _windows() -> list[tuple[int, int, time, time]]:
    return list(AvailabilityWindow.objects.order_by("pk").values_list("pk", "weekday", "starts", "ends"))


def _profile() -> dict[str, Any]:
    values: dict[str, Any] = FamilyProfile.objects.values(*PROFILE_FIELDS).get()
    return values


def _served(client: Any) -> tuple[ServedForm, str]:
    url = reverse("families:profile")
    page = client.get(url)
    assert page.status_code == 200
    return served_form(page.content, action=url, with_field="windows-TOTAL_FORMS"), url


def _row_of(form: ServedForm, pk: int) -> str:
    """The formset prefix of the served row holding window `pk` (for example "windows-1")."""
    for name, value in form.data:
        if (m := re.fullmatch(r"(windows-\d+)-id", name)) and value == str(pk):
            return m.group(1)
    raise AssertionError(f"window {pk} is not on the page")


def _set(data: dict[str, list[str]], name: str, value: str) -> None:
    data[name] = [value]


def test_the_profile_posted_back_as_served_saves_and_changes_nothing(login: Any, filled_in: FamilyProfile) -> None:
    client = login("amina", language="en")
    form, url = _served(client)
    windows, profile, events = _windows(), _profile(), AuditEvent.objects.count()

    response = client.post(url, form.post_data(), follow=True)

    assert response.redirect_chain == [(url, 302)]
    assert "Your family profile was saved." in response.content.decode()
    assert not error_summary_in(response.content)
    assert _windows() == windows
    assert _profile() == profile
    assert FamilyProfile.history.count() == 1  # no new version of an unchanged profile
    assert AuditEvent.objects.count() == events


def test_a_new_family_posts_the_blank_profile_back_and_nothing_is_stored(login: Any, world: World) -> None:
    client = login("amina", language="en")
    form, url = _served(client)

    response = client.post(url, form.post_data())

    assert response.status_code == 302
    assert not FamilyProfile.objects.exists()
    assert not AvailabilityWindow.objects.exists()


def test_changing_one_time_changes_only_that_row(login: Any, filled_in: FamilyProfile) -> None:
    client = login("amina", language="en")
    form, url = _served(client)
    before = _windows()
    thursday = before[1]
    data = form.post_data()
    _set(data, f"{_row_of(form, thursday[0])}-ends", "21:30")

    response = client.post(url, data)

    assert response.status_code == 302
    assert _windows() == [before[0], (thursday[0], 4, time(18), time(21, 30)), before[2]]


def test_ticking_delete_removes_only_that_row(login: Any, filled_in: FamilyProfile) -> None:
    client = login("amina", language="en")
    form, url = _served(client)
    before = _windows()
    data = form.post_data()
    _set(data, f"{_row_of(form, before[0][0])}-DELETE", "on")

    response = client.post(url, data)

    assert response.status_code == 302
    assert _windows() == before[1:]


def test_a_filled_in_blank_row_adds_a_time_and_keeps_the_others(login: Any, filled_in: FamilyProfile) -> None:
    client = login("amina", language="en")
    form, url = _served(client)
    before = _windows()
    data = form.post_data()
    assert data["windows-TOTAL_FORMS"] == ["5"]  # three times and two blank rows
    data.update({"windows-4-weekday": ["7"], "windows-4-starts": ["09:00"], "windows-4-ends": ["11:00"]})

    response = client.post(url, data)

    assert response.status_code == 302
    after = _windows()
    assert after[:3] == before
    assert after[3][1:] == (7, time(9), time(11))


def test_errors_are_summed_up_at_the_top_and_tied_to_their_fields(login: Any, filled_in: FamilyProfile) -> None:
    client = login("amina", language="en")
    form, url = _served(client)
    before = _windows()
    data = form.post_data()
    _set(data, "windows-0-ends", "17:00")  # before it starts at 18:00
    _set(data, "windows-3-starts", "10:00")  # a new row with a start and nothing else

    response = client.post(url, data)

    assert response.status_code == 200
    page = response.content.decode()
    summary = page[page.index('role="alert"') : page.index("</ul>", page.index('role="alert"'))]
    assert page.index('role="alert"') < page.index('name="preferred_language"')
    assert '<a href="#id_windows-0-ends">Time 1, Until</a>: The end time must be after the start time.' in summary
    assert '<a href="#id_windows-3-weekday">Time 4, Day</a>: Choose the day.' in summary
    assert '<a href="#id_windows-3-ends">Time 4, Until</a>: Say until what time.' in summary
    field = re.search(r'<input[^>]*name="windows-0-ends"[^>]*>', page)
    assert field is not None
    assert 'aria-invalid="true"' in field.group(0)
    assert 'aria-describedby="id_windows-0-ends_error"' in field.group(0)
    assert 'id="id_windows-0-ends_error"' in page
    assert _windows() == before


def test_a_row_of_another_household_cannot_be_edited_through_the_form(
    login: Any, world: World, filled_in: FamilyProfile
) -> None:
    other_household = Household.objects.create(district=world.riverbend, name="Other")
    other = save_profile(world.amina, profile_for(other_household), ["best_times"], [(1, time(8), time(9))])
    theirs = other.windows.get()
    client = login("amina", language="en")
    form, url = _served(client)
    data = form.post_data()
    _set(data, "windows-0-id", str(theirs.pk))
    _set(data, "windows-0-ends", "23:00")

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Reload the page" in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.ends == time(9)
