from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "village.events"
    label = "events"
