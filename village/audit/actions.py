"""Writing audit events. Every action that changes something calls `record` in its transaction."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

from village.audit.models import AuditEvent


def record(
    actor: AbstractBaseUser | AnonymousUser | None,
    code: str,
    target: Model | None = None,
    *,
    district_id: int | None = None,
    **details: object,
) -> AuditEvent:
    """Append one audit event. `code` is `app.object.verb`, e.g. `orgs.school.updated`."""
    if code.count(".") != 2:
        raise ValueError(f"Audit codes are app.object.verb, not {code!r}")
    if district_id is None and target is not None:
        district_id = getattr(target, "district_id", None)
    return AuditEvent.objects.create(
        actor_id=actor.pk if isinstance(actor, AbstractBaseUser) else None,
        code=code,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:300] if target is not None else "",
        district_id=district_id,
        details=details,
    )
