"""The default need taxonomy (DOMAIN.md's supports) and the fixed vocabularies of the directory."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from village.families.vocab import NeedCategory

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
