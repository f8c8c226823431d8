from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "village.partnerships"
    label = "partnerships"
