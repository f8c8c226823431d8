"""A council's public meetings as a calendar feed, for anyone to subscribe to."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone

from village.accounts.http import PublicHttpRequest
from village.events.calendars import calendar_bytes
from village.events.models import Audience, Event
from village.events.views.calendars import FEED_PAST
from village.events.views.common import ics_response
from village.governance.access import any_council


def council_feed(request: PublicHttpRequest, pk: int) -> HttpResponse:
    council = any_council(pk)
    events = Event.objects.filter(
        council_meeting__council=council, audience=Audience.PUBLIC, ends_at__gte=timezone.now() - FEED_PAST
    )
    return ics_response(calendar_bytes(events, council.name), f"council-{council.pk}.ics", attachment=False)
