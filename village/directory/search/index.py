"""The search rows a service has (its `SearchEntry`s), derived from the listing.

Written by `village.directory.actions.search.reindex`, which every directory action calls after a write."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.utils import timezone

from village.directory import search
from village.directory.hours import Rule, effective, hour_flags
from village.directory.models import SearchEntry, Service, ServiceStatus
from village.directory.taxonomy import Accessibility


def service_flags(service: Service, hours: Iterable[Rule] | None = None) -> int:
    """The service's search flags; `hours` are the hours that apply (the service's own by default)."""
    flags: int = {"free": search.FREE, "sliding": search.SLIDING}.get(str(service.cost), search.FEE)
    schedules = list(service.schedules.all()) if hours is None else hours
    evening, weekend, outside = hour_flags(schedules, timezone.localdate())
    if evening:
        flags |= search.EVENING
    if weekend:
        flags |= search.WEEKEND
    if outside:
        flags |= search.OUTSIDE_SCHOOL
    if service.seats_available is None or service.seats_available > 0:
        flags |= search.SEATS
    return flags


def entries_for(service: Service) -> Iterator[SearchEntry]:
    """The rows that make an active service findable: one per located place and category (plus category 0)."""
    if service.status != ServiceStatus.ACTIVE:
        return
    own = list(service.schedules.all())
    flags = service_flags(service, own)
    languages = " " + " ".join(sorted({lang.code.lower() for lang in service.languages.all()})) + " "
    categories = [0, *sorted(term.pk for term in service.categories.all())]
    words = [*service.name.values(), *service.description.values(), service.organization.name]
    words += [term.name for term in service.categories.all()] + [term.code for term in service.categories.all()]
    text = search.normalise_text(" ".join(str(w) for w in words))[:4000]
    for sal in service.service_at_locations.all():
        location = sal.location
        if location.latitude is None or location.longitude is None:
            continue
        # The hours there: the service's own at this place, else the service's, else the place's.
        hours = effective(list(sal.schedules.all()), own, list(location.schedules.all()))
        place_flags = flags if hours is own else service_flags(service, hours)
        for code in location.accessibility:
            if code in Accessibility.values:
                place_flags |= search.accessibility_bit(code)
        for category in categories:
            yield SearchEntry(
                service=service,
                service_at_location=sal,
                category=category,
                latitude=location.latitude,
                longitude=location.longitude,
                languages=languages[:200],
                flags=place_flags,
                # Whole years here (2.5 → 2, 17.9 → 17): the finder asks for an age in years.
                min_age=None if service.min_age is None else int(service.min_age),
                max_age=None if service.max_age is None else int(service.max_age),
                min_grade=service.min_grade,
                max_grade=service.max_grade,
                text=text,
            )
