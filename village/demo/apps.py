from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "village.demo"
    label = "demo"
