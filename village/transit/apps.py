from django.apps import AppConfig


class TransitConfig(AppConfig):
    name = "village.transit"
    label = "transit"
