"""Mentoring, through the pages people use: the coordinator starts a program, adds cleared mentors,
brings referred students into the cohort (the consent is checked again), pairs the whole cohort
beside first come, the mentor logs meetings and checks in through their private link, a stalled
match or a bad check-in alerts the coordinator, a match closes with a reason, and the program's
figures by group pass through suppression."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from conftest import World
from village.community.models import CheckIn, Meeting, Mentee, Mentor, MentoringProgram, Pair
from village.community.tests.helpers import (
    cleared_volunteer,
    lincoln_program,
    lincoln_student,
    mentee,
    mentor,
    mentoring_service,
    paired,
    referred,
)
from village.families.models import DisclosureRecord
from village.messaging.models import Delivery

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


def _token(volunteer: Any) -> str:
    """A fresh private link for the volunteer (a new sign-up sends one; here it is set directly)."""
    from village.community.actions import link_hash

    token = f"link-{volunteer.pk}-token"
    type(volunteer).objects.filter(pk=volunteer.pk).update(link_hash=link_hash(token))
    return token


def test_the_coordinator_starts_a_program_and_adds_a_cleared_mentor(client: Any, world: World, login: Any) -> None:
    service = mentoring_service(world)
    login("rosa", language="en")
    school_page = client.get(reverse("community:mentoring", kwargs={"pk": world.lincoln.pk}))
    assert school_page.status_code == 200
    response = client.post(
        reverse("community:program_new", kwargs={"pk": world.lincoln.pk}),
        {
            "name": "Lincoln mentors",
            "description": "Weekly mentoring after school.",
            "service": service.pk,
            "languages": ["ar", "en"],
            "clearances": ["background_check"],
            "max_mentees": 2,
            "stall_days": 30,
        },
    )
    program = MentoringProgram.objects.get()
    assert response.status_code == 302 and program.organization == world.clinic
    huda = cleared_volunteer(world, "Huda Mansour", "huda@example.org")
    uncleared = cleared_volunteer(world, "Sam Doe", "sam.doe@example.org", cleared=False)
    url = reverse("community:mentor_add", kwargs={"pk": program.pk})
    fields = {"capacity": 2, "languages": ["ar"], "times": ["tue"], "interests": ["reading"], "background": ""}
    refused = client.post(url, fields | {"volunteer": uncleared.pk})
    assert refused.status_code == 400 and "cannot mentor yet" in refused.content.decode()
    over = client.post(url, fields | {"volunteer": huda.pk, "capacity": 3})
    assert over.status_code == 400 and "from 1 to 2 students" in over.content.decode()
    assert not Mentor.objects.exists()
    assert client.post(url, fields | {"volunteer": huda.pk}).status_code == 302
    assert Mentor.objects.get().volunteer == huda
    page = client.get(reverse("community:program", kwargs={"pk": program.pk})).content.decode()
    assert "Huda Mansour" in page and "0 / 2" in page


def test_the_consent_gate_refuses_a_student_whose_consent_was_withdrawn(client: Any, world: World, login: Any) -> None:
    from village.families.actions import withdraw_consent
    from village.families.models import Consent

    program = lincoln_program(world)
    referral = referred(world)
    withdraw_consent(world.amina, Consent.objects.get(student=world.layla))
    disclosures = DisclosureRecord.objects.count()
    login("rosa", language="en")
    url = reverse("community:mentee_add", kwargs={"pk": program.pk, "referral_pk": referral.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {"languages": ["ar"], "times": ["tue"]})
    assert response.status_code == 400 and "No current consent covers" in response.content.decode()
    assert not Mentee.objects.exists() and DisclosureRecord.objects.count() == disclosures


def test_the_coordinator_pairs_the_whole_cohort_beside_first_come(client: Any, world: World, login: Any) -> None:
    huda = mentor(world, "Huda Mansour", "huda@example.org", capacity=1, languages=["ar"], times=["tue"])
    carmen = mentor(world, "Carmen Ortiz", "carmen@example.org", capacity=2, languages=["es", "en"], times=["tue"])
    login("rosa", language="en")
    program = lincoln_program(world)
    layla_referral = referred(world)
    add = reverse("community:mentee_add", kwargs={"pk": program.pk, "referral_pk": layla_referral.pk})
    assert client.post(add, {"languages": ["ar"], "times": ["tue"], "interests": ["reading"]}).status_code == 302
    other = referred(world, lincoln_student(world, 1))
    mentee(world, other, languages=["es"], times=["tue"])
    program_page = client.get(reverse("community:program", kwargs={"pk": program.pk})).content.decode()
    assert "Pair with Huda Mansour" in program_page and "They share a language: Arabic" in program_page
    assert "Pair with Carmen Ortiz" in program_page  # Spanish: Carmen only
    cohort_url = reverse("community:cohort", kwargs={"pk": program.pk})
    page = client.get(cohort_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Fairness by student group" in html and "First come" in html
    proposed = sorted(row["mentor"].pk for row in page.context["rows"])
    assert proposed == sorted([huda.pk, carmen.pk])
    values = [f"{row['mentee'].pk}:{row['mentor'].pk}" for row in page.context["rows"]]
    response = client.post(cohort_url, {"pair": values}, follow=True)
    assert response.status_code == 200 and "2 matches are made" in response.content.decode()
    layla_pair = Pair.objects.get(mentee__student=world.layla)
    assert layla_pair.mentor == huda and ["language", ["ar"]] in layla_pair.reasons
    # Posted back again: both are paired already, nothing more is written.
    again = client.post(cohort_url, {"pair": values})
    assert again.status_code == 400 and Pair.objects.count() == 2


def test_a_pairing_that_breaks_a_hard_constraint_writes_nothing(client: Any, world: World, login: Any) -> None:
    huda = mentor(world, "Huda Mansour", "huda@example.org", capacity=1, languages=["ar"], times=["tue"])
    layla = mentee(world)  # Arabic, Tuesdays
    spanish = mentee(world, referred(world, lincoln_student(world, 1)), languages=["es"], times=["tue"])
    arabic = mentee(world, referred(world, lincoln_student(world, 2)), languages=["ar"], times=["tue"])
    login("rosa", language="en")
    url = reverse("community:cohort", kwargs={"pk": lincoln_program(world).pk})
    no_language = client.post(url, {"pair": [f"{layla.pk}:{huda.pk}", f"{spanish.pk}:{huda.pk}"]})
    assert no_language.status_code == 400
    over = client.post(url, {"pair": [f"{layla.pk}:{huda.pk}", f"{arabic.pk}:{huda.pk}"]})
    assert over.status_code == 400
    messages = [str(m) for m in over.context["messages"]]
    assert any("no room left" in m and "Nothing was changed" in m for m in messages)
    assert not Pair.objects.exists()


def test_the_mentor_sees_only_what_the_consent_covers_and_logs_a_meeting(client: Any, world: World) -> None:
    pair = paired(world)  # the referral shares name and grade, not the home language
    token = _token(pair.mentor.volunteer)
    home = client.get(reverse("community:volunteer", kwargs={"token": token}))
    url = reverse("community:mentor_match", kwargs={"token": token, "pk": pair.pk})
    assert url in home.content.decode()
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and "Layla Hassan" in html and "English learner" not in html
    assert page.context["student"]["home_language"] == ""
    assert DisclosureRecord.objects.filter(student=world.layla, channel="page").exists()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    future = client.post(
        url, {"form": "meeting", "meeting-date": tomorrow.isoformat(), "meeting-minutes": 60, "meeting-note": ""}
    )
    assert future.status_code == 400 and "cannot be in the future" in future.content.decode()
    assert not Meeting.objects.exists()
    today = timezone.localdate().isoformat()
    logged = client.post(
        url, {"form": "meeting", "meeting-date": today, "meeting-minutes": 45, "meeting-note": "Read a book"}
    )
    assert logged.status_code == 302 and Meeting.objects.get().minutes == 45
    first = client.post(url, {"form": "check_in", "check_in-score": 3, "check_in-comment": ""})
    assert first.status_code == 302
    second = client.post(url, {"form": "check_in", "check_in-score": 1, "check_in-comment": ""})
    assert second.status_code == 400 and "already checked in this month" in second.content.decode()
    assert CheckIn.objects.get().score == 3
    # Another volunteer's link reaches nothing of this match.
    other = _token(cleared_volunteer(world, "Carmen Ortiz", "carmen@example.org"))
    assert client.get(reverse("community:mentor_match", kwargs={"token": other, "pk": pair.pk})).status_code == 404


def test_a_withdrawn_consent_hides_the_student_from_the_mentor(client: Any, world: World) -> None:
    from village.families.actions import withdraw_consent
    from village.families.models import Consent

    pair = paired(world)
    withdraw_consent(world.amina, Consent.objects.get(student=world.layla))
    html = client.get(reverse("community:mentor_match", kwargs={"token": _token(pair.mentor.volunteer), "pk": pair.pk}))
    assert "Layla" not in html.content.decode() and html.context["student"]["covered"] is False


def test_a_stalled_match_and_a_bad_check_in_alert_the_coordinator(client: Any, world: World, login: Any) -> None:
    pair = paired(world)
    Pair.objects.filter(pk=pair.pk).update(started_on=timezone.localdate() - datetime.timedelta(days=40))
    login("rosa", language="en")
    home = client.get(reverse("home")).content.decode()
    assert "No meeting for 40 days" in home and reverse("community:pair", kwargs={"pk": pair.pk}) in home
    # The family answers the monthly check-in in Arabic: it goes badly.
    out = StringIO()
    call_command("mentoring_check_ins", stdout=out)
    assert "2" in out.getvalue()
    family = Delivery.objects.get(outbox__kind="community.mentoring_check_in", recipient=world.amina)
    assert family.language == "ar"
    check_in = CheckIn.objects.get(side="student")
    assert check_in.token in family.body
    client.logout()
    url = reverse("community:check_in", kwargs={"token": check_in.token})
    assert client.post(url, {"score": 1, "comment": "They did not meet"}).status_code == 302
    again = client.post(url, {"score": 3, "comment": ""})
    assert again.status_code == 400 and CheckIn.objects.get(pk=check_in.pk).score == 1
    login("rosa", language="en")
    program_page = client.get(reverse("community:program", kwargs={"pk": pair.program_id})).content.decode()
    assert "The student or family says it is not going well" in program_page
    client.post(reverse("community:read_check_in", kwargs={"pk": check_in.pk}))
    # A meeting logged by the mentor ends the stall; the read check-in leaves the alerts.
    token = _token(pair.mentor.volunteer)
    client.post(
        reverse("community:mentor_match", kwargs={"token": token, "pk": pair.pk}),
        {"form": "meeting", "meeting-date": timezone.localdate().isoformat(), "meeting-minutes": 60},
    )
    login("rosa", language="en")
    assert "No meeting for" not in client.get(reverse("home")).content.decode()
    program_page = client.get(reverse("community:program", kwargs={"pk": pair.program_id})).content.decode()
    assert "No match needs you now." in program_page


def test_a_match_closes_with_a_reason_from_the_list(client: Any, world: World, login: Any) -> None:
    pair = paired(world)
    login("rosa", language="en")
    url = reverse("community:pair", kwargs={"pk": pair.pk})
    assert client.get(url).status_code == 200
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    refused = client.post(url, {"reason": "goals_met", "ended_on": tomorrow})
    assert refused.status_code == 400 and Pair.objects.get().ended_on is None
    assert client.post(url, {"reason": "made_up", "ended_on": timezone.localdate().isoformat()}).status_code == 400
    closed = client.post(url, {"reason": "goals_met", "ended_on": timezone.localdate().isoformat()})
    assert closed.status_code == 302
    assert Pair.objects.get().end_reason == "goals_met"


def test_program_figures_by_group_hide_small_groups(client: Any, world: World, login: Any, settings: Any) -> None:
    from village.community.actions.mentoring import pair

    settings.VILLAGE_SMALL_N = 3
    huda = mentor(world, "Huda Mansour", "huda@example.org", capacity=2)
    carmen = mentor(world, "Carmen Ortiz", "carmen@example.org", capacity=2)
    first = mentee(world)  # Layla, an English learner
    others = [mentee(world, referred(world, lincoln_student(world, n))) for n in (1, 2)]
    program = lincoln_program(world)
    pair(world.rosa, program, [(first.pk, huda.pk), (others[0].pk, huda.pk), (others[1].pk, carmen.pk)])
    login("rosa", language="en")
    response = client.get(reverse("community:figures", kwargs={"pk": program.pk}))
    assert response.status_code == 200
    rows = {row.label: row for row in response.context["rows"]}
    assert rows["All students"].active.display == "3"
    assert rows["English learners"].active.display == "*"  # one student: hidden
    assert rows["Students with an IEP or 504 plan"].active.display == "0"
