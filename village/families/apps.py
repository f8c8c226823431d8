from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    name = "village.families"
    label = "families"

    def ready(self) -> None:
        from village.families import inbound_email  # noqa: F401
