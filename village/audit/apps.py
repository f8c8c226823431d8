from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "village.audit"
    label = "audit"
