# Allocation runs now belong to the matching app (its 0001 takes over the table).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0002_allocation_runs"),
        ("matching", "0001_allocation_runs_move_from_referrals"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="AllocationRun")],
        ),
    ]
