from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "village.reports"
    label = "reports"
