# The moved table (and its two many-to-many tables) take the matching app's names.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0001_allocation_runs_move_from_referrals"),
        ("referrals", "0003_allocation_runs_move_to_matching"),
    ]

    operations = [migrations.AlterModelTable(name="allocationrun", table=None)]
