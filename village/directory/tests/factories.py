"""Seeded directories for tests and the benchmark."""

from __future__ import annotations

import datetime
import math
import random
from typing import Any

from django.db import transaction

from village.directory.actions import ensure_default_taxonomy
from village.directory.actions.search import reindex
from village.directory.hours import BYDAY_CODES
from village.directory.models import (
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceLanguage,
    TaxonomyTerm,
)
from village.directory.taxonomy import Accessibility, CostKind
from village.orgs.models import Organization

LANGS = ("en", "es", "ar", "vi", "so", "ht", "zh")
WORDS = ("homework", "reading", "math", "clinic", "dental", "soccer", "music", "pantry", "legal", "coding")


def need_terms() -> list[TaxonomyTerm]:
    return ensure_default_taxonomy()


def add_service(
    organization: Organization,
    *,
    name: str,
    latitude: float,
    longitude: float,
    categories: list[TaxonomyTerm] = (),  # type: ignore[assignment]
    languages: tuple[str, ...] = ("en",),
    slots: tuple[tuple[int, int, int], ...] = (),
    cost: str = CostKind.FREE,
    accessibility: tuple[str, ...] = (),
    **fields: Any,
) -> Service:
    """One service at one new location, indexed for search (bypasses actions: test setup only)."""
    location = Location.objects.create(
        organization=organization,
        name=f"{name} site",
        latitude=latitude,
        longitude=longitude,
        accessibility=list(accessibility),
    )
    service = Service.objects.create(organization=organization, name={"en": name}, cost=cost, **fields)
    service.categories.set(categories)
    ServiceAtLocation.objects.create(service=service, location=location)
    for code in languages:
        ServiceLanguage.objects.create(service=service, code=code)
    for weekday, opens, closes in slots:
        Schedule.objects.create(
            service=service,
            freq="WEEKLY",
            byday=BYDAY_CODES[weekday - 1],
            opens_at=datetime.time(opens),
            closes_at=datetime.time(closes),
        )
    reindex([service.pk])
    return service


def seed_directory(
    organization: Organization, count: int, seed: int = 7, centre: tuple[float, float] = (41.88, -87.63)
) -> None:
    """`count` services in clusters around `centre`, with random categories, languages, hours and costs."""
    rng = random.Random(seed)
    terms = need_terms()
    clusters = [
        (centre[0] + rng.uniform(-0.15, 0.15), centre[1] + rng.uniform(-0.2, 0.2)) for _ in range(max(3, count // 500))
    ]
    with transaction.atomic():
        locations = []
        for i in range(count):
            lat0, lon0 = rng.choice(clusters)
            r, theta = abs(rng.gauss(0, 2.0)), rng.uniform(0, 2 * math.pi)
            locations.append(
                Location(
                    organization=organization,
                    name=f"Site {i}",
                    latitude=lat0 + r * math.sin(theta) / 111.2,
                    longitude=lon0 + r * math.cos(theta) / (111.2 * math.cos(math.radians(lat0))),
                    accessibility=rng.sample(list(Accessibility.values), k=rng.randint(0, 3)),
                )
            )
        Location.objects.bulk_create(locations, batch_size=2000)
        services = []
        for i in range(count):
            low = rng.choice([None, 3, 5, 10])
            services.append(
                Service(
                    organization=organization,
                    name={"en": f"Service {i} {rng.choice(WORDS)} {rng.choice(WORDS)}"},
                    cost=rng.choice(CostKind.values),
                    min_age=low,
                    max_age=None if low is None else low + rng.choice([4, 8, 12]),
                    seats_total=20,
                    seats_available=rng.choice([0, 5, 20]),
                )
            )
        Service.objects.bulk_create(services, batch_size=2000)
        through = Service.categories.through
        links, sals, langs, slots = [], [], [], []
        for service, location in zip(services, locations, strict=True):
            for term in rng.sample(terms, k=rng.choice([1, 1, 2])):
                links.append(through(service_id=service.pk, taxonomyterm_id=term.pk))
            sals.append(ServiceAtLocation(service=service, location=location))
            for code in {"en", *rng.sample(LANGS, k=rng.randint(0, 2))}:
                langs.append(ServiceLanguage(service=service, code=code))
            for weekday in rng.sample(range(1, 8), k=rng.randint(1, 3)):
                opens = rng.choice([8, 9, 13, 15, 16])
                slots.append(
                    Schedule(
                        service=service,
                        freq="WEEKLY",
                        byday=BYDAY_CODES[weekday - 1],
                        opens_at=datetime.time(opens),
                        closes_at=datetime.time(opens + rng.choice([2, 3, 4])),
                    )
                )
        through.objects.bulk_create(links, batch_size=5000)
        ServiceAtLocation.objects.bulk_create(sals, batch_size=5000)
        ServiceLanguage.objects.bulk_create(langs, batch_size=5000)
        Schedule.objects.bulk_create(slots, batch_size=5000)
        reindex([s.pk for s in services])
