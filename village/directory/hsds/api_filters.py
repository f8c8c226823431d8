"""The HSDS API's query filters as conditions on the directory's tables (`village.directory.hsds.api`)."""

from __future__ import annotations

import datetime
import json
import uuid
from collections import defaultdict

from django.conf import settings
from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from village.directory.hours import Window, open_during
from village.directory.hsds.api_schemas import ServiceFilters
from village.directory.hsds.ids import organization_q
from village.directory.models import Location, Schedule, Service, ServiceAtLocation, ServiceLanguage, TaxonomyTerm
from village.directory.search import tokens

MAX_SEARCH_WORDS = 10


def uuid_or_none(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value.strip())
    except ValueError:
        return None


def id_q(lookup: str, value: str) -> Q:
    """`lookup` equals this HSDS id; a value that is not a UUID matches nothing."""
    key = uuid_or_none(value)
    return Q(**{lookup: key}) if key is not None else Q(pk__in=[])


def words(text: str | None) -> list[str]:
    return tokens(text or "")[:MAX_SEARCH_WORDS]


def with_accessibility(code: str) -> QuerySet[Location]:
    # Location.accessibility is a JSON list of codes; its JSON text holds each code in quotes
    # alike on SQLite and PostgreSQL (JSON `contains` is not available on SQLite).
    return Location.objects.annotate(features=Cast("accessibility", TextField())).filter(
        features__contains=json.dumps(code)
    )


def matches_word(word: str) -> Q:
    q = Q(organization__name__icontains=word)
    for code, _name in settings.LANGUAGES:
        q |= Q(**{f"name__{code}__icontains": word}) | Q(**{f"description__{code}__icontains": word})
    terms = TaxonomyTerm.objects.filter(Q(name__icontains=word) | Q(code__iexact=word))
    return q | Q(pk__in=Service.categories.through.objects.filter(taxonomyterm__in=terms).values("service_id"))


def service_q(f: ServiceFilters, *, accessibility: bool = True) -> Q:
    """The filters as one condition on Service; an id that is not a UUID matches nothing."""
    q = Q()
    for word in words(f.search):
        q &= matches_word(word)
    categorised = Service.categories.through.objects
    if f.taxonomy_term_id is not None:
        links = categorised.filter(id_q("taxonomyterm__hsds_id", f.taxonomy_term_id))
        q &= Q(pk__in=links.values("service_id"))
    if f.taxonomy_id is not None:
        links = categorised.filter(id_q("taxonomyterm__taxonomy__hsds_id", f.taxonomy_id))
        q &= Q(pk__in=links.values("service_id"))
    if f.organization_id is not None:
        key = uuid_or_none(f.organization_id)
        q &= organization_q(key, "organization__") if key is not None else Q(pk__in=[])
    if f.modified_after is not None:
        q &= Q(updated_at__gte=f.modified_after)
    if f.language is not None:
        q &= Q(pk__in=ServiceLanguage.objects.filter(code__iexact=f.language).values("service_id"))
    if f.accessibility is not None and accessibility:
        places = with_accessibility(f.accessibility)
        q &= Q(pk__in=ServiceAtLocation.objects.filter(location__in=places).values("service_id"))
    if f.open_on is not None:
        q &= Q(pk__in=open_services(f.open_on, datetime.time.fromisoformat(f.open_at) if f.open_at else None))
    if f.age is not None:
        q &= Q(Q(min_age__isnull=True) | Q(min_age__lte=f.age)) & Q(Q(max_age__isnull=True) | Q(max_age__gte=f.age))
    return q


def open_services(weekday: int, at: datetime.time | None) -> set[int]:
    """Services open on this ISO weekday (at this time) in the coming weeks, by the hours that apply
    to them (`village.directory.hours`): their own, their own at a place, else the place's."""
    if at is None:
        window = Window(weekday, datetime.time.min, datetime.time.max)
    else:
        later = datetime.datetime.combine(datetime.date.min, at) + datetime.timedelta(seconds=1)
        window = Window(weekday, at, later.time() if later.date() == datetime.date.min else datetime.time.max)
    today = timezone.localdate()
    own: dict[int, list[Schedule]] = defaultdict(list)
    at_link: dict[int, list[Schedule]] = defaultdict(list)
    at_place: dict[int, list[Schedule]] = defaultdict(list)
    for s in Schedule.objects.order_by("id").iterator(chunk_size=2000):
        if s.service_id is not None:
            own[s.service_id].append(s)
        elif s.service_at_location_id is not None:
            at_link[s.service_at_location_id].append(s)
        elif s.location_id is not None:
            at_place[s.location_id].append(s)
    found = {pk for pk, hours in own.items() if open_during(hours, [window], today)}
    for pk, service_id, location_id in ServiceAtLocation.objects.values_list("pk", "service_id", "location_id"):
        if service_id in found:
            continue
        hours = at_link.get(pk) or ([] if service_id in own else at_place.get(location_id, []))
        if hours and open_during(hours, [window], today):
            found.add(service_id)
    return found
