"""The default need taxonomy (DOMAIN.md's supports) and the fixed vocabularies of the directory."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from village.families.vocab import NeedCategory
from village.lib.languages import english_name

DEFAULT_TAXONOMY_NAME = "Village needs"
DEFAULT_TAXONOMY_URI = "https://village.example.org/taxonomies/needs"


# One need vocabulary for families' needs and directory services, so they can be matched.
Need = NeedCategory


class Accessibility(models.TextChoices):
    WHEELCHAIR = "wheelchair", _("Step-free, wheelchair accessible")
    ACCESSIBLE_RESTROOM = "restroom", _("Accessible restroom")
    ACCESSIBLE_PARKING = "parking", _("Accessible parking")
    ELEVATOR = "elevator", _("Elevator")
    HEARING_LOOP = "hearing_loop", _("Hearing loop")
    SIGN_LANGUAGE = "sign_language", _("Sign language available")
    QUIET_SPACE = "quiet_space", _("Quiet or sensory-friendly space")
    TRANSIT = "transit", _("Near public transit")


class CostKind(models.TextChoices):
    FREE = "free", _("Free")
    SLIDING = "sliding", _("Sliding scale")
    FEE = "fee", _("Fee")


WEEKDAY_SHORT = {
    1: _("Mon"),
    2: _("Tue"),
    3: _("Wed"),
    4: _("Thu"),
    5: _("Fri"),
    6: _("Sat"),
    7: _("Sun"),
}
HSDS_BYDAY = {1: "MO", 2: "TU", 3: "WE", 4: "TH", 5: "FR", 6: "SA", 7: "SU"}

# Languages a directory commonly offers, by ISO 639-1 code (ASL has no 639-1 code; "sgn-us"
# is its BCP 47 tag). Any other ISO 639 code is shown by its ISO 639 reference name (in English,
# the only language that reference is kept in), or as its code when it is no ISO 639 code.
LANGUAGE_NAMES = {
    "en": _("English"),
    "es": _("Spanish"),
    "ar": _("Arabic"),
    "vi": _("Vietnamese"),
    "so": _("Somali"),
    "ht": _("Haitian Creole"),
    "zh": _("Chinese"),
    "fr": _("French"),
    "pt": _("Portuguese"),
    "ru": _("Russian"),
    "tl": _("Tagalog"),
    "ko": _("Korean"),
    "pl": _("Polish"),
    "uk": _("Ukrainian"),
    "sgn-us": _("American Sign Language"),
}


def language_name(code: str) -> str:
    if code in LANGUAGE_NAMES:
        return str(LANGUAGE_NAMES[code])
    return english_name(code) or code
