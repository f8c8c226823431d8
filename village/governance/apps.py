from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "village.governance"
    label = "governance"
