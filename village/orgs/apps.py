from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "village.orgs"
    label = "orgs"
