"""Family languages: every ISO 639-2 language, and the closest language Village's UI offers.

Ed-Fi's LanguageDescriptor codes are the ISO 639-2 bibliographic codes, so the list comes
from the `iso639-lang` package (ISO 639 data kept up to date by its maintainers) rather
than from a copy of Ed-Fi's file: a family may name any language, not only those the
interface is translated into. ISO 639-2 holds two codes Ed-Fi 5.2 lacks (Montenegrin `cnr`,
"no linguistic content" `zxx`); both are harmless choices.
"""

from __future__ import annotations

from functools import cache

import iso639
from django.conf import settings

# ISO 639-2 code -> the UI language closest to it. Languages not listed fall back to English.
_CLOSEST_UI: dict[str, str] = {
    "eng": "en",
    "spa": "es",
    "lad": "es",  # Ladino readers usually read Spanish
    "cat": "es",
    "glg": "es",
    "ara": "ar",
    "jrb": "ar",  # Judeo-Arabic
    "som": "ar",  # many Somali families read Arabic; they may pick English on the language page
    "vie": "vi",
    "chi": "zh-hans",
    "zho": "zh-hans",
}

# ISO 639-1 codes (used by households created before profiles) -> Ed-Fi codes.
_FROM_639_1 = {"en": "eng", "es": "spa", "ar": "ara", "vi": "vie", "zh": "chi", "pt": "por", "so": "som", "fr": "fre"}


@cache
def edfi_languages() -> tuple[tuple[str, str], ...]:
    """(ISO 639-2/B code, English name) for every language Ed-Fi's descriptors may name, by name."""
    found = ((lang.pt2b, lang.name) for lang in iso639.iter_langs() if lang.pt2b)
    return tuple(sorted(found, key=lambda pair: pair[1].casefold()))


@cache
def _names() -> dict[str, str]:
    return dict(edfi_languages())


def language_name(code: str) -> str:
    return _names().get(code, code)


def is_known(code: str) -> bool:
    return code in _names()


def to_edfi(code: str) -> str:
    """An Ed-Fi code for a stored language code (accepts ISO 639-1 or 639-2)."""
    code = code.strip().lower()
    if code in _names():
        return code
    return _FROM_639_1.get(code.split("-")[0], "")


def closest_ui_language(code: str) -> tuple[str, bool]:
    """The UI language closest to `code`, and whether it is the family's own language."""
    supported = {c for c, _n in settings.LANGUAGES}
    ui = _CLOSEST_UI.get(code, "en")
    if ui not in supported:
        ui = "en"
    exact = code in _CLOSEST_UI and _CLOSEST_UI[code] == ui and code not in {"som", "lad", "cat", "glg", "jrb"}
    return ui, exact
