from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "village.matching"
    label = "matching"
