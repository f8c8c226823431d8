from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "village.accounts"
    label = "accounts"

    def ready(self) -> None:
        from village.accounts import signals  # noqa: F401
