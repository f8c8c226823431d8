from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "village.home"
    label = "home"
