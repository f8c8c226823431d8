"""The volunteering demo: the clinic's role at Lincoln with clearances, approved volunteers whose
hours reach the partnership's shared resources, one waiting for a clearance; and a clean reset."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import World
from village.community.models import HoursLog, Opportunity, Signup, Volunteer
from village.community.tests.helpers import clinic_partnership
from village.demo import community as demo
from village.demo import reset
from village.events.models import Attendance

pytestmark = pytest.mark.django_db


def test_demo_volunteering_at_lincoln_with_clearances_and_logged_hours(world: World, login: Any) -> None:
    partnership = clinic_partnership(world)
    demo.build(world.riverbend, world.lincoln)
    clinic_role = Opportunity.objects.get(organization=world.clinic)
    assert clinic_role.partnership == partnership and clinic_role.created_by == world.mai
    assert clinic_role.clearances == ["background_check", "tb_test"]
    statuses = dict(Signup.objects.filter(opportunity=clinic_role).values_list("volunteer__name", "status"))
    assert statuses == {"Huda Mansour": "approved", "Carmen Ortiz": "approved", "Tran Van Minh": "pending"}
    assert HoursLog.objects.filter(status="confirmed").count() == 2
    assert HoursLog.objects.filter(status="logged").count() == 2
    assert partnership.resources.filter(kind="volunteers").count() == 2
    page = login("rosa", language="en").get(reverse("community:opportunity", kwargs={"pk": clinic_role.pk}))
    text = page.content.decode()
    assert "Tran Van Minh" in text and "not recorded" in text and "expires soon" in text
    reset.delete_community([world.riverbend.pk])
    assert not Opportunity.objects.exists() and not Volunteer.objects.exists()


def test_without_a_partnership_at_lincoln_the_demo_posts_nothing_but_last_weeks_attendance(world: World) -> None:
    demo.build(world.riverbend, world.lincoln)
    assert not Opportunity.objects.exists()
    came = Attendance.objects.get(event__school=world.lincoln)
    assert came.event.is_past() and came.people == 96 and came.family_total == 40


def test_demo_mentoring_at_lincoln_is_paired_meeting_and_checked_in(world: World, login: Any) -> None:
    from village.community.models import CheckIn, Meeting, MentoringProgram, Pair

    clinic_partnership(world)
    demo.build(world.riverbend, world.lincoln)
    program = MentoringProgram.objects.get(school=world.lincoln)
    assert program.organization == world.clinic and program.mentors.count() == 3
    match = Pair.objects.get(program=program)  # Lucas, the one student of the test world in grades 3 to 5
    assert match.mentee.student.given_name == "Lucas" and match.ended_on is None
    assert Meeting.objects.filter(pair=match).count() >= 3
    assert CheckIn.objects.filter(pair=match, answered_at__isnull=False).count() == 2
    page = login("rosa", language="en").get(reverse("community:program", kwargs={"pk": program.pk}))
    assert page.status_code == 200 and "Lucas Pereira" in page.content.decode()
    reset.delete_community([world.riverbend.pk])
    assert not MentoringProgram.objects.exists() and not Volunteer.objects.exists()
