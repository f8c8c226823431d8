"""Validate HSDS rows and write them into the directory in one transaction (upsert by identifier).

Identifiers: an HSDS UUID is kept as is; any other source identifier (Ohana's "12", a legal-aid
export's slug) becomes a UUID derived from (source, table, identifier), so importing the same
file again updates the same rows instead of adding copies.

A row that fails validation is rejected with its file, row, field and a code that the page
renders in the reader's language; rows that depend on it (a service of a rejected
organization) are rejected too. Unless the person chose "apply valid rows", a single
rejection means nothing is written; a dry run never writes.
"""

from __future__ import annotations

import datetime
import functools
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils import timezone

from village.directory.hsds.sources.common import parse_time as parse_clock
from village.directory.hsds.tables import Row, Tables
from village.directory.models import (
    DirectoryProfile,
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceLanguage,
    Taxonomy,
    TaxonomyTerm,
)
from village.directory.search.index import reindex
from village.directory.taxonomy import DEFAULT_TAXONOMY_NAME, HSDS_BYDAY, Accessibility, CostKind, Need
from village.lib.languages import iso639_1
from village.orgs.models import Organization, PartnerType, Region

NAMESPACE = uuid.UUID("6f1d3c2e-8a55-4f7e-9b0a-56c1d7e0a001")
BATCH = 2000
# bulk_update writes one CASE per field over the batch: small batches keep it linear.
UPDATE_BATCH = 200
SERVICE_FIELDS = [
    "organization",
    "name",
    "description",
    "status",
    "url",
    "email",
    "cost",
    "fees_description",
    "eligibility_description",
    "phone",
    "min_age",
    "max_age",
    "updated_at",
]
BYDAY = {code: day for day, code in HSDS_BYDAY.items()}
STATUS = {"active": "active", "inactive": "inactive", "defunct": "defunct", "temporarily closed": "temporarily_closed"}

# Words in a source's category names that map it to Village's need categories.
NEED_WORDS: dict[str, tuple[str, ...]] = {
    Need.HEALTH: ("health", "medical", "clinic", "dental", "vision"),
    Need.MENTAL_HEALTH: ("mental", "counsel", "behavioral", "therapy", "crisis"),
    Need.TUTORING: ("tutor", "homework", "literacy"),
    Need.MENTORING: ("mentor",),
    Need.AFTER_SCHOOL: ("after school", "after-school", "afterschool", "youth program"),
    Need.SUMMER: ("summer", "camp"),
    Need.DISABILITY: ("disab", "special needs", "accessib"),
    Need.LANGUAGE: ("interpret", "translation", "esl", "english as a second"),
    Need.FOOD: ("food", "meal", "nutrition", "pantry", "grocer"),
    Need.HOUSING: ("housing", "shelter", "homeless", "rent", "eviction", "tenant"),
    Need.TRANSPORT: ("transport", "transit", "bus pass", "ride"),
    Need.PARENT_EDUCATION_WORK: ("employment", "job", "career", "adult education", "parenting", "workforce", "ged"),
    Need.ARTS: ("arts", "music", "theater", "theatre", "museum", "dance"),
    Need.SPORTS: ("sport", "athletic", "recreation", "fitness"),
    Need.LEGAL: ("legal", "law", "attorney", "immigration", "court", "lawyer"),
}
ACCESSIBILITY_WORDS: dict[str, tuple[str, ...]] = {
    Accessibility.WHEELCHAIR: ("wheelchair", "ramp", "step-free", "ada"),
    Accessibility.ACCESSIBLE_RESTROOM: ("restroom", "toilet", "bathroom"),
    Accessibility.ACCESSIBLE_PARKING: ("parking",),
    Accessibility.ELEVATOR: ("elevator", "lift"),
    Accessibility.HEARING_LOOP: ("hearing loop", "induction loop", "assistive listening"),
    Accessibility.SIGN_LANGUAGE: ("sign language", "asl"),
    Accessibility.QUIET_SPACE: ("quiet", "sensory"),
    Accessibility.TRANSIT: ("transit", "bus stop", "train", "subway"),
}


@dataclass
class Outcome:
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    applied: bool = False


@functools.lru_cache(maxsize=1 << 18)
def stable_id(source: str, table: str, raw: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw)
    except ValueError:
        return uuid.uuid5(NAMESPACE, f"{source}:{table}:{raw}")


def parse_time(value: str) -> datetime.time | None:
    """A clock time from "17:30", "5:30 PM", "9am" or "noon" (the legacy readers' parser); None if unreadable."""
    text = parse_clock(value or "")
    return datetime.time.fromisoformat(text) if text else None


def language_code(raw: str, name: str = "") -> str | None:
    """An ISO 639 code Village stores (two letters where one exists), from a code or a name."""
    return iso639_1(raw) or iso639_1(name)


def _matches(text: str, words: dict[str, tuple[str, ...]]) -> set[str]:
    lowered = text.lower()
    return {code for code, options in words.items() if any(w in lowered for w in options)}


def _number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


class _Checker:
    """Collects rejections and remembers which rows survived, table by table."""

    def __init__(self, tables: Tables, source: str) -> None:
        self.tables = tables
        self.source = source
        self.valid: dict[str, dict[uuid.UUID, Row]] = defaultdict(dict)

    def reject(self, row: Row, field_name: str, code: str, value: Any = "") -> None:
        self.tables.reject(row.file, row.number, field_name, code, value)

    def rows(self, table: str, required: tuple[str, ...] = ()) -> list[tuple[uuid.UUID, Row]]:
        seen: set[uuid.UUID] = set()
        out = []
        for row in self.tables[table]:
            raw = row.get("id") or f"{row.file}#{row.number}"
            key = stable_id(self.source, table, raw)
            if key in seen:
                self.reject(row, "id", "duplicate_id", raw)
                continue
            seen.add(key)
            missing = [name for name in required if not row.get(name)]
            if missing:
                self.reject(row, missing[0], "required")
                continue
            out.append((key, row))
        return out

    def ref(self, table: str, raw: str) -> uuid.UUID:
        return stable_id(self.source, table, raw)


def _valid_url(value: str) -> bool:
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        return False
    return True


def _valid_email(value: str) -> bool:
    try:
        EmailValidator()(value)
    except ValidationError:
        return False
    return True


def apply_tables(
    tables: Tables,
    *,
    region: Region,
    source: str,
    actor: Any,
    dry_run: bool,
    apply_valid: bool,
    progress: Callable[[int, int], None] | None = None,
) -> Outcome:
    """Validate every row, then write all of them (or, with apply_valid, the valid ones) at once."""
    # Identifiers that are not UUIDs are derived per region too, so one export imported into two
    # regions makes two sets of rows rather than colliding.
    check = _Checker(tables, f"{region.slug}/{source}")
    outcome = Outcome()
    plan = _validate(check, region)
    for table, rows in plan.items():
        outcome.counts[f"{table}_valid"] = len(rows)
    if dry_run or (tables.rejections and not apply_valid):
        return outcome
    with transaction.atomic():
        _write(plan, region, actor, outcome, progress)
        outcome.applied = True
    return outcome


def _validate(check: _Checker, region: Region) -> dict[str, dict[uuid.UUID, Any]]:
    plan: dict[str, dict[uuid.UUID, Any]] = defaultdict(dict)
    known_orgs = {p.hsds_id for p in DirectoryProfile.objects.filter(organization__region=region)}
    known_locations = set(Location.objects.filter(organization__region=region).values_list("hsds_id", flat=True))
    known_services = set(Service.objects.filter(organization__region=region).values_list("hsds_id", flat=True))

    for key, row in check.rows("organization", required=("name",)):
        website, email = row.get("website") or row.get("url"), row.get("email")
        plan["organization"][key] = {
            "name": row.get("name")[:200],
            "description": row.get("description"),
            "website": website if website and _valid_url(website) else "",
            "email": email if email and _valid_email(email) else "",
            "alternate_name": row.get("alternate_name")[:200],
            "legal_status": row.get("legal_status")[:100],
            "tax_status": row.get("tax_status")[:100],
        }
    orgs = set(plan["organization"]) | known_orgs

    addresses: dict[uuid.UUID, Row] = {}
    for _key, row in check.rows("address"):
        addresses.setdefault(check.ref("location", row.get("location_id")), row)
    access: dict[uuid.UUID, set[str]] = defaultdict(set)
    for _key, row in check.rows("accessibility"):
        access[check.ref("location", row.get("location_id"))] |= _matches(
            f"{row.get('description')} {row.get('details')}", ACCESSIBILITY_WORDS
        )
    for key, row in check.rows("location"):
        org = check.ref("organization", row.get("organization_id"))
        if org not in orgs:
            check.reject(row, "organization_id", "unknown_reference", row.get("organization_id"))
            continue
        lat, lon = row.get("latitude"), row.get("longitude")
        latitude, longitude = (_number(lat), _number(lon)) if lat and lon else (None, None)
        if (lat or lon) and (
            latitude is None or longitude is None or not (-90 <= latitude <= 90 and -180 <= longitude <= 180)
        ):
            check.reject(row, "latitude", "bad_coordinates", f"{lat}, {lon}")
            continue
        address = addresses.get(key)
        plan["location"][key] = {
            "organization": org,
            "name": (row.get("name") or (address.get("address_1") if address else "") or "—")[:200],
            "description": row.get("description"),
            "transportation": row.get("transportation")[:300],
            "latitude": latitude,
            "longitude": longitude,
            "address_1": (address.get("address_1") if address else "")[:300],
            "city": (address.get("city") if address else "")[:100],
            "state_province": (address.get("state_province") if address else "")[:100],
            "postal_code": (address.get("postal_code") if address else "")[:20],
            "country": ((address.get("country") if address else "") or "US")[:2].upper(),
            "accessibility": sorted(access.get(key, set())),
        }
    locations = set(plan["location"]) | known_locations

    for key, row in check.rows("service", required=("name",)):
        org = check.ref("organization", row.get("organization_id"))
        if org not in orgs:
            check.reject(row, "organization_id", "unknown_reference", row.get("organization_id"))
            continue
        status = STATUS.get(row.get("status", "active").lower() or "active")
        if status is None:
            check.reject(row, "status", "bad_value", row.get("status"))
            continue
        ages = [row.get("minimum_age"), row.get("maximum_age")]
        parsed_ages = [None if not a else _number(a) for a in ages]
        if any(a and p is None for a, p in zip(ages, parsed_ages, strict=True)):
            check.reject(row, "minimum_age", "bad_value", " / ".join(ages))
            continue
        min_age, max_age = (int(a) if a is not None else None for a in parsed_ages)
        if min_age is not None and max_age is not None and min_age > max_age:
            check.reject(row, "maximum_age", "ages_out_of_order", f"{min_age} > {max_age}")
            continue
        url, email = row.get("url"), row.get("email")
        plan["service"][key] = {
            "organization": org,
            "name": row.get("name")[:500],
            "description": row.get("description"),
            "status": status,
            "url": url if url and _valid_url(url) else "",
            "email": email if email and _valid_email(email) else "",
            "fees_description": row.get("fees_description") or row.get("fees"),
            "eligibility_description": row.get("eligibility_description"),
            "min_age": min_age,
            "max_age": max_age,
            "assured": row.get("assured_date"),
            "languages": {},
            "schedules": set(),
            "needs": set(),
            "terms": set(),
            "cost": CostKind.FEE if (row.get("fees_description") or row.get("fees")) else CostKind.FREE,
            "phone": "",
        }
    services = set(plan["service"]) | known_services

    for key, row in check.rows("service_at_location"):
        service, location = check.ref("service", row.get("service_id")), check.ref("location", row.get("location_id"))
        if service not in services:
            check.reject(row, "service_id", "unknown_reference", row.get("service_id"))
        elif location not in locations:
            check.reject(row, "location_id", "unknown_reference", row.get("location_id"))
        else:
            plan["service_at_location"][key] = {
                "service": service,
                "location": location,
                "description": row.get("description"),
            }
    at_location: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    for link in plan["service_at_location"].values():
        at_location[link["location"]].add(link["service"])
    link_service = {k: v["service"] for k, v in plan["service_at_location"].items()}

    _validate_schedules(check, plan, at_location, link_service)

    for _key, row in check.rows("language"):
        service = check.ref("service", row.get("service_id"))
        if service not in plan["service"]:
            if row.get("service_id"):
                check.reject(row, "service_id", "unknown_reference", row.get("service_id"))
            continue  # a location's or phone's language: Village records languages per service
        code = language_code(row.get("code"), row.get("name"))
        if code is None:
            check.reject(row, "code", "unknown_language", row.get("code") or row.get("name"))
            continue
        plan["service"][service]["languages"][code] = row.get("note")[:200]

    for _key, row in check.rows("phone"):
        service = check.ref("service", row.get("service_id"))
        if service in plan["service"] and not plan["service"][service]["phone"]:
            plan["service"][service]["phone"] = row.get("number")[:40]

    for _key, row in check.rows("cost_option"):
        service = check.ref("service", row.get("service_id"))
        if service in plan["service"]:
            text = f"{row.get('option')} {row.get('amount_description')}".lower()
            amount = _number(row.get("amount")) if row.get("amount") else None
            if "sliding" in text:
                plan["service"][service]["cost"] = CostKind.SLIDING
            elif amount == 0 or "free" in text:
                plan["service"][service]["cost"] = CostKind.FREE
            else:
                plan["service"][service]["cost"] = CostKind.FEE

    _validate_taxonomy(check, plan)
    return plan


def _validate_schedules(
    check: _Checker,
    plan: dict[str, dict[uuid.UUID, Any]],
    at_location: dict[uuid.UUID, set[uuid.UUID]],
    link_service: dict[uuid.UUID, uuid.UUID],
) -> None:
    services = plan["service"]
    for _key, row in check.rows("schedule"):
        targets: set[uuid.UUID] = set()
        if row.get("service_id"):
            targets = {check.ref("service", row.get("service_id"))}
        elif row.get("service_at_location_id"):
            link = link_service.get(check.ref("service_at_location", row.get("service_at_location_id")))
            targets = {link} if link else set()
        elif row.get("location_id"):
            targets = at_location.get(check.ref("location", row.get("location_id")), set())
        targets = {t for t in targets if t in services}
        if not targets:
            check.reject(row, "service_id", "unknown_reference", row.get("service_id") or row.get("location_id"))
            continue
        freq = row.get("freq", "WEEKLY").upper() or "WEEKLY"
        days = [d.strip().upper() for d in row.get("byday").split(",") if d.strip()]
        if freq != "WEEKLY" or not days or any(d[-2:] not in BYDAY for d in days):
            check.reject(row, "byday", "bad_value", f"{freq} {row.get('byday')}")
            continue
        opens, closes = parse_time(row.get("opens_at")), parse_time(row.get("closes_at"))
        if opens is None:
            check.reject(row, "opens_at", "bad_time", row.get("opens_at"))
            continue
        if closes is None:
            check.reject(row, "closes_at", "bad_time", row.get("closes_at"))
            continue
        if closes <= opens:
            check.reject(row, "closes_at", "closes_before_opens", f"{row.get('opens_at')}–{row.get('closes_at')}")
            continue
        for service in targets:
            for day in days:
                plan["service"][service]["schedules"].add((BYDAY[day[-2:]], opens, closes))


def _validate_taxonomy(check: _Checker, plan: dict[str, dict[uuid.UUID, Any]]) -> None:
    known_terms = {t.hsds_id: t for t in TaxonomyTerm.objects.select_related("taxonomy")}
    terms: dict[uuid.UUID, Row] = {}
    for key, row in check.rows("taxonomy_term", required=("name",)):
        terms[key] = row
        plan["taxonomy_term"][key] = {
            "code": (row.get("code") or row.get("id"))[:60],
            "name": row.get("name")[:200],
            "description": row.get("description"),
            "taxonomy": row.get("taxonomy") or row.get("taxonomy_id") or check.source,
            "needs": _need_codes(row),
        }
    for _key, row in check.rows("attribute"):
        if row.get("link_type") not in ("", "service") and row.get("link_entity") not in ("", "service"):
            continue
        service = check.ref("service", row.get("link_id"))
        if service not in plan["service"]:
            continue
        term_key = check.ref("taxonomy_term", row.get("taxonomy_term_id"))
        if term_key in plan["taxonomy_term"]:
            plan["service"][service]["terms"].add(term_key)
            plan["service"][service]["needs"] |= plan["taxonomy_term"][term_key]["needs"]
        elif term_key in known_terms:
            term = known_terms[term_key]
            plan["service"][service]["terms"].add(term_key)
            if term.code in Need.values:
                plan["service"][service]["needs"].add(term.code)
        else:
            check.reject(row, "taxonomy_term_id", "unknown_taxonomy_term", row.get("taxonomy_term_id"))


def _assign(obj: Any, values: dict[str, Any]) -> bool:
    """Set these fields; True when any of them changed (unchanged rows are not written again)."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _chunks(ids: list[int], size: int = 900) -> list[list[int]]:
    """Slices small enough for SQLite's limit on query parameters."""
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def _need_codes(row: Row) -> set[str]:
    code = row.get("code")
    if code in Need.values:
        return {code}
    return _matches(f"{row.get('name')} {row.get('description')}", NEED_WORDS)


def _write(
    plan: dict[str, dict[uuid.UUID, Any]],
    region: Region,
    actor: Any,
    outcome: Outcome,
    progress: Callable[[int, int], None] | None,
) -> None:
    from village.audit.actions import record
    from village.directory.actions import ensure_default_taxonomy

    now = timezone.now()
    counts = outcome.counts
    total = sum(len(v) for v in plan.values())
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(done, total)

    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    # Organizations: by HSDS id, else adopted by name in the region, else created.
    profiles = {
        p.hsds_id: p
        for p in DirectoryProfile.objects.filter(organization__region=region).select_related("organization")
    }
    by_name = {o.name: o for o in Organization.objects.filter(region=region)}
    org_for: dict[uuid.UUID, Organization] = {k: p.organization for k, p in profiles.items()}
    new_orgs: list[Organization] = []
    changed_orgs: list[Organization] = []
    for key, values in plan["organization"].items():
        profile = profiles.get(key)
        org = profile.organization if profile else by_name.get(values["name"])
        fields = {k: values[k] for k in ("name", "description", "website", "email")}
        if org is None:
            org = Organization(region=region, partner_type=PartnerType.NONPROFIT, **fields)
            by_name[org.name] = org
            new_orgs.append(org)
        elif _assign(org, {k: v for k, v in fields.items() if v or k == "name"}):
            changed_orgs.append(org)
        org_for[key] = org
    bulk_create_with_history(new_orgs, Organization, batch_size=BATCH)
    if changed_orgs:
        bulk_update_with_history(
            changed_orgs, Organization, ["name", "description", "website", "email"], batch_size=UPDATE_BATCH
        )
    counts["organizations_created"], counts["organizations_updated"] = len(new_orgs), len(changed_orgs)
    profile_fields = ("alternate_name", "legal_status", "tax_status")
    new_profiles: list[DirectoryProfile] = []
    changed_profiles: list[DirectoryProfile] = []
    profile_by_org = {p.organization_id: p for p in DirectoryProfile.objects.filter(organization__region=region)}
    for key, values in plan["organization"].items():
        org = org_for[key]
        found = profile_by_org.get(org.pk)
        if found is None:
            new_profiles.append(
                DirectoryProfile(organization=org, hsds_id=key, **{f: values[f] for f in profile_fields})
            )
        elif _assign(found, {"hsds_id": key, **{f: values[f] for f in profile_fields}}):
            changed_profiles.append(found)
    DirectoryProfile.objects.bulk_create(new_profiles, batch_size=BATCH)
    DirectoryProfile.objects.bulk_update(changed_profiles, ["hsds_id", *profile_fields], batch_size=UPDATE_BATCH)
    org_pk = {k: o.pk for k, o in org_for.items()}
    step(len(plan["organization"]))

    location_fields = [f for f in next(iter(plan["location"].values()), {}) if f != "organization"]
    existing_locations = {
        loc.hsds_id: loc
        for loc in Location.objects.filter(organization__region=region, hsds_id__in=list(plan["location"]))
    }
    new_locations: list[Location] = []
    changed_locations: list[Location] = []
    for key, values in plan["location"].items():
        loc = existing_locations.get(key) or Location(hsds_id=key)
        wanted = {"organization_id": org_pk[values["organization"]], **{k: values[k] for k in location_fields}}
        if loc.pk is None:
            _assign(loc, wanted)
            new_locations.append(loc)
        elif _assign(loc, wanted):
            changed_locations.append(loc)
    bulk_create_with_history(new_locations, Location, batch_size=BATCH)
    if changed_locations:
        bulk_update_with_history(
            changed_locations, Location, ["organization", *location_fields], batch_size=UPDATE_BATCH
        )
    counts["locations_created"], counts["locations_updated"] = len(new_locations), len(changed_locations)
    location_pk = dict(Location.objects.filter(organization__region=region).values_list("hsds_id", "pk"))
    step(len(plan["location"]))

    taxonomies: dict[str, Taxonomy] = {}
    term_pk = dict(TaxonomyTerm.objects.values_list("hsds_id", "pk"))
    for key, values in plan["taxonomy_term"].items():
        name = values["taxonomy"][:200]
        if name not in taxonomies:
            taxonomies[name], _created = Taxonomy.objects.get_or_create(name=name)
        taxonomy = taxonomies[name]
        # By identifier, else the same code in the same taxonomy (a term Village already has).
        term = (
            TaxonomyTerm.objects.filter(hsds_id=key).first()
            or TaxonomyTerm.objects.filter(taxonomy=taxonomy, code=values["code"]).first()
        )
        created = term is None
        if term is None:
            term = TaxonomyTerm(hsds_id=key, taxonomy=taxonomy, code=values["code"])
        if taxonomy.name != DEFAULT_TAXONOMY_NAME:  # Village's own need terms keep their names
            term.name, term.description = values["name"], values["description"]
        term.save()
        term_pk[key] = term.pk
        counts["taxonomy_terms_created" if created else "taxonomy_terms_updated"] += 1
    need_pk = {t.code: t.pk for t in ensure_default_taxonomy()}
    step(len(plan["taxonomy_term"]))

    existing_services = {
        s.hsds_id: s for s in Service.objects.filter(organization__region=region, hsds_id__in=list(plan["service"]))
    }
    new_services: list[Service] = []
    changed_services: list[Service] = []
    for key, values in plan["service"].items():
        service = existing_services.get(key) or Service(hsds_id=key)
        wanted = {
            "organization_id": org_pk[values["organization"]],
            "name": {**(service.name or {}), "en": values["name"]},
            "description": {**(service.description or {}), "en": values["description"]}
            if values["description"]
            else service.description,
            **{k: values[k] for k in ("status", "url", "email", "cost", "min_age", "max_age")},
            "fees_description": values["fees_description"][:300],
            "eligibility_description": values["eligibility_description"][:300],
            "phone": values["phone"] or service.phone,
        }
        if service.pk is None:
            _assign(service, wanted)
            service.updated_at = now
            new_services.append(service)
        elif _assign(service, wanted):
            service.updated_at = now
            changed_services.append(service)
    bulk_create_with_history(new_services, Service, batch_size=BATCH)
    if changed_services:
        bulk_update_with_history(changed_services, Service, SERVICE_FIELDS, batch_size=UPDATE_BATCH)
    counts["services_created"], counts["services_updated"] = len(new_services), len(changed_services)
    service_pk = dict(Service.objects.filter(organization__region=region).values_list("hsds_id", "pk"))
    touched = [service_pk[k] for k in plan["service"]]

    # Categories, languages and hours are replaced as a whole, for the services where they changed.
    through = Service.categories.through
    have_terms: dict[int, set[int]] = defaultdict(set)
    have_languages: dict[int, dict[str, str]] = defaultdict(dict)
    have_hours: dict[int, set[tuple[int, datetime.time, datetime.time]]] = defaultdict(set)
    for chunk in _chunks(touched):
        for sid, tid in through.objects.filter(service_id__in=chunk).values_list("service_id", "taxonomyterm_id"):
            have_terms[sid].add(tid)
        for sid, code, note in ServiceLanguage.objects.filter(service_id__in=chunk).values_list(
            "service_id", "code", "note"
        ):
            have_languages[sid][code] = note
        for sid, day, opens, closes in Schedule.objects.filter(service_id__in=chunk).values_list(
            "service_id", "weekday", "opens_at", "closes_at"
        ):
            have_hours[sid].add((day, opens, closes))
    new_terms, new_languages, new_hours = [], [], []
    redo_terms, redo_languages, redo_hours = [], [], []
    for key, values in plan["service"].items():
        pk = service_pk[key]
        terms = {term_pk[t] for t in values["terms"] if t in term_pk} | {need_pk[n] for n in values["needs"]}
        if terms != have_terms.get(pk, set()):
            redo_terms.append(pk)
            new_terms += [through(service_id=pk, taxonomyterm_id=t) for t in sorted(terms)]
        if values["languages"] != have_languages.get(pk, {}):
            redo_languages.append(pk)
            new_languages += [ServiceLanguage(service_id=pk, code=c, note=n) for c, n in values["languages"].items()]
        if values["schedules"] and values["schedules"] != have_hours.get(pk, set()):
            redo_hours.append(pk)
            new_hours += [
                Schedule(service_id=pk, weekday=d, opens_at=o, closes_at=c) for d, o, c in sorted(values["schedules"])
            ]
    for chunk in _chunks(redo_terms):
        through.objects.filter(service_id__in=chunk).delete()
    for chunk in _chunks(redo_languages):
        ServiceLanguage.objects.filter(service_id__in=chunk).delete()
    for chunk in _chunks(redo_hours):
        Schedule.objects.filter(service_id__in=chunk).delete()
    through.objects.bulk_create(new_terms, batch_size=BATCH)
    ServiceLanguage.objects.bulk_create(new_languages, batch_size=BATCH)
    Schedule.objects.bulk_create(new_hours, batch_size=BATCH)
    # Search rows are rebuilt only for services whose findable facts changed.
    changed_pks = {s.pk for s in new_services} | {s.pk for s in changed_services}
    changed_pks |= set(redo_terms) | set(redo_languages) | set(redo_hours)
    moved_locations = {loc.pk for loc in changed_locations}
    step(len(plan["service"]))

    existing_links = {
        sal.hsds_id: sal
        for sal in ServiceAtLocation.objects.filter(
            service__organization__region=region, hsds_id__in=list(plan["service_at_location"])
        )
    }
    new_links: list[ServiceAtLocation] = []
    changed_links: list[ServiceAtLocation] = []
    for key, values in plan["service_at_location"].items():
        link = existing_links.get(key) or ServiceAtLocation(hsds_id=key)
        wanted = {
            "service_id": service_pk[values["service"]],
            "location_id": location_pk[values["location"]],
            "description": values["description"],
        }
        if link.pk is None:
            _assign(link, wanted)
            new_links.append(link)
        elif _assign(link, wanted):
            changed_links.append(link)
    ServiceAtLocation.objects.bulk_create(new_links, batch_size=BATCH)
    ServiceAtLocation.objects.bulk_update(
        changed_links, ["service", "location", "description"], batch_size=UPDATE_BATCH
    )
    counts["service_at_locations"] = len(plan["service_at_location"])
    step(len(plan["service_at_location"]))
    changed_pks |= {link.service_id for link in [*new_links, *changed_links]}
    if moved_locations:
        for chunk in _chunks(sorted(moved_locations)):
            changed_pks |= set(
                ServiceAtLocation.objects.filter(location_id__in=chunk).values_list("service_id", flat=True)
            )
    counts["search_reindexed"] = len(changed_pks)

    reindex(sorted(changed_pks))
    record(actor, "directory.import.applied", None, region_id=region.pk, **{k: v for k, v in counts.items()})
