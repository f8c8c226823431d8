from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "village.lib"
    label = "lib"
