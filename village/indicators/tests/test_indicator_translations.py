"""Indicator names carry their translations: the starter ones from Village's catalogs, the ones a
district writes from its lead's translation page; a missing one is marked (issue #14, item 9)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from conftest import World
from village.audit.models import AuditEvent
from village.indicators.models import Indicator
from village.indicators.tests.test_indicators import setup_framework

NAME_AR = "الحضور في الأمسيات"
FORM = {
    "name": "Evening attendance",
    "code": "evening",
    "definition": "Share of families at evening events",
    "numerator": "Families who came",
    "denominator": "Families invited",
    "unit": "percent",
    "direction": "higher",
    "gap_margin": "10",
    "frequency": "quarterly",
    "source": "import",
    "survey_threshold": "4",
    "active": "on",
}


def _framework(client: Any) -> str:
    return str(client.get(reverse("indicators:framework", kwargs={"slug": "riverbend"})).content.decode())


def test_starter_indicators_are_named_in_every_language_from_the_catalogs(login: Any, world: World) -> None:
    setup_framework(login, world)
    starter = Indicator.objects.get(district=world.riverbend, code="needs-met")
    assert starter.source_language == "en" and starter.name["en"] == "Needs met"
    assert set(starter.name) >= {"en", "ar", "es", "vi", "zh-hans"} and starter.name["ar"] != "Needs met"
    page = _framework(login("dana", language="ar"))
    assert starter.name["ar"] in page


def test_a_lead_names_an_indicator_then_translates_it_and_a_missing_language_is_marked(
    login: Any, world: World
) -> None:
    client = setup_framework(login, world)
    client.post(reverse("indicators:indicator_new", kwargs={"slug": "riverbend"}), FORM)
    indicator = Indicator.objects.get(code="evening")
    assert indicator.name == {"en": "Evening attendance"} and indicator.source_language == "en"

    edit = reverse("indicators:indicator_edit", kwargs={"slug": "riverbend", "pk": indicator.pk})
    url = reverse("indicators:indicator_translate", kwargs={"slug": "riverbend", "pk": indicator.pk, "language": "ar"})
    page = client.get(edit).content.decode()
    assert url in page and "Not yet translated" in page
    assert client.post(url, {"name": NAME_AR}).status_code == 302
    client.post(url, {"name": NAME_AR})  # posted back unchanged: nothing written, nothing recorded
    assert AuditEvent.objects.filter(code="indicators.indicator.translated").count() == 1

    assert NAME_AR in _framework(login("dana", language="ar"))
    spanish = _framework(login("dana", language="es"))
    assert '<span lang="en" dir="ltr">Evening attendance</span>' in spanish and "tag--untranslated" in spanish


def test_renaming_an_indicator_drops_the_translations_of_its_old_name(login: Any, world: World) -> None:
    client = setup_framework(login, world)
    client.post(reverse("indicators:indicator_new", kwargs={"slug": "riverbend"}), FORM)
    indicator = Indicator.objects.get(code="evening")
    kwargs = {"slug": "riverbend", "pk": indicator.pk}
    client.post(reverse("indicators:indicator_translate", kwargs={**kwargs, "language": "ar"}), {"name": NAME_AR})
    client.post(reverse("indicators:indicator_edit", kwargs=kwargs), {**FORM, "name": "Evening turnout"})
    indicator.refresh_from_db()
    assert indicator.name == {"en": "Evening turnout"}


def test_only_the_district_lead_translates_its_indicators(login: Any, world: World) -> None:
    setup_framework(login, world)
    indicator = Indicator.objects.get(district=world.riverbend, code="needs-met")
    kwargs = {"slug": "riverbend", "pk": indicator.pk, "language": "ar"}
    assert login("rosa", language="en").get(reverse("indicators:indicator_translate", kwargs=kwargs)).status_code == 404
