from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "village.messaging"
    label = "messaging"
