"""The time zones people choose from (an event's, a person's quiet hours): those of US districts,
and the site's own zone, always offered first."""

from __future__ import annotations

from django.conf import settings

TIME_ZONES = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
)


def time_zone_choices() -> list[tuple[str, str]]:
    zones = dict.fromkeys((settings.TIME_ZONE, *TIME_ZONES))
    return [(z, z.replace("_", " ")) for z in zones]
