"""Migration operations that turn plain text columns into translatable content (docs/decisions/0001).

Existing text becomes the entry of the language it was written in. Village asked for no language
before, so everything written so far is taken to be in the site language (settings.LANGUAGE_CODE),
which is also stored as the row's `source_language`. The change goes through a new column, so no
database has to cast text to JSON in place (PostgreSQL refuses text that is not JSON).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.operations.base import Operation
from django.db.migrations.state import StateApps


def _copier(app_label: str, model_names: Sequence[str], fields: Sequence[str]) -> migrations.RunPython:
    def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        language = settings.LANGUAGE_CODE
        for model_name in model_names:
            model = apps.get_model(app_label, model_name)
            for row in model.objects.all().iterator():
                for field in fields:
                    text = getattr(row, field) or ""
                    setattr(row, f"{field}_translatable", {language: text} if text.strip() else {})
                row.source_language = language
                row.save(update_fields=[f"{f}_translatable" for f in fields] + ["source_language"])

    def backward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        for model_name in model_names:
            model = apps.get_model(app_label, model_name)
            for row in model.objects.all().iterator():
                for field in fields:
                    texts = getattr(row, f"{field}_translatable") or {}
                    setattr(row, field, texts.get(row.source_language) or next(iter(texts.values()), ""))
                row.save(update_fields=list(fields))

    return migrations.RunPython(forward, backward)


def _with_default(field: models.Field[str, str]) -> models.Field[str, str]:
    _name, _path, args, kwargs = field.deconstruct()
    return type(field)(*args, **{**kwargs, "default": ""})


def to_translatable(
    app_label: str,
    model_names: Sequence[str],
    fields: dict[str, models.Field[str, str]],
    blank: Sequence[str] = (),
) -> list[Operation]:
    """Operations turning `fields` ({name: the field as it is now}) of each model into JSON keyed
    by language, adding `source_language` (the models need not have it yet). `blank`: the fields
    a form may leave empty. The old field first gets a default, so that going back can add it
    again to a table that has rows."""
    ops: list[Operation] = []
    for model_name in model_names:
        for name, old in fields.items():
            ops.append(migrations.AlterField(model_name=model_name.lower(), name=name, field=_with_default(old)))
    for model_name in model_names:
        ops.append(
            migrations.AddField(
                model_name=model_name.lower(),
                name="source_language",
                field=models.CharField(
                    choices=settings.LANGUAGES, default="en", max_length=10, verbose_name="written in"
                ),
            )
        )
        for name, old in fields.items():
            ops.append(
                migrations.AddField(
                    model_name=model_name.lower(),
                    name=f"{name}_translatable",
                    field=models.JSONField(default=dict, blank=name in blank, verbose_name=old.verbose_name),
                )
            )
    ops.append(_copier(app_label, model_names, list(fields)))
    for model_name in model_names:
        for name in fields:
            ops.append(migrations.RemoveField(model_name=model_name.lower(), name=name))
            ops.append(
                migrations.RenameField(model_name=model_name.lower(), old_name=f"{name}_translatable", new_name=name)
            )
    return ops
