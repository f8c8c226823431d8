"""Fetch-and-authorise helpers for events (404 alike for missing and forbidden), and the
per-connection limit on RSVPs sent without an account."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.crypto import salted_hmac

from village.accounts.models import User
from village.events.models import Audience, CalendarFeed, Event, Rsvp
from village.events.rules import community_school_ids, organizer_school_ids
from village.lib.access import get_authorized
from village.orgs.models import Organization, School

type Visitor = User | AnonymousUser


def access_organizer_school(user: User, pk: int) -> School:
    return get_authorized(user, School.objects.select_related("district"), "events.organize_at", pk=pk)


def _events() -> QuerySet[Event]:
    return Event.objects.select_related("school", "district", "organization")


def access_event(user: User, pk: int) -> Event:
    """An event the person organizes."""
    return get_authorized(user, _events(), "events.manage", pk=pk)


def event_by_token(user: Visitor, token: str) -> Event:
    """The event behind its link, for someone who may answer it."""
    return get_authorized(user, _events(), "events.attend", token=token)


def any_school(pk: int) -> School:
    """A school's public events page is open to everyone (404 only for a school that does not exist)."""
    school = School.objects.select_related("district").filter(pk=pk).first()
    if school is None:
        raise Http404
    return school


def events_for(user: Visitor, school: School) -> QuerySet[Event]:
    """The school's events (and its district's district-wide ones) this person sees listed:
    organizers see all; the school's community sees public and families' events; others public ones."""
    at_school = Event.objects.filter(Q(school=school) | Q(school__isnull=True, district_id=school.district_id))
    if user.is_authenticated and school.pk in organizer_school_ids(user):
        return at_school
    if user.is_authenticated and school.pk in community_school_ids(user):
        return at_school.filter(audience__in=[Audience.PUBLIC, Audience.FAMILIES])
    return at_school.filter(audience=Audience.PUBLIC)


def rsvp_by_cancel_token(token: str) -> Rsvp:
    digest = hashlib.sha256(token.encode()).hexdigest()
    rsvp = Rsvp.objects.select_related("event__school", "person").filter(cancel_token_hash=digest).first()
    if rsvp is None:
        raise Http404
    return rsvp


def feed_by_token(token: str) -> CalendarFeed:
    feed = CalendarFeed.objects.select_related("person").filter(token=token, person__is_active=True).first()
    if feed is None:
        raise Http404
    return feed


def _client_key(request: HttpRequest) -> str:
    # A keyed hash of the address: the cache never holds the address itself.
    client = salted_hmac(
        "village.events.client", str(request.META.get("REMOTE_ADDR", "")), algorithm="sha256"
    ).hexdigest()
    return f"village.events.rsvps.{client}"


def over_rsvp_limit(request: HttpRequest) -> bool:
    """RSVPs without an account: a few per connection per hour (VILLAGE_EVENT_RSVPS_PER_HOUR)."""
    return int(cache.get(_client_key(request), 0)) >= int(settings.VILLAGE_EVENT_RSVPS_PER_HOUR)


def count_rsvp(request: HttpRequest) -> None:
    key = _client_key(request)
    cache.add(key, 0, 3600)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, 3600)


def any_organization(pk: int) -> Organization:
    """A partner's calendar of public events is open to everyone (404 only for one that does not exist)."""
    organization = Organization.objects.filter(pk=pk).first()
    if organization is None:
        raise Http404
    return organization
