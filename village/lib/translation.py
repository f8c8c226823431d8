"""Translatable database content: JSON fields keyed by language (docs/decisions/0001).

`translated()` is the one way to read such a field. It answers in the reader's language or
says plainly that the text is not yet translated; it never passes off another language's
text as the reader's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import get_language, get_language_info, gettext
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

    @property
    def original_dir(self) -> str:
        """The writing direction of the original text, for the `dir` of the element showing it."""
        return direction(self.original_language)


def _candidates(language: str) -> list[str]:
    """The reader's language, then its base language (es-mx reads es; zh-hans never reads zh-hant)."""
    language = language.lower()
    found = [language]
    base = language.split("-", 1)[0]
    if base != language and not language.startswith("zh-"):
        found.append(base)
    return found


def direction(language: str) -> str:
    """ "rtl" or "ltr" for a language code ("ltr" for a code Django does not know)."""
    try:
        return "rtl" if get_language_info(language)["bidi"] else "ltr"
    except KeyError:
        return "ltr"


def translated(value: Mapping[str, str] | None, language: str | None = None, source_language: str = "") -> Translated:
    """The text of `value` in `language` (default: the active language), or a "not yet translated"
    marker holding the original (in `source_language` when given and present)."""
    reader = language or get_language() or settings.LANGUAGE_CODE
    texts = {k.lower(): v for k, v in (value or {}).items() if isinstance(v, str) and v.strip()}
    for code in _candidates(reader):
        if code in texts:
            return Translated(texts[code], code, True)
    source_language = source_language.lower()
    if source_language not in texts:
        source_language = settings.LANGUAGE_CODE if settings.LANGUAGE_CODE in texts else next(iter(sorted(texts)), "")
    return Translated(
        _("Not yet translated"),
        reader,
        False,
        original=texts.get(source_language, ""),
        original_language=source_language,
    )


def plain_text(value: Mapping[str, str] | None, source_language: str = "", language: str | None = None) -> str:
    """For plain-text outputs (a PDF, a CSV, a page title): the text in the reader's language, or
    the original marked "(not yet translated)"."""
    found = translated(value, language, source_language)
    if found.is_translated or not found.original:
        return found.text
    return _("%(text)s (not yet translated)") % {"text": found.original}


def catalog_texts(msgid: str) -> dict[str, str]:
    """Text Village ships (a msgid of its catalogs) as translatable content: its catalog
    translation in each required language, so built-in text is translated from the start."""
    texts = {}
    for code in {settings.LANGUAGE_CODE, *required_languages()}:
        with translation.override(code):
            texts[code] = gettext(msgid)
    return texts


def missing_languages(value: Mapping[str, str] | None) -> list[str]:
    """The site languages `value` has no text for."""
    have = {k.lower() for k, v in (value or {}).items() if isinstance(v, str) and v.strip()}
    return [code for code, _name in settings.LANGUAGES if code not in have]


def required_languages() -> list[str]:
    """The languages every text people write should be read in (settings.VILLAGE_REQUIRED_LANGUAGES)."""
    return list(settings.VILLAGE_REQUIRED_LANGUAGES)


def text_in(value: Mapping[str, str] | None, language: str) -> str:
    """The text stored for exactly `language`, or "" (for forms: no fallback, no marker)."""
    found = (value or {}).get(language, "")
    return found if isinstance(found, str) else ""


def written_in(language: str, text: str) -> dict[str, str]:
    """New translatable content: what its author wrote, in the language they wrote it in."""
    return {language: text.strip()} if text.strip() else {}


def with_text(value: Mapping[str, str] | None, language: str, text: str) -> dict[str, str]:
    """`value` with `language`'s text set to `text` (removed when `text` is blank)."""
    updated = {k: v for k, v in (value or {}).items() if k != language}
    if text.strip():
        updated[language] = text.strip()
    return updated


def check_language(language: str, source_language: str) -> None:
    """Refuse a language that is not required, or the one the text is written in (actions call it)."""
    if language not in required_languages() or language == source_language:
        raise ValidationError(_("Choose a language other than the one the text is written in."))


def changed_texts(
    values: Mapping[str, Mapping[str, str]], language: str, texts: Mapping[str, str]
) -> dict[str, dict[str, str]]:
    """The fields whose text in `language` changes, each with its new content. A field left out
    of `texts` keeps its text; a blank one removes its translation."""
    changed = {}
    for name, value in values.items():
        if name not in texts:
            continue
        new = texts[name].strip()
        if new == text_in(value, language).strip():
            continue
        updated = {k: v for k, v in value.items() if k != language}
        if new:
            updated[language] = new
        changed[name] = updated
    return changed
