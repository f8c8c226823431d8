"""`{% translated_text value %}`: show translatable content in the reader's language, or marked as untranslated."""

from __future__ import annotations

from collections.abc import Mapping

from django import template

from village.lib.translation import Translated, translated

register = template.Library()


@register.inclusion_tag("includes/translated.html")
def translated_text(value: Mapping[str, str] | None) -> dict[str, Translated]:
    return {"t": translated(value)}
