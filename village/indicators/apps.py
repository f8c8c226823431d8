from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "village.indicators"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        from village.indicators import rules  # noqa: F401
