"""A person changes what Village sends them: each topic as it happens, in a daily summary or off,
and their quiet hours (see `village.messaging.topics` and `village.messaging.quiet`)."""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from village.accounts.models import User
from village.audit.actions import record
from village.messaging.models import MessageSettings
from village.messaging.topics import TOPICS, Frequency


def save_message_settings(
    actor: User,
    frequencies: Mapping[str, str],
    *,
    quiet_start: datetime.time | None,
    quiet_end: datetime.time | None,
    time_zone: str,
) -> bool:
    """Save the person's own choices; returns whether anything changed (the same choices saved
    again write nothing). Only topics changed from their default are kept, so a default Village
    changes later reaches everyone who never chose. Refuses an unknown time zone, quiet hours
    with a start and no end (or the reverse), and quiet hours that start when they end."""
    errors: dict[str, str] = {}
    try:
        zoneinfo.ZoneInfo(time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        errors["time_zone"] = _("Choose a time zone from the list.")
    if (quiet_start is None) != (quiet_end is None):
        field = "quiet_end" if quiet_end is None else "quiet_start"
        errors[field] = _("Give both the start and the end of your quiet hours, or neither.")
    elif quiet_start is not None and quiet_start == quiet_end:
        errors["quiet_end"] = _("Quiet hours must end at a different time than they start.")
    for topic in TOPICS:
        if frequencies.get(topic.code, topic.default) not in Frequency.values:
            errors[topic.code] = _("Choose one of the options.")
    if errors:
        raise ValidationError(errors)
    kept = {t.code: str(frequencies[t.code]) for t in TOPICS if frequencies.get(t.code, t.default) != t.default}
    zone = "" if time_zone == settings.TIME_ZONE else time_zone
    with transaction.atomic():
        current = MessageSettings.objects.select_for_update().filter(person=actor).first() or MessageSettings(
            person=actor
        )
        wanted = {"frequencies": kept, "quiet_start": quiet_start, "quiet_end": quiet_end, "time_zone": zone}
        changed = {name: value for name, value in wanted.items() if getattr(current, name) != value}
        if not changed:
            return False
        for name, value in changed.items():
            setattr(current, name, value)
        current.updated_at = timezone.now()
        current.save()
        record(actor, "messaging.settings.changed", actor, changed=sorted(changed))
    return True
