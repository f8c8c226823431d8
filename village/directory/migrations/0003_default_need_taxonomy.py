"""The default need taxonomy: one term per support in DOMAIN.md."""

from typing import Any

from django.db import migrations

TERMS = [
    ("health", "Health"),
    ("mental_health", "Mental health"),
    ("tutoring", "Tutoring"),
    ("mentoring", "Mentoring"),
    ("after_school", "After-school programs"),
    ("summer", "Summer programs"),
    ("disability", "Disability services"),
    ("language", "Language and interpretation"),
    ("food", "Food"),
    ("housing", "Housing"),
    ("transport", "Transport"),
    ("parent_education_work", "Parent education and work"),
    ("arts", "Arts"),
    ("sports", "Sports"),
    ("legal", "Legal help"),
]


def forwards(apps: Any, schema_editor: Any) -> None:
    Taxonomy = apps.get_model("directory", "Taxonomy")
    TaxonomyTerm = apps.get_model("directory", "TaxonomyTerm")
    taxonomy, _ = Taxonomy.objects.get_or_create(
        name="Village needs",
        defaults={
            "description": "The supports families and students look for in the community.",
            "uri": "https://village.example.org/taxonomies/needs",
            "version": "1",
        },
    )
    for code, name in TERMS:
        TaxonomyTerm.objects.get_or_create(taxonomy=taxonomy, code=code, defaults={"name": name})


def backwards(apps: Any, schema_editor: Any) -> None:
    apps.get_model("directory", "Taxonomy").objects.filter(name="Village needs").delete()


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_search_indexes")]
    operations = [migrations.RunPython(forwards, backwards)]
