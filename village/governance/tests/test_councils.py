"""Councils through HTTP: seating members, drafting and adopting bylaws, rotating co-chairs,
representation, and meetings with accommodations and quorum."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from conftest import World
from village.accounts.models import Membership, Role, User
from village.governance import actions, rotation
from village.governance.models import Bylaws, Council, CouncilMember, SeatType
from village.governance.tests.helpers import TERM_START, adopt, bare_council, draft, lincoln_council


def test_a_coordinator_starts_a_council_and_seats_a_family_member(world: World, login: Any) -> None:
    client = login("rosa", language="en")
    response = client.post(
        reverse("governance:school_councils", kwargs={"pk": world.lincoln.pk}),
        {"kind": "joint", "name": "Lincoln Community Council"},
    )
    council = Council.objects.get()
    assert response["Location"] == council.get_absolute_url()
    assert council.school == world.lincoln and council.district == world.riverbend

    url = reverse("governance:member_add", kwargs={"pk": council.pk})
    refused = client.post(url, {"email": "nobody@example.org", "seat_type": "family", "term_start": "2025-09-01"})
    assert refused.status_code == 200
    assert "Nobody has a Village account with this email address." in refused.content.decode()

    client.post(url, {"email": world.amina.email, "seat_type": "family", "term_start": "2025-09-01"})
    seat = CouncilMember.objects.get(council=council)
    assert seat.user == world.amina and seat.seat_type == SeatType.FAMILY
    # Amina now holds the council member role at Lincoln, so the council is on her list.
    assert Membership.objects.active().filter(user=world.amina, role=Role.COUNCIL_MEMBER, school=world.lincoln)
    mine = login("amina", language="en").get(reverse("governance:mine"))
    assert "Lincoln Community Council" in mine.content.decode()


def test_a_partner_seat_names_its_organization(world: World, login: Any) -> None:
    council = bare_council(world)
    client = login("rosa", language="en")
    url = reverse("governance:member_add", kwargs={"pk": council.pk})
    refused = client.post(url, {"email": world.mai.email, "seat_type": "partner", "term_start": "2025-09-01"})
    assert "Name the partner organization this seat speaks for." in refused.content.decode()
    client.post(
        url,
        {"email": world.mai.email, "seat_type": "partner", "organization": world.clinic.pk, "term_start": "2025-09-01"},
    )
    assert council.members.get(user=world.mai).organization == world.clinic


def test_a_member_cannot_hold_two_seats_at_once(world: World) -> None:
    council = bare_council(world)
    with pytest.raises(ValidationError, match="already has a seat"):
        actions.add_member(world.rosa, council, email=world.grace.email, seat_type="family", term_start=TERM_START)


def test_bylaws_come_into_force_only_when_a_decision_adopts_them(world: World, login: Any) -> None:
    council = bare_council(world)
    client = login("rosa", language="en")
    client.post(
        reverse("governance:bylaws_new", kwargs={"pk": council.pk}),
        {
            "text": "We meet monthly.",
            "voting_method": "consent",
            "quorum_fraction": "0.5",
            "rotation_months": "6",
            "rotation_seats": ["family", "community"],
            "rotation_start": "2025-09-01",
        },
    )
    bylaws = Bylaws.objects.get(council=council)
    assert bylaws.version == 1 and bylaws.adopted_at is None
    page = client.get(council.get_absolute_url()).content.decode()
    assert "No bylaws are in force yet." in page

    decision = adopt(world, council, bylaws)
    bylaws.refresh_from_db()
    assert bylaws.adopted_by == decision and bylaws.adopted_at is not None
    assert decision.follow_up == "done"
    # The founding decision was taken by majority, with more than half of the members voting.
    assert decision.method == "majority" and decision.quorum == 2
    page = client.get(council.get_absolute_url()).content.decode()
    assert "Consent (passes unless there is a paramount objection)" in page
    assert "50% of the members serving" in page


def test_bylaws_without_quorum_or_seats_are_refused(world: World, login: Any) -> None:
    council = bare_council(world)
    response = login("rosa", language="en").post(
        reverse("governance:bylaws_new", kwargs={"pk": council.pk}),
        {"text": "x", "voting_method": "majority", "rotation_months": "6", "rotation_start": "2025-09-01"},
    )
    body = response.content.decode()
    assert "Give the quorum as a share of members or as a number." in body or "This field is required." in body
    assert not Bylaws.objects.exists()


def _member(council: Council, user: User, seat: str, start: datetime.date) -> CouncilMember:
    return CouncilMember.objects.create(
        district=council.district, council=council, user=user, seat_type=seat, term_start=start
    )


def test_co_chairs_rotate_deterministically_across_seats(world: World) -> None:
    council = bare_council(world)  # Grace (community), Amina (family), both from TERM_START
    _member(council, world.sam, SeatType.EDUCATOR, TERM_START)
    _member(council, world.lucas, SeatType.FAMILY, TERM_START + datetime.timedelta(days=1))
    bylaws = draft(world, council, rotation_seats=[SeatType.FAMILY, SeatType.COMMUNITY], rotation_months=4)
    members = list(council.members.select_related("user"))
    # The queue alternates seats in the bylaws' order: Amina (family), Grace (community), Lucas (family).
    # Sam's educator seat is not eligible.
    first = rotation.co_chairs(bylaws, members, datetime.date(2025, 10, 15))
    assert [m.user for m in first.chairs] == [world.amina, world.grace]
    assert (first.starts, first.ends) == (datetime.date(2025, 9, 1), datetime.date(2025, 12, 31))
    second = rotation.co_chairs(bylaws, members, datetime.date(2026, 1, 1))
    assert [m.user for m in second.chairs] == [world.lucas, world.amina]
    third = rotation.co_chairs(bylaws, members, datetime.date(2026, 5, 2))
    assert [m.user for m in third.chairs] == [world.grace, world.lucas]
    assert rotation.co_chairs(bylaws, members, datetime.date(2026, 1, 1)) == second


def test_the_council_page_shows_the_rotation(world: World, login: Any) -> None:
    council = lincoln_council(world)
    response = login("grace", language="en").get(council.get_absolute_url())
    terms = response.context["terms"]
    assert len(terms) == 6
    assert all(len(t.chairs) == 2 for t in terms)
    assert "Co-chairs by term" in response.content.decode()


def test_representation_flags_languages_and_groups_and_suppresses_small_counts(world: World, login: Any) -> None:
    from village.families.models import Household, Student

    council = lincoln_council(world)
    # Twelve Spanish-speaking families with children at Lincoln (none on the council), and ten
    # English-speaking ones.
    for i in range(22):
        household = Household.objects.create(
            district=world.riverbend, name=f"F{i}", home_language="es" if i < 12 else "en"
        )
        Student.objects.create(
            district=world.riverbend,
            school=world.lincoln,
            household=household,
            local_id=f"X{i}",
            given_name="A",
            family_name="B",
            grade=2,
            has_iep=True,
        )
    response = login("rosa", language="en").get(reverse("governance:representation", kwargs={"pk": council.pk}))
    report = response.context["report"]
    languages = {row.code: row for row in report.languages}
    # Spanish is flagged; its count is hidden with Arabic's (the total is published), so its share
    # is hidden too: 52% of 23 would give the 12 back.
    assert languages["es"].flagged and languages["es"].families.display() == "*"
    assert languages["es"].share.display == "**"
    # Arabic: one family (the Hassans), below the threshold: withheld, and another count with
    # it, or the published total would give it away. Amina speaks it.
    assert languages["ar"].families.display() == "*" and not languages["ar"].flagged
    assert [row.families.display() for row in report.languages].count("*") >= 2
    assert report.families_total.display() == "23"
    groups = {row.code: row for row in report.groups}
    assert groups["iep_504"].flagged and not groups["iep_504"].represented
    assert groups["english_learner"].represented  # through Amina's daughter Layla
    assert "Under-represented" in response.content.decode()
    # Members see the languages, not which groups their fellow members' children are in.
    member = login("grace", language="en").get(reverse("governance:representation", kwargs={"pk": council.pk}))
    body = member.content.decode()
    assert "Spanish" in body and "English learners" not in body
    assert "only the coordinators who run the council see it" in body


def test_a_meeting_shows_accommodations_and_whether_quorum_is_met(world: World, login: Any) -> None:
    council = lincoln_council(world)
    _member(council, world.sam, SeatType.EDUCATOR, TERM_START)
    client = login("rosa", language="en")
    starts = timezone.localtime() + datetime.timedelta(days=2)
    client.post(
        reverse("governance:meeting_new", kwargs={"pk": council.pk}),
        {
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "place": "Lincoln library",
            "interpretation": ["ar", "es"],
            "childcare": "on",
            "accessible_venue": "on",
        },
    )
    meeting = council.meetings.get()
    assert meeting.interpretation == ["ar", "es"] and meeting.childcare and not meeting.transport
    client.post(reverse("governance:meeting_agenda", kwargs={"pk": meeting.pk}), {"title": "Welcome"})
    grace = council.members.get(user=world.grace)
    client.post(
        reverse("governance:meeting_record", kwargs={"pk": meeting.pk}), {"attendees": [grace.pk], "minutes": "Short."}
    )
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Arabic" in page and "Welcome" in page
    assert "No quorum: 1 of 3 members present; 2 needed." in page
    amina = council.members.get(user=world.amina)
    client.post(
        reverse("governance:meeting_record", kwargs={"pk": meeting.pk}),
        {"attendees": [grace.pk, amina.pk], "minutes": "Short."},
    )
    assert "Quorum met: 2 of 3 members present; 2 needed." in client.get(meeting.get_absolute_url()).content.decode()


def test_only_those_who_run_the_council_seat_members(world: World, login: Any) -> None:
    council = lincoln_council(world)
    url = reverse("governance:member_add", kwargs={"pk": council.pk})
    for persona in ("grace", "amina", "omar", "sam"):
        assert (
            login(persona)
            .post(url, {"email": world.sam.email, "seat_type": "educator", "term_start": "2025-09-01"})
            .status_code
            == 404
        )
    assert not council.members.filter(user=world.sam).exists()


def test_home_pages_lead_to_councils_and_to_you_said_we_did(world: World, login: Any) -> None:
    lincoln_council(world)
    mine = reverse("governance:mine")
    assert mine in login("grace", language="en").get("/").content.decode()
    assert (
        reverse("governance:school_councils", kwargs={"pk": world.lincoln.pk})
        in login("rosa").get("/").content.decode()
    )
    assert reverse("governance:log") in login("dana").get("/").content.decode()
    said = reverse("governance:you_said", kwargs={"pk": world.lincoln.pk})
    assert said in login("amina").get("/").content.decode()


def test_a_lead_starts_a_district_wide_council(world: World, login: Any) -> None:
    client = login("dana", language="en")
    url = reverse("governance:district_councils", kwargs={"slug": world.riverbend.slug})
    response = client.post(url, {"kind": "student", "name": "Riverbend Student Council"})
    council = Council.objects.get()
    assert response["Location"] == council.get_absolute_url()
    assert council.school is None and council.district == world.riverbend
    assert "Riverbend Student Council" in client.get(reverse("governance:mine")).content.decode()
    # Lakeside's coordinator does not see Riverbend's district council.
    assert login("omar").get(council.get_absolute_url()).status_code == 404


def test_open_gap_reviews_arrive_on_the_next_meeting_s_agenda(world: World, login: Any) -> None:
    from village.indicators import actions as indicators
    from village.indicators.models import Indicator, Review

    council = lincoln_council(world)
    indicators.ensure_starter(world.riverbend)
    period = indicators.add_period(
        world.dana, world.riverbend, "Q1", datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)
    )
    indicator = Indicator.objects.filter(district=world.riverbend).order_by("pk").first()
    assert indicator is not None
    review = Review.objects.create(
        district=world.riverbend,
        school=world.lincoln,
        indicator=indicator,
        period=period,
        group="english_learner",
        reason="gap",
        due=datetime.date(2026, 5, 1),
    )
    Review.objects.create(
        district=world.riverbend,
        school=world.washington,
        indicator=indicator,
        period=period,
        group="all",
        reason="gap",
        due=datetime.date(2026, 5, 1),
    )
    when = timezone.now() + datetime.timedelta(days=2)
    first = actions.schedule_meeting(world.rosa, council, starts_at=when, place="Library")
    assert [item.review for item in first.agenda.all()] == [review]  # Washington's review stays with Washington
    page = login("rosa", language="en").get(first.get_absolute_url()).content.decode()
    assert "Gap review:" in page and reverse("indicators:review", kwargs={"pk": review.pk}) in page
    # Once on an agenda, the review does not come back at every meeting.
    second = actions.schedule_meeting(world.rosa, council, starts_at=when, place="Library")
    assert not second.agenda.exists()


def test_ending_a_term_keeps_the_seat_on_record_and_stops_the_member_taking_part(world: World, login: Any) -> None:
    council = lincoln_council(world)
    seat = council.members.get(user=world.grace)
    url = reverse("governance:member_end", kwargs={"pk": seat.pk})
    assert login("amina").post(url).status_code == 404
    login("rosa", language="en").post(url)
    seat.refresh_from_db()
    assert seat.term_end == timezone.localdate() - datetime.timedelta(days=1)
    assert login("grace").get(council.get_absolute_url()).status_code == 404
    page = login("rosa", language="en").get(council.get_absolute_url()).content.decode()
    assert "Members whose term has ended or not yet begun" in page and "Grace Liu" in page
