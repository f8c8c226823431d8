"""`{{ code|language_label }}`: a language's name in the reader's language, from any code."""

from __future__ import annotations

from django import template

from village.lib.languages import language_label as _language_label
from village.lib.languages import ui_code

register = template.Library()


@register.filter
def language_label(code: str) -> str:
    """The name standing alone ("Árabe" in Spanish), from an Ed-Fi, ISO 639-1 or 639-3 code."""
    return _language_label(ui_code(code)) if code else ""
