"""Every write to the directory. Each action validates, writes atomically, audits and re-indexes search.

Listings (services, their hours, languages and places) are written here; imports, with their
background task, in `village.directory.actions.imports`. Search rows are derived data,
rebuilt by `village.directory.actions.search.reindex`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation

from village.accounts.models import User
from village.audit.actions import record
from village.directory.actions.search import reindex
from village.directory.models import (
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceLanguage,
    Taxonomy,
    TaxonomyTerm,
)
from village.directory.openings import Opening
from village.directory.taxonomy import DEFAULT_TAXONOMY_NAME, DEFAULT_TAXONOMY_URI, Need
from village.orgs.models import Organization


def _touch(service: Service) -> None:
    service.updated_at = timezone.now()


def create_service(
    actor: User,
    organization: Organization,
    *,
    categories: Iterable[TaxonomyTerm] = (),
    languages: Sequence[str] = (),
    locations: Iterable[Location] = (),
    schedules: Sequence[Opening | tuple[int, datetime.time, datetime.time]] = (),
    verified: bool = True,
    **fields: object,
) -> Service:
    """Add a service to an organization's listing; a listing its staff enter counts as verified now."""
    with transaction.atomic():
        service = Service(organization=organization, **fields)
        if verified:
            service.last_verified_at = timezone.now()
        service.full_clean()
        service.save()
        service.categories.set(list(categories))
        _set_languages(service, languages)
        for location in locations:
            ServiceAtLocation.objects.create(service=service, location=location)
        _set_schedules(service, _openings(schedules))
        reindex([service.pk])
        record(actor, "directory.service.created", service)
    return service


def update_service(
    actor: User,
    service: Service,
    changed: list[str],
    *,
    verify: bool = True,
    categories: Iterable[TaxonomyTerm] | None = None,
) -> Service:
    """Save a service whose fields a form already set and validated (and its need categories, when
    given). Saving it also verifies it."""
    with transaction.atomic():
        _touch(service)
        if verify:
            service.last_verified_at = timezone.now()
        service.full_clean()
        service.save()
        if categories is not None:
            service.categories.set(list(categories))
        reindex([service.pk])
        record(actor, "directory.service.updated", service, fields=changed)
    return service


def edit_service(
    actor: User,
    service: Service,
    changed: list[str],
    *,
    categories: Iterable[TaxonomyTerm],
    languages: Sequence[str],
    locations: Iterable[Location],
) -> Service:
    """Save what a partner changed on a listing's form (fields already set by it), and verify it.
    With nothing changed, saving only confirms the listing is still correct."""
    if not changed:
        return verify_service(actor, service)
    with transaction.atomic():
        update_service(actor, service, changed, categories=categories)
        if "languages_text" in changed:
            set_languages(actor, service, languages)
        if "locations" in changed:
            set_service_locations(actor, service, locations)
    return service


def verify_service(actor: User, service: Service) -> Service:
    """Confirm the listing is still correct, unchanged."""
    with transaction.atomic():
        service.last_verified_at = timezone.now()
        service.save(update_fields=["last_verified_at"])
        record(actor, "directory.service.verified", service)
    return service


def _set_languages(service: Service, codes: Sequence[str]) -> None:
    wanted = {c.strip().lower() for c in codes if c.strip()}
    service.languages.exclude(code__in=wanted).delete()
    have = set(service.languages.values_list("code", flat=True))
    for code in sorted(wanted - have):
        language = ServiceLanguage(service=service, code=code)
        language.full_clean(exclude=["service"])
        language.save()


def set_languages(actor: User, service: Service, codes: Sequence[str]) -> Service:
    with transaction.atomic():
        _set_languages(service, codes)
        _touch(service)
        service.last_verified_at = timezone.now()
        service.save(update_fields=["updated_at", "last_verified_at"])
        reindex([service.pk])
        record(actor, "directory.service.languages_set", service, languages=sorted(codes))
    return service


def _openings(slots: Sequence[Opening | tuple[int, datetime.time, datetime.time]]) -> list[Opening]:
    return [slot if isinstance(slot, Opening) else Opening(*slot) for slot in slots]


def _set_schedules(service: Service, openings: Sequence[Opening], keep: Sequence[int] = ()) -> None:
    """Replace the service's own hours, except the schedules `keep` (hours the form cannot show)."""
    service.schedules.exclude(pk__in=list(keep)).delete()
    for opening in openings:
        schedule = Schedule(service=service, **opening.fields())
        schedule.full_clean(exclude=["service"])
        schedule.save()


def set_schedules(
    actor: User, service: Service, slots: Sequence[Opening | tuple[int, datetime.time, datetime.time]]
) -> Service:
    """Replace the service's hours entered by hand (its own schedules the form shows); the others
    (imported rules the form cannot show) are kept. Raises ValidationError for a bad row. The same
    hours again keep their rows and only verify the listing (saving hours confirms them)."""
    openings = _openings(slots)
    have = [(s.pk, Opening.of(s)) for s in service.schedules.all()]
    shown = [o for _pk, o in have if o is not None]
    if sorted(shown, key=repr) == sorted(openings, key=repr):
        return verify_service(actor, service)
    with transaction.atomic():
        _set_schedules(service, openings, keep=[pk for pk, o in have if o is None])
        _touch(service)
        service.last_verified_at = timezone.now()
        service.save(update_fields=["updated_at", "last_verified_at"])
        reindex([service.pk])
        record(actor, "directory.service.schedules_set", service, slots=len(openings))
    return service


def save_location(actor: User, location: Location, changed: list[str]) -> Location:
    """Create or update a location (fields already set by a form); re-index the services there.
    An existing location with nothing changed is left alone."""
    if location.pk is not None and not changed:
        return location
    with transaction.atomic():
        created = location.pk is None
        if "accessibility" in changed and location.accessibility_texts:
            # Staff chose the features themselves: they, not the source's words, now say what is there
            # (the words stay in the place's history).
            location.accessibility_texts = []
            changed = [*changed, "accessibility_texts"]
        location.full_clean()
        location.save()
        reindex(ServiceAtLocation.objects.filter(location=location).values_list("service_id", flat=True))
        record(
            actor, "directory.location.created" if created else "directory.location.updated", location, fields=changed
        )
    return location


def set_service_locations(actor: User, service: Service, locations: Iterable[Location]) -> Service:
    with transaction.atomic():
        wanted = {loc.pk for loc in locations}
        ServiceAtLocation.objects.filter(service=service).exclude(location_id__in=wanted).delete()
        have = set(ServiceAtLocation.objects.filter(service=service).values_list("location_id", flat=True))
        ServiceAtLocation.objects.bulk_create(
            [ServiceAtLocation(service=service, location_id=pk) for pk in sorted(wanted - have)]
        )
        reindex([service.pk])
        record(actor, "directory.service.locations_set", service, locations=sorted(wanted))
    return service


def ensure_default_taxonomy() -> list[TaxonomyTerm]:
    """The default need taxonomy's terms, created if missing.

    Migration 0003 creates them, so reads never need this; writes that link services to needs
    call it, so a database flushed between tests, or restored without that data, gets them back.
    """
    taxonomy, _ = Taxonomy.objects.get_or_create(
        name=DEFAULT_TAXONOMY_NAME,
        defaults={
            "description": "The supports families and students look for in the community.",
            "uri": DEFAULT_TAXONOMY_URI,
            "version": "1",
        },
    )
    with translation.override("en"):
        for code, label in Need.choices:
            TaxonomyTerm.objects.get_or_create(taxonomy=taxonomy, code=code, defaults={"name": str(label)})
    return list(TaxonomyTerm.objects.filter(taxonomy=taxonomy).order_by("pk"))


def take_seat(service: Service) -> None:
    """One seat of a service with a seat count is taken (a referral was accepted).

    Seats are a running count kept beside the listing; the referral's own audit event says why it moved.
    """
    Service.objects.filter(pk=service.pk, seats_available__isnull=False).update(
        seats_available=F("seats_available") - 1
    )


def release_seat(service: Service) -> None:
    """A seat taken by a referral is free again (never above the service's total)."""
    Service.objects.filter(pk=service.pk, seats_available__lt=F("seats_total")).update(
        seats_available=F("seats_available") + 1
    )
