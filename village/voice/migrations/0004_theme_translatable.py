"""A theme's title and summary carry their translations; what was written so far is its source text."""

from django.db import migrations, models

from village.lib.translatable_migration import to_translatable


class Migration(migrations.Migration):
    dependencies = [("voice", "0003_survey_invitations")]

    operations = to_translatable(
        "voice",
        ["Theme"],
        {
            "title": models.CharField(max_length=200, verbose_name="title"),
            "summary": models.TextField(blank=True, verbose_name="summary"),
        },
        blank=["summary"],
    )
