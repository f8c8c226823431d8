"""Text written before it became translatable keeps every word after the migrations, as the
entry of the language it was written in; the starter indicators also get their catalog names."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("voice", "0003_survey_invitations"), ("indicators", "0003_survey_fed_indicators")]
AFTER = [("voice", "0004_theme_translatable"), ("indicators", "0004_indicator_name_translatable")]


@pytest.mark.django_db(transaction=True)
def test_existing_themes_and_indicator_names_become_their_source_language_entry() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    region = old.get_model("orgs", "Region").objects.create(name="Old Region", slug="old-region")
    district = old.get_model("orgs", "District").objects.create(region=region, name="Old District", slug="old")
    old.get_model("voice", "Theme").objects.create(district=district, title="No late bus", summary="")
    indicator = old.get_model("indicators", "Indicator")
    fields = {"definition": "d", "numerator": "n", "denominator": "d"}
    indicator.objects.create(district=district, code="needs-met", name="Needs met", **fields)
    indicator.objects.create(district=district, code="ours", name="Evening attendance", **fields)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    theme = new.get_model("voice", "Theme").objects.get()
    assert theme.title == {"en": "No late bus"} and theme.summary == {} and theme.source_language == "en"
    names = {i.code: i.name for i in new.get_model("indicators", "Indicator").objects.all()}
    assert names["ours"] == {"en": "Evening attendance"}
    assert names["needs-met"]["en"] == "Needs met" and set(names["needs-met"]) >= {"ar", "es", "vi", "zh-hans"}
    assert names["needs-met"]["ar"] != "Needs met"

    # And back: the plain columns hold the text as written.
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    assert old.get_model("voice", "Theme").objects.get().title == "No late bus"
    assert old.get_model("indicators", "Indicator").objects.get(code="ours").name == "Evening attendance"
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
