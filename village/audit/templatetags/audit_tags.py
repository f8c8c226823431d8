from django import template

from village.audit.describe import describe
from village.audit.models import AuditEvent

register = template.Library()


@register.filter
def describe_event(event: AuditEvent) -> str:
    return describe(event)
