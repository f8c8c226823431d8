"""An indicator's name carries its translations. What was written so far is its source text; the
starter indicators' names, which Village ships in its catalogs, get their catalog translations."""

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from village.indicators.starter import STARTER
from village.lib.translatable_migration import to_translatable
from village.lib.translation import catalog_texts

STARTER_NAMES = {str(spec["name"]) for spec in STARTER}


def translate_starter_names(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    indicator = apps.get_model("indicators", "Indicator")
    for row in indicator.objects.all().iterator():
        name = row.name.get(row.source_language, "")
        if name in STARTER_NAMES:
            row.name = catalog_texts(name)
            row.save(update_fields=["name"])


class Migration(migrations.Migration):
    dependencies = [("indicators", "0003_survey_fed_indicators")]

    operations = [
        *to_translatable("indicators", ["Indicator"], {"name": models.CharField(max_length=120, verbose_name="name")}),
        migrations.AlterModelOptions(name="indicator", options={"ordering": ["code"]}),
        migrations.RunPython(translate_starter_names, migrations.RunPython.noop),
    ]
