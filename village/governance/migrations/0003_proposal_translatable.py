"""A proposal's title, body, reasons and equity goal carry their translations; what was written so far is its source text."""

from django.db import migrations

from village.lib.translatable_migration import to_translatable


class Migration(migrations.Migration):
    dependencies = [("governance", "0002_decision_did_not_vote")]

    operations = to_translatable(
        "governance",
        ["Proposal", "HistoricalProposal"],
        {
            "title": "title",
            "what": "what the council would do",
            "why": "why",
            "equity_goal": "equity goal it serves",
        },
    )
