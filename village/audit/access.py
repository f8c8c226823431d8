"""Reading the audit trail. Callers authorise the object first; this only lists its events."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from village.audit.models import AuditEvent


def trail_for(obj: Model, limit: int = 50) -> QuerySet[AuditEvent]:
    """The newest events about `obj`, for a person already allowed to see it."""
    return (
        AuditEvent.objects.filter(target_type=ContentType.objects.get_for_model(obj), target_id=str(obj.pk))
        .select_related("actor")
        .order_by("-created_at", "-id")[:limit]
    )
