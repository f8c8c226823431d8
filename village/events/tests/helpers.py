"""Events at Lincoln for the events tests and the authorization matrix (made through the actions)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from conftest import World

FIELDS: dict[str, object] = {
    "kind": "family_night",
    "time_zone": "America/Chicago",
    "venue": "Cafeteria",
    "address": "1 School Street",
    "accessible_venue": True,
    "online_link": "",
    "languages": ["en", "es"],
    "interpretation": ["ar", "es"],
    "childcare": True,
    "transport": True,
    "food": True,
    "capacity": 10,
    "audience": "public",
}


def lincoln_event(w: World, *, days: int = 7, **overrides: object) -> Any:
    from village.events.actions import create_event

    start = (timezone.now() + datetime.timedelta(days=days)).replace(second=0, microsecond=0)
    fields = {**FIELDS, "starts_at": start, "ends_at": start + datetime.timedelta(hours=2)} | overrides
    return create_event(
        w.rosa,
        w.lincoln,
        title="Family math night",
        description="Games and dinner for the whole family.",
        source_language="en",
        fields=fields,
    )
