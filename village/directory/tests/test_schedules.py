"""Schedules mean what they say: HSDS 3.0 recurrences (every other week, the first Thursday, until a
date, a number of times, overnight) evaluated by one function for the finder, the service page and
matching; imported and exported whole; bad values reported by row and field with the rest kept;
the hours form keeps what it cannot show."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import zipfile
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from conftest import World
from village.directory import finder
from village.directory.actions.imports import apply_tables
from village.directory.hours import Window, days, open_at, open_during
from village.directory.hours_text import describe
from village.directory.hsds.formats import read_json, read_package
from village.directory.hsds.serialize import export_region
from village.directory.hsds.tables import Tables
from village.directory.models import Location, Schedule, Service
from village.directory.tests.factories import add_service, need_terms
from village.orgs.models import Region

D = datetime.date
T = datetime.time
TODAY = D(2026, 12, 7)  # a Monday


def _at(day: D, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, T(hour, minute), tzinfo=timezone.get_current_timezone())


def _fortnightly() -> Schedule:
    return Schedule(
        freq="WEEKLY",
        interval=2,
        byday="TU",
        dtstart=D(2026, 12, 1),
        until=D(2027, 6, 30),
        opens_at=T(17),
        closes_at=T(19),
    )


# --- what the rule means -----------------------------------------------------------------------


def test_every_other_tuesday_is_open_on_alternate_weeks_until_its_last_date() -> None:
    hours = _fortnightly()
    assert days(hours, TODAY, D(2027, 1, 13)) == (D(2026, 12, 15), D(2026, 12, 29), D(2027, 1, 12))
    assert open_at([hours], _at(D(2026, 12, 15), 18))
    assert not open_at([hours], _at(D(2026, 12, 8), 18))  # the Tuesday between
    assert not open_at([hours], _at(D(2026, 12, 15), 19))  # closed at closing time
    assert days(hours, D(2027, 6, 20), D(2027, 7, 31)) == (D(2027, 6, 29),)  # nothing after 30 June


def test_first_thursday_and_last_friday_of_the_month() -> None:
    first = Schedule(freq="MONTHLY", byday="1TH", opens_at=T(9), closes_at=T(11))
    last = Schedule(freq="MONTHLY", byday="-1FR")
    assert days(first, D(2027, 1, 1), D(2027, 3, 31)) == (D(2027, 1, 7), D(2027, 2, 4), D(2027, 3, 4))
    assert days(last, D(2027, 1, 1), D(2027, 3, 31)) == (D(2027, 1, 29), D(2027, 2, 26), D(2027, 3, 26))
    assert open_at([last], _at(D(2027, 1, 29), 23))  # no times given: the whole day


def test_month_days_count_and_validity_dates_bound_the_days() -> None:
    five = Schedule(freq="MONTHLY", bymonthday="1,15,-1", dtstart=D(2027, 1, 1), count=5)
    assert days(five, D(2027, 1, 1), D(2027, 12, 31)) == (
        D(2027, 1, 1),
        D(2027, 1, 15),
        D(2027, 1, 31),
        D(2027, 2, 1),
        D(2027, 2, 15),
    )
    summer = Schedule(freq="WEEKLY", byday="MO,WE", valid_from=D(2027, 6, 14), valid_to=D(2027, 6, 20))
    assert days(summer, D(2027, 6, 1), D(2027, 6, 30)) == (D(2027, 6, 14), D(2027, 6, 16))


def test_overnight_hours_are_open_the_next_morning() -> None:
    night = Schedule(freq="WEEKLY", byday="FR", opens_at=T(22), closes_at=T(6))
    assert open_at([night], _at(D(2026, 12, 12), 5, 59))  # Saturday morning
    assert not open_at([night], _at(D(2026, 12, 12), 6))
    assert not open_at([night], _at(D(2026, 12, 11), 21))


def test_a_family_free_on_tuesday_evenings_meets_every_other_week_hours_on_the_right_week() -> None:
    free = [Window(2, T(18), T(20))]
    found = open_during([_fortnightly()], free, TODAY)
    assert found is not None and (found[1].date(), found[1].time()) == (D(2026, 12, 15), T(17))
    assert open_during([_fortnightly()], [Window(3, T(18), T(20))], TODAY) is None  # Wednesdays


@pytest.mark.parametrize(
    ("language", "fortnightly", "monthly"),
    [
        ("en", "Every other Tuesday, 17:00–19:00, until June 30, 2027", "First Thursday of the month"),
        ("es", "Cada dos semanas, el martes, 17:00–19:00, hasta el 30 de junio de 2027", "Primer jueves del mes"),
        ("ar", "كل أسبوعين، يوم الثلاثاء، 17:00–19:00، حتى 30 يونيو 2027", "أول الخميس من الشهر"),
        ("vi", "Cách tuần, vào Thứ Ba, 17:00–19:00, đến 30 tháng 6, 2027", "Thứ Năm đầu tiên của tháng"),
        ("zh-hans", "每隔一周的星期二，17:00–19:00，至2027年6月30日", "每月第一个星期四"),
    ],
)
def test_hours_are_said_in_plain_words_in_each_language(language: str, fortnightly: str, monthly: str) -> None:
    with translation.override(language):
        assert describe(_fortnightly(), TODAY) == fortnightly
        assert describe(Schedule(freq="MONTHLY", byday="1TH"), TODAY) == monthly


# --- import and export -------------------------------------------------------------------------

ORGS = "id,name\no1,Harbor House\n"
LOCATIONS = "id,organization_id,name,latitude,longitude\nl1,o1,Harbor site,41.88,-87.63\n"
SERVICES = "id,organization_id,name,status\ns1,o1,Homework club,active\ns2,o1,Food pantry,active\n"
LINKS = "id,service_id,location_id\nsl1,s1,l1\nsl2,s2,l1\n"
SCHEDULE_HEADER = (
    "id,service_id,location_id,service_at_location_id,valid_from,valid_to,dtstart,timezone,until,count,wkst,"
    "freq,interval,byday,byweekno,bymonthday,byyearday,description,opens_at,closes_at,schedule_link,"
    "attending_type,notes\n"
)
FULL = (
    'h1,s1,,,2027-01-01,2027-12-31,2027-01-05,-6,2027-06-29,10,SU,WEEKLY,2,TU,"2,3,4",,,Homework help,'
    "17:00:00,19:00:00,https://example.org/book,In person,Bring a pencil\n"
    'h2,,l1,,,,,,,,,MONTHLY,,"1TH,-1FR",,,,,09:00:00,12:00:00,,,\n'
    'h3,,,sl2,,,,,,,,MONTHLY,,,,"1,15",,,22:00:00,06:00:00,,,Night pantry\n'
)


def _package(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _import(world: World, schedules: str) -> Tables:
    files = {
        "organizations.csv": ORGS,
        "locations.csv": LOCATIONS,
        "services.csv": SERVICES,
        "service_at_location.csv": LINKS,
        "schedules.csv": SCHEDULE_HEADER + schedules,
    }
    tables = read_package(_package(files), "hours.zip")
    outcome = apply_tables(tables, region=world.region, source="t", actor=world.rosa, dry_run=False, apply_valid=True)
    assert outcome.applied
    return tables


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _exported_schedules(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for service in bundle["services"]:
        for s in service.get("schedules", []):
            found[s["id"]] = s
        for link in service.get("service_at_locations", []):
            for s in [*link.get("schedules", []), *link["location"].get("schedules", [])]:
                found[s["id"]] = s
    return sorted(found.values(), key=lambda s: s.get("opens_at", ""))


@pytest.mark.django_db
def test_every_schedule_field_survives_import_and_export_and_a_second_round(world: World) -> None:
    tables = _import(world, FULL)
    assert tables.rejections == [] and tables.changes == []
    first = _exported_schedules(export_region(world.region))
    by_time = {s["opens_at"]: s for s in first}
    source = {row["opens_at"]: row for row in _csv_rows(SCHEDULE_HEADER + FULL)}
    for opens, row in source.items():
        for name, value in row.items():
            if value and not name.endswith("id"):
                assert str(by_time[opens][name]) == value, (opens, name)
    # Each schedule keeps its own parent: the service's, the place's, the service's at that place.
    assert "service_id" in by_time["17:00:00"] and "location_id" in by_time["09:00:00"]
    assert "service_at_location_id" in by_time["22:00:00"]
    # The export imported into another region gives the same hours again.
    other = Region.objects.create(name="Second region", slug="second")
    again = read_json(json.dumps(export_region(world.region)).encode(), "export.json")
    apply_tables(again, region=other, source="export", actor=world.rosa, dry_run=False, apply_valid=True)
    assert again.rejections == []
    second = _exported_schedules(export_region(other))

    def without_ids(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: v for k, v in s.items() if not k.endswith("id")} for s in items]

    assert without_ids(second) == without_ids(first)


@pytest.mark.django_db
def test_a_place_s_hours_stay_the_place_s_and_are_shown_at_that_place(world: World, client: Any) -> None:
    _import(world, "h2,,l1,,,,,,,,,WEEKLY,,MO,,,,,09:00:00,12:00:00,,,\n")
    assert Schedule.objects.filter(service__isnull=False).count() == 0
    hours = Schedule.objects.get()
    assert hours.location == Location.objects.get(name="Harbor site")
    service = Service.objects.get(name__en="Homework club")
    page = client.get(reverse("directory:service", kwargs={"pk": service.pk}), headers={"accept-language": "en"})
    text = page.content.decode()
    assert "At Harbor site" in text and "Every Monday, 09:00–12:00" in text


@pytest.mark.django_db
def test_bad_schedule_values_are_reported_by_row_and_field_and_the_rest_kept(world: World) -> None:
    rows = (
        'b1,s1,,,,,2027-03-01,,2027-01-01,,,YEARLY,,"TU,1XX",,,,Evenings,25:00,19:00,,,\n'
        "b2,s2,,,,,,,,,,WEEKLY,0,2TU,,40,,,09:00,09:00,notalink,,\n"
    )
    tables = _import(world, rows)
    assert tables.rejections == []
    reported = {(c.row, c.field, c.code) for c in tables.changes}
    assert reported == {
        (1, "freq", "schedule_bad_freq"),
        (1, "byday", "schedule_bad_byday"),
        (1, "until", "schedule_ends_before_start"),
        (1, "opens_at", "schedule_bad_time"),
        (2, "interval", "schedule_bad_number"),
        (2, "byday", "schedule_bad_byday"),  # an ordinal in weekly hours
        (2, "bymonthday", "schedule_bad_numbers"),
        (2, "closes_at", "schedule_same_open_close"),
        (2, "schedule_link", "bad_url"),
    }
    first = Schedule.objects.get(service__name__en="Homework club")
    assert (first.dtstart, first.until, first.closes_at, first.description) == (D(2027, 3, 1), None, T(19), "Evenings")
    second = Schedule.objects.get(service__name__en="Food pantry")
    assert (second.freq, second.opens_at, second.closes_at) == ("WEEKLY", T(9), None)


# --- the finder and the hours form -------------------------------------------------------------


@pytest.mark.django_db
def test_the_finder_keeps_services_open_when_the_family_is_free_on_their_week(world: World) -> None:
    service = add_service(world.clinic, name="Fortnightly club", latitude=41.88, longitude=-87.63)
    Schedule.objects.create(
        service=service,
        freq="WEEKLY",
        interval=2,
        byday="TU",
        dtstart=timezone.localdate() + datetime.timedelta(days=1),
        opens_at=T(17),
        closes_at=T(19),
    )
    origin = finder.Origin(41.88, -87.63, "", True)
    fits = finder.find({}, origin, windows=[Window(None, T(18), T(18, 30))])
    assert [r.service.pk for r in fits] == [service.pk]
    assert finder.find({}, origin, windows=[Window(None, T(8), T(9))]) == []


def _form_data(page: str) -> dict[str, str]:
    """The form's fields as the browser would post them back unchanged."""
    data = {m[0]: m[1] for m in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page)}
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = chosen.group(1) if chosen else ""
    return data


@pytest.mark.django_db
def test_a_partner_enters_every_other_week_hours_and_posting_them_back_changes_nothing(
    world: World, login: Any
) -> None:
    service = add_service(
        world.clinic, name="Clinic hours", latitude=41.88, longitude=-87.63, categories=need_terms()[:1]
    )
    url = reverse("directory:service_hours", kwargs={"pk": service.pk})
    client = login("mai", language="en")
    row = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-weekday": "2", "form-0-repeat": "other"}
    row |= {"form-0-opens_at": "17:00", "form-0-closes_at": "19:00", "form-0-ends": "2027-06-30"}
    refused = client.post(url, row)
    assert refused.status_code == 200 and "Give the first date" in refused.content.decode()
    assert client.post(url, {**row, "form-0-starts": "2026-12-01"}).status_code == 302
    saved = service.schedules.get()
    assert (saved.freq, saved.interval, saved.byday, saved.dtstart, saved.until) == (
        "WEEKLY",
        2,
        "TU",
        D(2026, 12, 1),
        D(2027, 6, 30),
    )
    page = client.get(url).content.decode()
    assert client.post(url, _form_data(page)).status_code == 302
    assert list(service.schedules.values_list("pk", flat=True)) == [saved.pk]


@pytest.mark.django_db
def test_saving_the_hours_form_keeps_imported_hours_it_cannot_show(world: World, login: Any) -> None:
    service = add_service(world.clinic, name="Clinic hours", latitude=41.88, longitude=-87.63, slots=((1, 9, 12),))
    rich = Schedule.objects.create(service=service, freq="MONTHLY", bymonthday="1,15", opens_at=T(9), closes_at=T(11))
    url = reverse("directory:service_hours", kwargs={"pk": service.pk})
    client = login("mai", language="en")
    page = client.get(url).content.decode()
    assert "Hours kept as imported" in page and "Days 1 and 15 of the month, 09:00–11:00" in page
    data = _form_data(page) | {"form-0-closes_at": "13:00"}
    assert client.post(url, data).status_code == 302
    assert Schedule.objects.filter(pk=rich.pk).exists()
    assert sorted(service.schedules.values_list("closes_at", flat=True)) == [T(11), T(13)]
