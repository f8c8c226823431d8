"""Translatable database content: JSON fields keyed by language (docs/decisions/0001).

`translated()` is the one way to read such a field. It answers in the reader's language or
says plainly that the text is not yet translated; it never passes off another language's
text as the reader's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Translated:
    """Text for one reader. When `is_translated` is false, `text` is the marker and
    `original`/`original_language` hold the source text for a page to show, labelled."""

    text: str
    language: str
    is_translated: bool
    original: str = ""
    original_language: str = ""

    def __str__(self) -> str:
        return self.text


def _candidates(language: str) -> list[str]:
    """The reader's language, then its base language (es-mx reads es; zh-hans never reads zh-hant)."""
    language = language.lower()
    found = [language]
    base = language.split("-", 1)[0]
    if base != language and not language.startswith("zh-"):
        found.append(base)
    return found


def translated(value: Mapping[str, str] | None, language: str | None = None) -> Translated:
    """The text of `value` in `language` (default: the active language), or a "not yet translated" marker."""
    reader = language or get_language() or settings.LANGUAGE_CODE
    texts = {k.lower(): v for k, v in (value or {}).items() if isinstance(v, str) and v.strip()}
    for code in _candidates(reader):
        if code in texts:
            return Translated(texts[code], code, True)
    source_language = settings.LANGUAGE_CODE if settings.LANGUAGE_CODE in texts else next(iter(sorted(texts)), "")
    return Translated(
        _("Not yet translated"),
        reader,
        False,
        original=texts.get(source_language, ""),
        original_language=source_language,
    )


def missing_languages(value: Mapping[str, str] | None) -> list[str]:
    """The site languages `value` has no text for."""
    have = {k.lower() for k, v in (value or {}).items() if isinstance(v, str) and v.strip()}
    return [code for code, _name in settings.LANGUAGES if code not in have]
