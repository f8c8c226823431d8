"""Family availability counted in ISO weekdays (Monday = 1), like service hours."""

from django.db import migrations, models


def to_iso(apps, schema_editor):  # type: ignore[no-untyped-def]
    window = apps.get_model("families", "AvailabilityWindow")
    window.objects.update(weekday=models.F("weekday") + 1)


def from_iso(apps, schema_editor):  # type: ignore[no-untyped-def]
    window = apps.get_model("families", "AvailabilityWindow")
    window.objects.update(weekday=models.F("weekday") - 1)


class Migration(migrations.Migration):
    dependencies = [
        ("families", "0002_consent_disclosures_plans_profiles_roster"),
    ]

    operations = [
        migrations.RunPython(to_iso, from_iso),
        migrations.AlterField(
            model_name="availabilitywindow",
            name="weekday",
            field=models.SmallIntegerField(
                choices=[
                    (1, "Monday"),
                    (2, "Tuesday"),
                    (3, "Wednesday"),
                    (4, "Thursday"),
                    (5, "Friday"),
                    (6, "Saturday"),
                    (7, "Sunday"),
                ],
                verbose_name="day",
            ),
        ),
        migrations.AddConstraint(
            model_name="availabilitywindow",
            constraint=models.CheckConstraint(
                condition=models.Q(weekday__gte=1, weekday__lte=7), name="window_iso_weekday"
            ),
        ),
    ]
