"""What every part of the demo shares: the seed, the names of the places the personas work at,
fictional phone numbers and street addresses, and a weighted choice."""

from __future__ import annotations

import random
from collections.abc import Sequence

from django.db.models import Model

SEED = 2026

DEMO_REGION_SLUG = "demo-region"
DEMO_REGION_NAME = "Riverbend Region"
DEMO_PASSWORD = "village-demo-2026"  # noqa: S105 - a published demo password, never used outside the demo
STAFF_EMAIL_DOMAIN = "example.org"

LINCOLN = "Lincoln Elementary School"
RIVERBEND_HIGH = "Riverbend High School"
NORTHSIDE_CLINIC = "Northside Family Health Clinic"

# fmt: off
STREETS = (
    "Oak Street", "Maple Avenue", "Cedar Lane", "Lakeshore Drive", "River Road", "Prairie Avenue", "Elm Street",
    "Washington Boulevard", "Chestnut Street", "Harbor Road", "Willow Avenue", "Main Street", "Park Avenue",
    "Division Street", "Birch Street", "Hillside Drive", "Mill Road", "Spring Street", "Grand Avenue", "Sheridan Road",
    "Union Street", "Garfield Boulevard", "Orchard Lane", "Fulton Street",
)
# fmt: on
AREA_CODES = ("312", "773", "872")


def phone(rng: random.Random) -> str:
    # 555-0100 to 555-0199 are reserved for fiction.
    return f"({rng.choice(AREA_CODES)}) 555-01{rng.randrange(100):02d}"


def address(rng: random.Random) -> str:
    return f"{rng.randrange(100, 9900, 2)} {rng.choice(STREETS)}"


def weighted[T](rng: random.Random, options: Sequence[tuple[T, float]]) -> T:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def by_pk(model: Model) -> int:
    """Sort key: creation order."""
    return int(model.pk)
