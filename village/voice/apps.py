from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "village.voice"
    label = "voice"
