# Allocation runs move from the referrals app to matching. The table is kept as it is
# (state only here); 0002 renames it.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("directory", "0004_directory_imports"),
        ("families", "0003_iso_weekdays"),
        ("orgs", "0002_school_sis_id"),
        ("referrals", "0002_allocation_runs"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="AllocationRun",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("status", models.CharField(choices=[("queued", "Waiting to start"), ("running", "Running"), ("ready", "Ready for review"), ("approved", "Approved: referrals sent"), ("failed", "Could not run")], default="queued", max_length=20)),
                        ("processed", models.PositiveIntegerField(default=0)),
                        ("total", models.PositiveIntegerField(default=0)),
                        ("result", models.JSONField(blank=True, default=list)),
                        ("fairness", models.JSONField(blank=True, default=dict)),
                        ("error", models.CharField(blank=True, max_length=300)),
                        ("approved_at", models.DateTimeField(blank=True, null=True)),
                        ("approved_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("created_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("district", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="orgs.district")),
                        ("needs", models.ManyToManyField(related_name="+", to="families.need")),
                        ("school", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="orgs.school")),
                        ("services", models.ManyToManyField(related_name="+", to="directory.service")),
                    ],
                    options={"ordering": ["-created_at", "-id"], "db_table": "referrals_allocationrun"},
                ),
            ],
        ),
    ]
