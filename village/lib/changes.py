"""What a form's edits change in a stored row, so that saving a form unchanged writes nothing."""

from __future__ import annotations

from django.db import models


def changed_fields(instance: models.Model) -> list[str]:
    """The concrete fields of `instance` whose value differs from its stored row.

    Every field when the instance is not stored yet (or its row is gone).
    """
    fields = [f for f in instance._meta.concrete_fields if not f.primary_key]
    if instance.pk is None:
        return [f.name for f in fields]
    stored = type(instance)._base_manager.filter(pk=instance.pk).values(*(f.attname for f in fields)).first()
    if stored is None:
        return [f.name for f in fields]
    return [f.name for f in fields if getattr(instance, f.attname) != stored[f.attname]]
