"""A proposal's title, body, reasons and equity goal carry their translations; what was written so far is its source text."""

from django.db import migrations, models

from village.lib.translatable_migration import to_translatable


class Migration(migrations.Migration):
    dependencies = [("governance", "0003_council_kind_plain_label")]

    operations = to_translatable(
        "governance",
        ["Proposal", "HistoricalProposal"],
        {
            "title": models.CharField(max_length=200, verbose_name="title"),
            "what": models.TextField(verbose_name="what the council would do"),
            "why": models.TextField(verbose_name="why"),
            "equity_goal": models.TextField(verbose_name="equity goal it serves"),
        },
    )
