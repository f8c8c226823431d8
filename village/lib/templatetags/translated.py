"""`{% translated_text value %}`: show translatable content in the reader's language, or marked as untranslated."""

from __future__ import annotations

from collections.abc import Mapping

from django import template

from village.lib.translation import Translated, plain_text, translated

register = template.Library()


@register.inclusion_tag("includes/translated.html")
def translated_text(
    value: Mapping[str, str] | None, source_language: str = "", multiline: bool = False
) -> dict[str, Translated | bool]:
    """`source_language`: the language it was written in, shown (labelled) when there is no
    translation; `multiline`: keep the line breaks of a longer text."""
    return {"t": translated(value, source_language=source_language), "multiline": multiline}


@register.simple_tag
def translated_plain(value: Mapping[str, str] | None, source_language: str = "") -> str:
    """Plain text for a page title or an attribute: the translation, or the original marked."""
    return plain_text(value, source_language)
