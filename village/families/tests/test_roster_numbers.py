"""A roster's mobile numbers are kept in E.164, so a text from that number finds the guardian; a
number that does not parse is kept as given (nothing lost) and never texted."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from conftest import World
from village.families.models import Guardian, Student
from village.families.tests.oneroster import write_oneroster


def test_roster_numbers_are_kept_in_e164(world: World, tmp_path: Path) -> None:
    folder = write_oneroster(
        tmp_path / "roster", Student.objects.filter(district=world.riverbend), schools=[world.lincoln, world.washington]
    )
    users = folder / "users.csv"
    rows = list(csv.reader(users.open(encoding="utf-8")))
    numbers = iter(["(612) 555-0123", "call the office"])
    rows = [[*rows[0], "sms"]] + [[*r, next(numbers, "") if r[0].startswith("guardian-") else ""] for r in rows[1:]]
    with users.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    out = StringIO()
    call_command("roster_sync", str(folder), district="riverbend", stdout=out)
    assert "status: applied" in out.getvalue()
    kept = sorted(Guardian.objects.filter(district=world.riverbend).exclude(sms="").values_list("sms", flat=True))
    assert kept[0] == "+16125550123"
    assert kept[1:] in ([], ["call the office"])
