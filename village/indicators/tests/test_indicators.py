"""The indicator framework through its pages: set-up, feeding data, dashboards, reviews, reports."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from conftest import World
from village.indicators.models import Celebration, Indicator, Period, PracticeLog, Review, Value

pytestmark = pytest.mark.django_db

HEADER = "indicator,school,period,group,numerator,denominator,students\n"


def setup_framework(
    login: Any, world: World, label: str = "Q1", starts: str = "2026-07-01", ends: str = "2026-09-30"
) -> Any:
    client = login("dana", language="en")
    client.post(reverse("indicators:framework", kwargs={"slug": "riverbend"}), {"starter": "1"})
    client.post(
        reverse("indicators:period_new", kwargs={"slug": "riverbend"}), {"label": label, "starts": starts, "ends": ends}
    )
    return client


def upload(client: Any, text: str, dry_run: bool = False) -> Any:
    data: dict[str, Any] = {"file": SimpleUploadedFile("values.csv", text.encode(), content_type="text/csv")}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(reverse("indicators:import", kwargs={"slug": "riverbend"}), data)


def test_the_lead_sets_up_the_starter_framework_and_periods_that_do_not_overlap(login: Any, world: World) -> None:
    client = setup_framework(login, world)
    codes = set(Indicator.objects.filter(district=world.riverbend).values_list("code", flat=True))
    assert {
        "referral-completion",
        "time-to-service",
        "needs-met",
        "family-participation",
        "attendance",
        "event-attendance",
    } <= codes
    assert len(codes) == 11
    # Adding the starter set again adds nothing.
    client.post(reverse("indicators:framework", kwargs={"slug": "riverbend"}), {"starter": "1"})
    assert Indicator.objects.filter(district=world.riverbend).count() == 11
    response = client.post(
        reverse("indicators:period_new", kwargs={"slug": "riverbend"}),
        {"label": "Autumn", "starts": "2026-09-01", "ends": "2026-12-31"},
    )
    assert response.status_code == 200
    assert "overlaps “Q1”" in response.content.decode()
    assert Period.objects.filter(district=world.riverbend).count() == 1
    page = client.get(reverse("indicators:framework", kwargs={"slug": "riverbend"})).content.decode()
    assert "Referrals completed" in page and "Q1" in page


def test_an_indicator_form_refuses_a_used_code_and_a_negative_gap(login: Any, world: World) -> None:
    client = setup_framework(login, world)
    response = client.post(
        reverse("indicators:indicator_new", kwargs={"slug": "riverbend"}),
        {
            "name": "Attendance again",
            "code": "attendance",
            "definition": "x",
            "numerator": "a",
            "denominator": "b",
            "unit": "percent",
            "direction": "higher",
            "gap_margin": "-1",
            "frequency": "quarterly",
            "source": "import",
        },
    )
    body = response.content.decode()
    assert "Another indicator already has this short code." in body
    assert "The gap cannot be negative." in body
    assert Indicator.objects.filter(code="attendance").count() == 1  # only the starter one


def test_an_import_with_bad_rows_saves_nothing_and_names_each_problem(login: Any, world: World) -> None:
    client = setup_framework(login, world)
    text = HEADER + (
        "attendance,Lincoln Elementary,Q1,,9300,10000,100\n"
        "attendance,Nowhere School,Q1,,1,2,\n"
        "attendance,Lincoln Elementary,Q1,left_handed,1,2,\n"
        "attendance,Lincoln Elementary,Q9,english_learner,1,2,\n"
        "enrichment,Lincoln Elementary,Q1,,5,0,\n"
        "enrichment,Lincoln Elementary,Q1,english_learner,12,10,\n"
        "needs-met,Lincoln Elementary,Q1,,1,2,\n"
        "attendance,Lincoln Elementary,Q1,,9300,10000,100\n"
    )
    response = upload(client, text)
    body = response.content.decode()
    assert "Nothing was saved" in body
    for expected in (
        "no school in the district is called or numbered “Nowhere School”",
        "the student group “left_handed” is not one of",
        "no period is called “Q9”",
        "the denominator is zero",
        "the numerator 12 is larger than the denominator 10",
        "is computed by Village from its own records and cannot be imported",
        "already appear in an earlier row",
    ):
        assert expected in body, expected
    rows = re.findall(r'<th scope="row">(\d+)</th>', body)
    assert rows == ["3", "4", "5", "6", "7", "8", "9"]
    assert Value.objects.count() == 0


def test_a_dry_run_checks_then_an_import_feeds_the_dashboard_with_small_groups_withheld(
    login: Any, world: World, settings: Any
) -> None:
    settings.VILLAGE_SMALL_N = 10
    client = setup_framework(login, world)
    text = HEADER + (
        "attendance,Lincoln Elementary,Q1,,9300,10000,100\n"
        "attendance,Lincoln Elementary,Q1,english_learner,1700,2000,20\n"
        "attendance,Lincoln Elementary,Q1,homeless_or_foster,150,240,4\n"
        "enrichment,Lincoln Elementary,Q1,,57,100,\n"
        "enrichment,Lincoln Elementary,Q1,english_learner,3,20,\n"
    )
    checked = upload(client, text, dry_run=True)
    assert "Every row is ready" in checked.content.decode() and Value.objects.count() == 0
    done = upload(client, text)
    assert done.status_code == 302 and Value.objects.count() == 5
    page = client.get(reverse("indicators:school_dashboard", kwargs={"pk": world.lincoln.pk})).content.decode()
    assert "93.0%" in page and "85.0%" in page
    assert "62.5" not in page  # four students in foster care or homeless: withheld
    assert "57%" in page  # enrichment, all students
    # 3 of 20 English learners: bottom-coded in words that do not tell the group's size, not 15%
    assert "fewer than 10" in page and "&lt; 50%" not in page
    assert "15%" not in page
    csv = client.get(reverse("indicators:school_dashboard_csv", kwargs={"pk": world.lincoln.pk})).content.decode()
    assert "93.0%" in csv and "62.5" not in csv and "*" in csv


def _attendance_with_a_gap(client: Any) -> None:
    upload(
        client,
        HEADER
        + "attendance,Lincoln Elementary,Q1,,9500,10000,100\n"
        + "attendance,Lincoln Elementary,Q1,english_learner,1600,2000,20\n",
    )


def clinic_partnership(world: World) -> Any:
    from village.partnerships.models import Partnership

    partnership = Partnership.objects.create(
        district=world.riverbend, name="Healthy Lincoln", partner_type="health", shared_goals="Health", status="active"
    )
    partnership.schools.add(world.lincoln)
    partnership.organizations.add(world.clinic, through_defaults={})
    return partnership


def test_a_gap_opens_a_review_that_is_worked_to_closure(login: Any, world: World) -> None:
    clinic_partnership(world)  # so Mai, the clinic's staff, may take part
    client = setup_framework(login, world)
    _attendance_with_a_gap(client)
    period = Period.objects.get(label="Q1")
    client.post(reverse("indicators:refresh", kwargs={"slug": "riverbend"}), {"period": period.pk})
    review = Review.objects.get(indicator__code="attendance", group="english_learner")
    assert review.school == world.lincoln and review.reason == "gap"  # 80% against 95%: 15 points behind
    assert review.evidence["value"] == "80.0%" and review.evidence["all_students"] == "95.0%"
    # Computing again opens no second review.
    client.post(reverse("indicators:refresh", kwargs={"slug": "riverbend"}), {"period": period.pk})
    assert Review.objects.filter(indicator__code="attendance").count() == 1

    rosa = login("rosa", language="en")
    url = reverse("indicators:review", kwargs={"pk": review.pk})
    assert "80.0%" in rosa.get(url).content.decode()
    closing = rosa.post(reverse("indicators:review_close", kwargs={"pk": review.pk}), follow=True)
    assert "Write down what the review found before closing it." in closing.content.decode()
    rosa.post(
        url,
        {
            "findings": "English learners miss the early bus.",
            "reallocations": "",
            "participants": [world.amina.pk, world.mai.pk],
        },
    )
    rosa.post(
        reverse("indicators:review_action_add", kwargs={"pk": review.pk}),
        {"text": "Add a second morning bus stop", "owner": world.rosa.pk, "due": "2026-12-01"},
    )
    review.refresh_from_db()
    assert review.status == "in_progress"
    assert set(review.participants.values_list("name", flat=True)) == {"Amina Hassan", "Mai Nguyen"}
    refused = rosa.post(reverse("indicators:review_close", kwargs={"pk": review.pk}), follow=True)
    assert "1 action is not done yet" in refused.content.decode()
    action = review.actions.get()
    rosa.post(reverse("indicators:review_action_done", kwargs={"pk": review.pk, "action_pk": action.pk}))
    rosa.post(reverse("indicators:review_close", kwargs={"pk": review.pk}))
    review.refresh_from_db()
    assert review.status == "closed" and review.closed_at is not None
    # Amina took part: the review is on her list too; Omar (another district) cannot open it.
    assert login("amina", language="en").get(url).status_code == 200
    assert login("omar", language="en").get(url).status_code == 404


def test_villages_own_figures_are_computed_from_referrals_and_celebrated(
    login: Any, world: World, settings: Any
) -> None:
    from village.referrals.models import Referral
    from village.referrals.tests.helpers import layla_referral

    settings.VILLAGE_SMALL_N = 1
    referral = layla_referral(world)
    now = timezone.now()
    Referral.objects.filter(pk=referral.pk).update(
        status="completed", closed_at=now, service_started_at=now, created_at=now - dt.timedelta(days=6)
    )
    clinic_partnership(world)
    today = timezone.localdate()
    client = setup_framework(
        login,
        world,
        "This quarter",
        (today - dt.timedelta(days=30)).isoformat(),
        (today + dt.timedelta(days=30)).isoformat(),
    )
    period = Period.objects.get(label="This quarter")
    response = client.post(reverse("indicators:refresh", kwargs={"slug": "riverbend"}), {"period": period.pk})
    assert response.status_code == 302
    completion = Value.objects.get(indicator__code="referral-completion", school=world.lincoln, group="all")
    assert (completion.numerator, completion.denominator, completion.students) == (1, 1, 1)
    assert Value.objects.get(indicator__code="referral-completion", group="english_learner").numerator == 1
    wait = Value.objects.get(indicator__code="time-to-service", school=world.lincoln, group="all")
    assert (wait.numerator, wait.denominator) == (6, 1)
    # Lincoln reached the completion target for the first time: celebrated, naming the clinic.
    celebration = Celebration.objects.get(indicator__code="referral-completion", school=world.lincoln)
    assert list(celebration.partners.values_list("name", flat=True)) == ["Northside Family Health Clinic"]
    report = client.get(reverse("reports:public_school", kwargs={"slug": "riverbend", "pk": world.lincoln.pk}))
    assert "Northside Family Health Clinic" in report.content.decode()


def test_public_reports_show_no_figure_about_fewer_than_n_students(
    client: Any, login: Any, world: World, settings: Any
) -> None:
    settings.VILLAGE_SMALL_N = 10
    lead = setup_framework(login, world)
    upload(
        lead,
        HEADER
        + "attendance,Lincoln Elementary,Q1,,9300,10000,100\n"
        + "attendance,Lincoln Elementary,Q1,homeless_or_foster,171,200,3\n"
        + "attendance,Washington High,Q1,,160,180,7\n"
        + "enrichment,Lincoln Elementary,Q1,,61,100,\n"
        + "enrichment,Lincoln Elementary,Q1,english_learner,4,9,\n",
    )
    client.logout()
    # Homeless or foster: 3 students (85.5%); Washington: 7 students (88.9%); English learners'
    # enrichment: 9 students (44.4%). None may appear, in any form, on any public page.
    for url in (
        reverse("reports:public_district", kwargs={"slug": "riverbend"}),
        reverse("reports:public_school", kwargs={"slug": "riverbend", "pk": world.lincoln.pk}),
        reverse("reports:public_school", kwargs={"slug": "riverbend", "pk": world.washington.pk}),
    ):
        page = client.get(url)
        assert page.status_code == 200
        body = page.content.decode()
        cells = re.findall(r'<td class="num">\s*(?:<abbr[^>]*>|<span dir="ltr">)?([^<]*)', body)
        assert cells, url
        for leaked in ("85.5", "86%", "88.9", "89%", "44.4", "44%"):
            assert leaked not in body, (url, leaked)
        assert "*" in cells
    district = client.get(reverse("reports:public_district", kwargs={"slug": "riverbend"})).content.decode()
    assert "93.0%" in district  # Lincoln's 100 students: published


def test_an_educator_logs_a_practice_in_seconds_and_cannot_date_it_tomorrow(login: Any, world: World) -> None:
    client = login("sam", language="en")
    url = reverse("indicators:practice", kwargs={"pk": world.lincoln.pk})
    today = timezone.localdate()
    client.post(url, {"practice": "co_teaching", "happened_on": today.isoformat(), "students": "24"})
    assert PracticeLog.objects.get().students == 24
    response = client.post(url, {"practice": "udl_lesson", "happened_on": (today + dt.timedelta(days=1)).isoformat()})
    assert "The date is in the future." in response.content.decode()
    assert PracticeLog.objects.count() == 1
    assert "Co-teaching" in client.get(url).content.decode()


def test_a_lead_adds_a_celebration_naming_partners(login: Any, world: World) -> None:
    from village.partnerships.models import Partnership

    partnership = Partnership.objects.create(
        district=world.riverbend, name="Reading", partner_type="nonprofit", shared_goals="Reading", status="active"
    )
    partnership.organizations.add(world.tutoring, through_defaults={})
    client = login("dana", language="en")
    url = reverse("indicators:celebration_new", kwargs={"slug": "riverbend"})
    future = client.post(url, {"kind": "milestone", "title": "Soon", "happened_on": "2099-01-01"})
    assert "the date is in the future" in future.content.decode()
    client.post(
        url,
        {
            "kind": "agreement_renewed",
            "title": "Reading partnership renewed for three years",
            "happened_on": timezone.localdate().isoformat(),
            "school": world.lincoln.pk,
            "partners": [world.tutoring.pk],
        },
    )
    celebration = Celebration.objects.get()
    assert celebration.kind == "agreement_renewed" and list(celebration.partners.all()) == [world.tutoring]
    # A district-wide milestone (no school) shows on every school's report too.
    client.post(
        url,
        {
            "kind": "milestone",
            "title": "Every school has a family liaison",
            "happened_on": timezone.localdate().isoformat(),
        },
    )
    report = client.get(reverse("reports:public_school", kwargs={"slug": "riverbend", "pk": world.lincoln.pk}))
    body = report.content.decode()
    assert "Every school has a family liaison" in body and "Reading partnership renewed" in body


EDFI_ATTENDANCE = "external/edfi-data-standard-5.2/Samples/Sample XML/StudentSchoolAttendance.xml"


def test_daily_attendance_from_the_real_edfi_sample_feeds_the_attendance_indicator(login: Any, world: World) -> None:
    from conftest import SHARED, skip_or_fail
    from village.families.models import Student
    from village.orgs.models import School

    source = SHARED / EDFI_ATTENDANCE
    if not source.exists():
        skip_or_fail(f"{source} is not here")
    content = source.read_bytes()
    text = content.decode()
    events = re.findall(r"<StudentSchoolAttendanceEvent>(.*?)</StudentSchoolAttendanceEvent>", text, re.S)
    # An independent reading of the sample: each student's school and absence days.
    schools: dict[str, str] = {}
    absences: dict[str, int] = {}
    for event in events:
        student = re.search(r"<StudentUniqueId>(\d+)<", event).group(1)  # type: ignore[union-attr]
        schools[student] = re.search(r"<SchoolId>(\d+)<", event).group(1)  # type: ignore[union-attr]
        if "Absence</AttendanceEventCategory>" in event:
            absences[student] = absences.get(student, 0) + 1
    by_sis = {
        sis: School.objects.create(
            district=world.riverbend, name=f"School {sis}", sis_id=sis, lowest_grade=0, highest_grade=12
        )
        for sis in sorted(set(schools.values()))
    }
    Student.objects.bulk_create(
        [
            Student(
                district=world.riverbend,
                school=by_sis[sis],
                local_id=student,
                given_name="S",
                family_name=student,
                grade=6,
                english_learner=k % 3 == 0,
            )
            for k, (student, sis) in enumerate(sorted(schools.items()))
        ]
    )
    client = setup_framework(login, world, "2021-22", "2021-08-23", "2022-05-27")
    period = Period.objects.get(label="2021-22")
    url = reverse("indicators:import_attendance", kwargs={"slug": "riverbend"})
    response = client.post(
        url,
        {
            "attendance-file": SimpleUploadedFile("StudentSchoolAttendance.xml", content, content_type="text/xml"),
            "attendance-period": period.pk,
            "attendance-school_days": "170",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    first = by_sis["255901001"]
    value = Value.objects.get(indicator__code="attendance", school=first, group="all")
    enrolled = [s for s, sis in schools.items() if sis == "255901001"]
    assert value.students == len(enrolled) and value.denominator == 170 * len(enrolled)
    assert value.numerator == 170 * len(enrolled) - sum(absences.get(s, 0) for s in enrolled)
    assert Value.objects.filter(indicator__code="attendance", group="english_learner").count() == 3

    # A file naming a student Village does not know saves nothing and says which event.
    Value.objects.all().delete()
    broken = content.replace(b"<StudentUniqueId>604822<", b"<StudentUniqueId>999999<", 1)
    refused = client.post(
        url,
        {
            "attendance-file": SimpleUploadedFile("a.xml", broken, content_type="text/xml"),
            "attendance-period": period.pk,
        },
    )
    assert "no enrolled student has the ID “999999”" in refused.content.decode()
    assert Value.objects.count() == 0
    not_edfi = client.post(
        url,
        {
            "attendance-file": SimpleUploadedFile("a.xml", b"<root/>", content_type="text/xml"),
            "attendance-period": period.pk,
        },
    )
    assert "This is not an Ed-Fi student attendance interchange" in not_edfi.content.decode()


def test_the_public_report_pdf_prints_only_the_published_figures(client: Any, login: Any, world: World) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    lead = setup_framework(login, world)
    upload(
        lead,
        HEADER
        + "attendance,Lincoln Elementary,Q1,,9300,10000,100\n"
        + "attendance,Lincoln Elementary,Q1,homeless_or_foster,171,200,3\n",
    )
    client.logout()
    response = client.get(reverse("reports:public_school_pdf", kwargs={"slug": "riverbend", "pk": world.lincoln.pk}))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert "How our students are doing: Lincoln Elementary" in text
    assert "Attendance" in text and "93.0%" in text
    assert "85.5" not in text and "*" in text


def test_student_period_rows_are_summed_into_the_cube_by_school_and_group(
    login: Any, world: World, settings: Any
) -> None:
    from village.families.models import Student

    settings.VILLAGE_SMALL_N = 1
    client = setup_framework(login, world)
    Student.objects.create(
        district=world.riverbend,
        school=world.washington,
        local_id="RB-9",
        given_name="Ana",
        family_name="Ruiz",
        grade=10,
    )
    text = (
        "indicator,student,period,numerator,denominator\n"
        "attendance,RB-1,Q1,50,60\n"  # Layla, Lincoln, English learner
        "attendance,RB-2,Q1,58,60\n"  # Lucas, Lincoln
        "attendance,RB-9,Q1,60,60\n"  # Ana, Washington
        "attendance,RB-404,Q1,1,2\n"
    )
    refused = upload(client, text)
    assert "no student in the district has the ID “RB-404”" in refused.content.decode()
    assert Value.objects.count() == 0
    upload(client, text.replace("attendance,RB-404,Q1,1,2\n", ""))
    got = {
        (v.school.name, v.group): (v.numerator, v.denominator, v.students)
        for v in Value.objects.select_related("school")
    }
    assert got == {
        ("Lincoln Elementary", "all"): (108, 120, 2),
        ("Lincoln Elementary", "english_learner"): (50, 60, 1),
        ("Washington High", "all"): (60, 60, 1),
    }


def test_a_partner_sees_the_figures_its_agreement_metrics_follow(login: Any, world: World) -> None:
    from village.partnerships.actions.agreements import create_agreement

    partnership = clinic_partnership(world)
    lead = setup_framework(login, world)
    upload(lead, HEADER + "attendance,Lincoln Elementary,Q1,,9300,10000,100\n")
    attendance = Indicator.objects.get(code="attendance")
    text = {
        "purpose": "Healthy students attend",
        "school_roles": "Refer",
        "partner_roles": "Serve",
        "decision_authority": "Both",
        "data_elements": [],
        "data_purposes": "",
        "start_date": dt.date(2026, 1, 1),
        "end_date": dt.date(2027, 12, 31),
        "renewal_terms": "",
    }
    metric = {"name": "Attendance of served students", "target": "94%", "measurement": "SIS", "frequency": "quarterly"}
    agreement = create_agreement(world.dana, partnership, "Clinic MOU", text, [{**metric, "indicator": attendance}])
    version = agreement.versions.get()
    assert version.metrics.get().indicator == attendance
    mai = login("mai", language="en")
    url = reverse("indicators:partner_dashboard", kwargs={"pk": world.clinic.pk})
    # Not signed by everyone yet: not in force, so nothing is shared.
    assert "None of your agreements in force" in mai.get(url).content.decode()
    agreement.active_version = version  # as the last signature does
    agreement.save(update_fields=["active_version"])
    page = mai.get(url).content.decode()
    assert "Attendance of served students" in page and "93.0%" in page
    assert (
        login("pat", language="en")
        .get(reverse("indicators:partner_dashboard", kwargs={"pk": world.clinic.pk}))
        .status_code
        == 404
    )


def test_a_survey_question_feeds_an_indicator(login: Any, world: World, settings: Any) -> None:
    from village.voice.models import Response
    from village.voice.tests.helpers import add_responses, lincoln_survey, questions

    settings.VILLAGE_SMALL_N = 10
    survey = lincoln_survey(world)
    add_responses(survey, 12)  # every one answers 4 to "Do you feel welcome?"
    scale = questions(survey)[1]
    Response.objects.bulk_create(
        Response(
            survey=survey,
            district=world.riverbend,
            language="ar",
            submitted_on=timezone.localdate(),
            answers={str(scale.pk): 2},
        )
        for _ in range(13)
    )
    today = timezone.localdate()
    client = setup_framework(
        login, world, "Now", (today - dt.timedelta(days=10)).isoformat(), (today + dt.timedelta(days=10)).isoformat()
    )
    form = {
        "name": "Families who feel welcome",
        "code": "welcome",
        "definition": "Share answering 4 or 5",
        "numerator": "4 or 5",
        "denominator": "Answers",
        "unit": "percent",
        "direction": "higher",
        "target": "80",
        "gap_margin": "10",
        "frequency": "quarterly",
        "source": "survey_item",
        "survey_threshold": "4",
        "active": "on",
    }
    missing = client.post(reverse("indicators:indicator_new", kwargs={"slug": "riverbend"}), form)
    assert "Choose the survey question this indicator counts." in missing.content.decode()
    client.post(
        reverse("indicators:indicator_new", kwargs={"slug": "riverbend"}), {**form, "survey_question": scale.pk}
    )
    period = Period.objects.get(label="Now")
    client.post(reverse("indicators:refresh", kwargs={"slug": "riverbend"}), {"period": period.pk})
    value = Value.objects.get(indicator__code="welcome", school=world.lincoln)
    assert (value.group, value.numerator, value.denominator, value.students) == ("all", 12, 25, 25)
    page = client.get(reverse("indicators:school_dashboard", kwargs={"pk": world.lincoln.pk})).content.decode()
    assert "48%" in page


def test_reviews_open_for_the_current_period_once_per_school_wide_miss_or_group_gap(login: Any, world: World) -> None:
    client = setup_framework(login, world)
    client.post(
        reverse("indicators:period_new", kwargs={"slug": "riverbend"}),
        {"label": "Q0", "starts": "2026-04-01", "ends": "2026-06-30"},
    )
    Indicator.objects.filter(code="enrichment").update(direction="lower")  # as if fewer were better
    rows = (
        "attendance,Lincoln Elementary,{p},,9000,10000,100\n"  # 90%: everyone misses 94%
        "attendance,Lincoln Elementary,{p},english_learner,1700,2000,20\n"  # 85%: 5 points behind
        "enrichment,Lincoln Elementary,{p},,100,200,\n"
        "enrichment,Lincoln Elementary,{p},english_learner,70,100,\n"  # 70%: 20 points worse, lower is better
    )
    upload(client, HEADER + rows.format(p="Q0") + rows.format(p="Q1"))
    for label in ("Q0", "Q1"):
        period = Period.objects.get(label=label)
        client.post(reverse("indicators:refresh", kwargs={"slug": "riverbend"}), {"period": period.pk})
    opened = {
        (r.indicator.code, r.group, r.reason, r.period.label)
        for r in Review.objects.select_related("indicator", "period")
    }
    assert opened == {
        ("attendance", "all", "target", "Q1"),  # one review for the school, none for the group that is only 5 behind
        ("enrichment", "english_learner", "gap", "Q1"),
    }
    # Computing the current period again, or the past one, opens nothing more.
    client.post(
        reverse("indicators:refresh", kwargs={"slug": "riverbend"}), {"period": Period.objects.get(label="Q1").pk}
    )
    assert Review.objects.count() == 2
