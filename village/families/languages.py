"""Family languages: the Ed-Fi LanguageDescriptor list, and the closest language Village's UI offers.

The list is copied from Ed-Fi Data Standard 5.2 (`data/edfi_languages.json`, ISO 639-2 codes)
so that a family may name any language, not only those the interface is translated into.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from django.conf import settings

_DATA = Path(__file__).resolve().parent / "data" / "edfi_languages.json"

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
    """(code, English name) for every Ed-Fi language descriptor, sorted by name."""
    data = json.loads(_DATA.read_text(encoding="utf-8"))
    return tuple((code, name) for code, name in data["codes"])


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
