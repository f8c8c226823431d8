"""Quiet hours: a stretch of each day, in the person's time zone, when Village sends them nothing
but urgent messages. A message due then waits until the quiet hours end; it is never dropped."""

from __future__ import annotations

import datetime
import zoneinfo

from village.messaging.models import Channel, Delivery, MessageSettings


def quiet_until(
    now: datetime.datetime, start: datetime.time | None, end: datetime.time | None, zone: str
) -> datetime.datetime | None:
    """When the quiet hours holding `now` end (aware), or None when `now` is not in them (or the
    person has none). `start` > `end` spans midnight (21:00 to 07:00); start == end is no quiet
    hours (the form refuses it)."""
    if start is None or end is None or start == end:
        return None
    try:
        tz = zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None
    local = now.astimezone(tz)
    clock = local.time().replace(tzinfo=None)
    if start < end:
        inside = start <= clock < end
        end_day = local.date()
    else:
        inside = clock >= start or clock < end
        end_day = local.date() + datetime.timedelta(days=1) if clock >= start else local.date()
    if not inside:
        return None
    # A wall-clock time in the person's zone (a time skipped by a clock change comes out an hour on).
    return datetime.datetime.combine(end_day, end, tzinfo=tz).astimezone(datetime.UTC)


def held_until(delivery_id: int, now: datetime.datetime) -> datetime.datetime | None:
    """The end of the recipient's quiet hours, when `now` is in them and the message is not urgent."""
    row = (
        Delivery.objects.filter(pk=delivery_id, recipient__isnull=False, outbox__urgent=False)
        .values("recipient_id", "channel")
        .first()
    )
    if row is None or row["channel"] == Channel.PAPER:
        return None
    found = MessageSettings.objects.filter(person_id=row["recipient_id"]).first()
    if found is None:
        return None
    return quiet_until(now, found.quiet_start, found.quiet_end, found.zone)
