"""Languages, in one place: codes from what a source or a person wrote, names in the reader's
language, the Ed-Fi list of family languages, and the closest language Village's UI offers.

Codes: services list languages by ISO 639-1 code where one exists, else ISO 639-3 (American Sign
Language is "sgn-us"); family profiles use Ed-Fi's ISO 639-2/B codes ("chi", "fre"). Names come
from CLDR (through Babel) in the active language; the ISO 639 reference name (English, from the
`iso639-lang` package) is used only for the languages CLDR does not name, mostly ISO 639-2's
collective codes such as "afa" (Afro-Asiatic languages).
"""

from __future__ import annotations

import pickle
import re
import unicodedata
from functools import cache

import iso639
from babel import Locale, UnknownLocaleError, localedata
from django.conf import settings
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from iso639 import Lang
from iso639.exceptions import DeprecatedLanguageValue, InvalidLanguageValue

# Languages a directory commonly offers, in the order choice lists show them.
COMMON_LANGUAGES = ("en", "es", "ar", "vi", "so", "ht", "zh", "fr", "pt", "ru", "tl", "ko", "pl", "uk", "sgn-us")

# Names directories use that the ISO 639 reference names differently.
ALIASES = {
    "cantonese": "Yue Chinese",
    "mandarin": "Mandarin Chinese",
    "taiwanese": "Min Nan Chinese",
    "farsi": "Persian",
}
SIGN_LANGUAGE_US = {"asl", "sgn-us", "american sign language"}
# CLDR names American Sign Language by its ISO 639-3 code.
_ASL_CLDR = "ase"
# Village's own translations (in the catalogs) for common directory languages that CLDR does
# not name in every UI language; CLDR's name wins wherever it has one.
_OWN_NAMES = {_ASL_CLDR: gettext_lazy("American Sign Language")}

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
# Languages whose closest UI language is a neighbour, not the language itself.
_NEIGHBOURS = {"som", "lad", "cat", "glg", "jrb"}

# ISO 639-1 codes (used by households created before profiles) -> Ed-Fi codes.
_FROM_639_1 = {"en": "eng", "es": "spa", "ar": "ara", "vi": "vie", "zh": "chi", "pt": "por", "so": "som", "fr": "fre"}


def _lang(value: str, **kwargs: str) -> Lang | None:
    try:
        return Lang(value, **kwargs) if value else Lang(**kwargs)
    except (InvalidLanguageValue, DeprecatedLanguageValue):
        return None


def _iso(code: str) -> Lang | None:
    """The ISO 639 language of a 639-1, 639-2 (either form) or 639-3 code."""
    return _lang(code) or (_lang("", pt2b=code) if len(code) == 3 else None)


def _listing_code(lang: Lang) -> str | None:
    """The code services are listed by: 639-1, else its macrolanguage's 639-1, else 639-3."""
    if lang.pt1:
        return lang.pt1
    macro = lang.macro()
    if macro is not None and macro.pt1:
        return macro.pt1
    return lang.pt3 or lang.pt2b or None


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


# --------------------------------------------------------------------------------------
# Codes from what was written
# --------------------------------------------------------------------------------------


@cache
def iso639_1(text: str) -> str | None:
    """The code services are listed by, from what a source or a person wrote: a two- or
    three-letter code ("es", "spa", bibliographic "chi"), an English name ("Spanish", "Chinese
    (Cantonese)" → "zh"), or a name in another language or the language's own ("español",
    "العربية", "Tiếng Việt", "中文"). A language without a 639-1 code keeps its ISO 639-3 code;
    American Sign Language is "sgn-us"; None when it is no language."""
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
        if lang is not None:
            return _listing_code(lang)
    key = _written_names().get(_fold(clean)) or _written_names().get(_fold(base))
    if key is None:
        return None
    code = key.split("_")[0]
    if code == _ASL_CLDR:
        return "sgn-us"
    lang = _lang(code)
    return _listing_code(lang) if lang is not None else code


@cache
def _written_names() -> dict[str, str]:
    """CLDR's names of languages, casefolded, to CLDR codes: the names in English and in each UI
    language first, then each language's name for itself (its endonym). Built on first need."""
    names: dict[str, str] = {}
    for language in ["en", *(code for code, _name in settings.LANGUAGES)]:
        for key, name in _cldr_names(language).items():
            names.setdefault(_fold(name), key)
    for identifier in localedata.locale_identifiers():
        endonym = _endonym(identifier) if "_" not in identifier else None
        if endonym:
            names.setdefault(_fold(endonym), identifier)
    return names


def _endonym(identifier: str) -> str | None:
    """A language's name for itself, from its own CLDR file in Babel's package. Read directly
    rather than through `Locale`, whose cache would keep every locale's data (over 100 MB) in
    each process for the sake of one name apiece."""
    with open(localedata.resolve_locale_filename(identifier), "rb") as file:
        data = pickle.load(file)  # noqa: S301 (Babel's own packaged data, as babel.localedata.load reads it)
    languages = data.get("languages", {}) if isinstance(data, dict) else {}
    name = languages.get(identifier)
    return name if isinstance(name, str) else None


def ui_code(code: str) -> str:
    """The code services list languages by, from an Ed-Fi (ISO 639-2) or 639-1 code."""
    return iso639_1(code) or (code or "").strip().lower()


# --------------------------------------------------------------------------------------
# Names in the reader's language
# --------------------------------------------------------------------------------------


@cache
def _cldr_names(language: str) -> dict[str, str]:
    """CLDR's names of languages in a Django language ("zh-hans"), by CLDR code."""
    try:
        locale = Locale.parse(translation.to_locale(language))
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse(translation.to_locale(settings.LANGUAGE_CODE))
    return dict(locale.languages)


@cache
def _cldr_code(code: str) -> str:
    """The code CLDR names a language by (639-1 where there is one, else 639-3)."""
    clean = code.strip().lower()
    if clean in SIGN_LANGUAGE_US:
        return _ASL_CLDR
    base = clean.split("-")[0]
    lang = _iso(base) if len(base) == 3 else None
    if lang is None:
        return base
    return lang.pt1 or lang.pt3 or lang.pt2t or base


@cache
def _reference_name(code: str) -> str | None:
    """The ISO 639 reference name (English) of a 639-1, 639-2 or 639-3 code, or None."""
    clean = code.strip().lower()
    lang = _iso(clean) if clean else None
    return lang.name if lang is not None else None


def _reader() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def language_name(code: str, language: str | None = None) -> str:
    """The name of a language, as written in running text, in `language` (the active language
    by default): CLDR's ("ps" → "Pashto"; in Spanish, "árabe"), or the ISO 639 reference name
    (English) where CLDR has none, or the code itself when it is no language."""
    return _name(code, language or _reader())[0]


def _name(code: str, language: str) -> tuple[str, bool]:
    """The name, and whether it is in `language` (not a fallback)."""
    if not code:
        return "", True
    key = _cldr_code(code)
    # A script or region variant CLDR names as such ("zh-hans" → "Simplified Chinese").
    name = _cldr_names(language).get(translation.to_locale(code.strip())) if "-" in code else None
    name = name or _cldr_names(language).get(key)
    if name:
        return name, True
    if key in _OWN_NAMES:
        with translation.override(language):
            return str(_OWN_NAMES[key]), True
    return _reference_name(key) or _reference_name(code) or code, False


def language_label(code: str, language: str | None = None) -> str:
    """The name as a menu item, table heading or value standing alone: first letter capitalised,
    as CLDR asks for those places in languages that write names in lower case ("Árabe")."""
    return capfirst(language_name(code, language))


def ui_language_choices() -> list[tuple[str, str]]:
    """(code, label in the reader's language) for each interface language, for a form that asks
    which language something is written or sent in. (A menu for switching the interface
    language names each language in itself instead, marked with `lang`.)"""
    return language_choices(tuple(code for code, _name in settings.LANGUAGES))


def language_choices(codes: tuple[str, ...] = COMMON_LANGUAGES) -> list[tuple[str, str]]:
    """(code, label in the reader's language) for each code, in the order given."""
    return [(code, language_label(code)) for code in codes]


# --------------------------------------------------------------------------------------
# Family languages (Ed-Fi) and the UI
# --------------------------------------------------------------------------------------


@cache
def _edfi_codes() -> frozenset[str]:
    """Ed-Fi's LanguageDescriptor codes are the ISO 639-2 bibliographic codes, so the list comes
    from `iso639-lang` (kept up to date by its maintainers) rather than a copy of Ed-Fi's file: a
    family may name any language, not only those the interface is translated into. ISO 639-2
    holds two codes Ed-Fi 5.2 lacks (Montenegrin `cnr`, "no linguistic content" `zxx`); both are
    harmless choices."""
    return frozenset(lang.pt2b for lang in iso639.iter_langs() if lang.pt2b)


def _sort_key(name: str) -> str:
    """Alphabetical order as a reader expects it: accented letters with their base letter, not
    after Z (a close approximation of CLDR collation, which Babel does not provide)."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(c))
    return plain.replace("đ", "d~")  # Vietnamese Đ is its own letter, after D


@cache
def _edfi_languages_in(language: str) -> tuple[tuple[str, str], ...]:
    named = []
    for code in _edfi_codes():
        name, localised = _name(code, language)
        named.append((not localised, _sort_key(name), code, capfirst(name)))
    return tuple((code, label) for _fallback, _key, code, label in sorted(named))


def edfi_languages() -> list[tuple[str, str]]:
    """(ISO 639-2/B code, label in the reader's language) for every language Ed-Fi's descriptors
    may name, sorted by label; those CLDR does not name in that language (mostly ISO 639-2's
    groups, such as "Afro-Asiatic languages") come last, under their English reference names."""
    return list(_edfi_languages_in(_reader()))


# The home languages most often spoken by US public school students learning English (US
# Department of Education, EL fact sheets), in ISO 639-2/B: a district's picker starts with them
# until its own households say which languages are common there.
US_SCHOOL_LANGUAGES = (
    "spa", "ara", "chi", "vie", "eng", "por", "rus", "hat", "som", "hmn", "urd", "fre", "kor", "tgl", "swa",
    "ben", "pan", "ukr", "nep", "pus", "per", "jpn", "pol", "guj", "amh", "tel", "hin", "bur", "tir", "kin",
    "tur", "khm", "lao", "yor", "ger", "mah",
)  # fmt: skip


@cache
def _pickable() -> frozenset[str]:
    """The Ed-Fi codes a person may pick: living individual languages and macrolanguages, by ISO
    639-3's own type and scope (from `iso639-lang`), which leaves out constructed (Klingon),
    extinct, ancient and historical languages (Sumerian, Church Slavic), ISO 639-2's collective
    groups ("Creoles and pidgins, English-based") and its special codes ("Undetermined")."""
    return frozenset(
        lang.pt2b
        for lang in iso639.iter_langs()
        if lang.pt2b and lang.type() == "Living" and lang.scope() in ("Individual", "Macrolanguage")
    )


def language_picker(common: tuple[str, ...] = (), keep: str = "") -> list[tuple[str, list[tuple[str, str]]]]:
    """Choices for picking a family's language, as two groups of (Ed-Fi code, label in the
    reader's language): the `common` languages first (a district's most frequent home
    languages, most frequent first; the US school list when it has none), then every other
    living language CLDR names in the reader's language, sorted by name. `keep` (the value
    already saved) stays offered even when it is not pickable, so saving never loses it."""
    first = [c for c in dict.fromkeys(to_edfi(c) or c for c in common or US_SCHOOL_LANGUAGES) if is_known(c)]
    if len(first) < 10:  # a district with few families still sees the widely spoken languages
        first += [c for c in US_SCHOOL_LANGUAGES if c not in first][: 10 - len(first)]
    offered = _pickable() | ({keep} if keep and is_known(keep) else set())
    reader = _reader()
    rest = [
        (code, label)
        for code, label in _edfi_languages_in(reader)
        if code not in first and (code == keep or (code in offered and _name(code, reader)[1]))
    ]
    return [
        (str(_("Common in your district")), [(code, language_label(code)) for code in first]),
        (str(_("All languages")), rest),
    ]


def is_known(code: str) -> bool:
    """Whether `code` is an Ed-Fi (ISO 639-2/B) language code."""
    return code in _edfi_codes()


def to_edfi(code: str) -> str:
    """An Ed-Fi code for a stored language code (accepts ISO 639-1 or 639-2)."""
    code = code.strip().lower()
    if code in _edfi_codes():
        return code
    return _FROM_639_1.get(code.split("-")[0], "")


def closest_ui_language(code: str) -> tuple[str, bool]:
    """The UI language closest to an Ed-Fi `code`, and whether it is the family's own language."""
    supported = {c for c, _n in settings.LANGUAGES}
    ui = _CLOSEST_UI.get(code, "en")
    if ui not in supported:
        ui = "en"
    exact = code in _CLOSEST_UI and _CLOSEST_UI[code] == ui and code not in _NEIGHBOURS
    return ui, exact
