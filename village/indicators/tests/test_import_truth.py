"""Indicator and attendance imports tell the truth (issue #15, item 7): a school's figures at the
other grain are refused by name or replaced by choice (never a 500); a repeated Ed-Fi event counts
once and is reported; an unknown category is rejected, not taken for presence; impossible absence
totals are rejected, not clamped; the summary says what fell outside the period."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import World
from village.indicators.models import Period, StudentValue, Value
from village.indicators.tests.test_indicators import HEADER, setup_framework

TOTALS = HEADER + "attendance,Lincoln Elementary,Q1,,9300,10000,100\n"
ROWS = "indicator,student,period,numerator,denominator\nattendance,RB-1,Q1,50,60\nattendance,RB-2,Q1,58,60\n"


def _values(client: Any, text: str, existing: str = "refuse") -> Any:
    return client.post(
        reverse("indicators:import", kwargs={"slug": "riverbend"}),
        {"file": SimpleUploadedFile("values.csv", text.encode(), content_type="text/csv"), "existing": existing},
    )


def test_student_rows_over_school_totals_are_refused_by_name_then_replaced_by_choice(login: Any, world: World) -> None:
    client = setup_framework(login, world)
    assert _values(client, TOTALS).status_code == 302
    refused = _values(client, ROWS)
    assert refused.status_code == 200
    page = refused.content.decode()
    assert (
        "Lincoln Elementary already has figures of the indicator “attendance” for Q1 imported as school totals." in page
    )
    assert list(Value.objects.values_list("source", "numerator")) == [("import", 9300)]
    assert not StudentValue.objects.exists()

    replaced = _values(client, ROWS, existing="replace")
    assert replaced.status_code == 302
    assert not Value.objects.filter(source="import").exists()
    assert Value.objects.get(group="all").numerator == 108
    assert StudentValue.objects.count() == 2


def test_school_totals_over_student_rows_are_refused_by_name_then_replaced_by_choice(login: Any, world: World) -> None:
    client = setup_framework(login, world)
    assert _values(client, ROWS).status_code == 302
    page = _values(client, TOTALS).content.decode()
    assert (
        "Lincoln Elementary already has figures of the indicator “attendance” for Q1 summed from student rows." in page
    )
    assert StudentValue.objects.count() == 2
    assert _values(client, TOTALS, existing="replace").status_code == 302
    assert not StudentValue.objects.exists()
    assert list(Value.objects.values_list("source", "numerator")) == [("import", 9300)]
    # The student rows come back by choice again, with no collision.
    assert _values(client, ROWS, existing="replace").status_code == 302
    assert list(Value.objects.filter(group="all").values_list("source", "numerator")) == [("student", 108)]


def event(student: str, day: str, category: str = "Unexcused Absence", duration: str = "1") -> str:
    return (
        "<StudentSchoolAttendanceEvent><AttendanceEvent>"
        f"<EventDate>{day}</EventDate>"
        f"<AttendanceEventCategory>uri://ed-fi.org/AttendanceEventCategoryDescriptor#{category}</AttendanceEventCategory>"
        f"<EventDuration>{duration}</EventDuration></AttendanceEvent>"
        f"<StudentReference><StudentIdentity><StudentUniqueId>{student}</StudentUniqueId></StudentIdentity>"
        "</StudentReference><SchoolReference><SchoolIdentity><SchoolId>1001</SchoolId></SchoolIdentity>"
        "</SchoolReference></StudentSchoolAttendanceEvent>"
    )


def _attendance(client: Any, events: list[str], **extra: str) -> Any:
    xml = "<InterchangeStudentAttendance>" + "".join(events) + "</InterchangeStudentAttendance>"
    period = Period.objects.get(label="Q1")
    return client.post(
        reverse("indicators:import_attendance", kwargs={"slug": "riverbend"}),
        {
            "attendance-file": SimpleUploadedFile("a.xml", xml.encode(), content_type="text/xml"),
            "attendance-period": period.pk,
            "attendance-existing": "refuse",
            **{f"attendance-{k}": v for k, v in extra.items()},
        },
        follow=True,
    )


def _lincoln_attendance() -> tuple[int, int]:
    value = Value.objects.get(indicator__code="attendance", group="all")
    return value.numerator, value.denominator


def test_a_repeated_event_counts_once_and_the_summary_says_so(login: Any, world: World) -> None:
    world.lincoln.sis_id = "1001"
    world.lincoln.save()
    client = setup_framework(login, world)
    same = event("RB-1", "2026-07-06")
    page = _attendance(client, [same, same, event("RB-2", "2026-07-07"), event("RB-1", "2026-10-05")]).content
    text = page.decode()
    # 66 weekdays in Q1, two students, two days of absence (the repeat counted once).
    assert _lincoln_attendance() == (130, 132)
    assert "Events repeating an earlier event word for word, counted once: 1." in text
    assert "Events outside the period, not used: 1." in text


def test_unknown_categories_and_impossible_totals_are_rejected_not_guessed(login: Any, world: World) -> None:
    world.lincoln.sis_id = "1001"
    world.lincoln.save()
    client = setup_framework(login, world)
    unknown = _attendance(client, [event("RB-1", "2026-07-06", category="Sick Day")]).content.decode()
    assert "“Sick Day” is not an Ed-Fi attendance category" in unknown
    twice = _attendance(
        client, [event("RB-1", "2026-07-06"), event("RB-1", "2026-07-06", category="Excused Absence")]
    ).content.decode()
    assert "student “RB-1” has more than one day of absence on 2026-07-06" in twice
    # 100 days of absence in a period of 81 school days: rejected, not clamped to 81.
    many = [event("RB-1", f"2026-{7 + k // 28:02d}-{1 + k % 28:02d}") for k in range(84)]
    refused = _attendance(client, many, school_days="81").content.decode()
    assert refused.count("more days of absence than the period&#x27;s 81 school days") == 1
    assert '<th scope="row">82</th>' in refused  # the 82nd day of absence, named once
    assert not Value.objects.exists()


def test_attendance_over_student_rows_is_refused_then_replaced(login: Any, world: World) -> None:
    world.lincoln.sis_id = "1001"
    world.lincoln.save()
    client = setup_framework(login, world)
    assert _values(client, ROWS).status_code == 302
    page = _attendance(client, [event("RB-1", "2026-07-06")]).content.decode()
    assert "summed from student rows" in page
    replaced = _attendance(client, [event("RB-1", "2026-07-06")], existing="replace")
    assert replaced.redirect_chain and not StudentValue.objects.exists()
    assert _lincoln_attendance() == (131, 132)
