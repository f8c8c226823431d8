"""ISO 639 codes from whatever a source or a person wrote: a two- or three-letter code, or a name."""

from __future__ import annotations

import re
from functools import cache

from iso639 import Lang
from iso639.exceptions import DeprecatedLanguageValue, InvalidLanguageValue

# Names directories use that the ISO 639 reference names differently.
ALIASES = {
    "cantonese": "Yue Chinese",
    "mandarin": "Mandarin Chinese",
    "taiwanese": "Min Nan Chinese",
    "farsi": "Persian",
}
SIGN_LANGUAGE_US = {"asl", "sgn-us", "american sign language"}


def _lang(value: str, **kwargs: str) -> Lang | None:
    try:
        return Lang(value, **kwargs) if value else Lang(**kwargs)
    except (InvalidLanguageValue, DeprecatedLanguageValue):
        return None


@cache
def iso639_1(text: str) -> str | None:
    """The two-letter code services are listed by ("spa", "es", "Spanish", "Chinese (Cantonese)" →
    "es"/"zh"); a language without one keeps its ISO 639-3 code; None when it is no language.
    American Sign Language is "sgn-us"."""
    clean = " ".join((text or "").split())
    if not clean:
        return None
    if clean.casefold() in SIGN_LANGUAGE_US:
        return "sgn-us"
    base = re.sub(r"\s*\(.*\)$", "", clean)  # "Chinese (Mandarin)": the part before the variety
    candidates = [clean, clean.lower(), base, ALIASES.get(base.casefold(), ""), base.title(), base.capitalize()]
    for candidate in candidates:
        lang = _lang(candidate) if candidate else None
        if lang is None and len(candidate) == 3:
            lang = _lang("", pt2b=candidate.lower())  # bibliographic codes such as "chi", "fre"
        if lang is None:
            continue
        if lang.pt1:
            return lang.pt1
        macro = lang.macro()
        if macro is not None and macro.pt1:
            return macro.pt1
        return lang.pt3 or lang.pt2b or None
    return None


@cache
def english_name(code: str) -> str | None:
    """The ISO 639 reference name of a 639-1, 639-2 or 639-3 code ("ps" → "Pushto"), or None."""
    clean = (code or "").strip().lower()
    if not clean:
        return None
    lang = _lang(clean) or (_lang("", pt2b=clean) if len(clean) == 3 else None)
    return lang.name if lang is not None else None


def ui_code(code: str) -> str:
    """The two-letter code services list languages by, from an Ed-Fi (ISO 639-2) or 639-1 code."""
    return iso639_1(code) or (code or "").strip().lower()
