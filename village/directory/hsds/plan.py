"""Check HSDS rows against each other and the directory, and say what an import would write: a typed plan.

Nothing here writes. Rows are keyed by HSDS id (`village.directory.hsds.ids.stable_id`). A
row that fails a check is rejected with its file, row, field and a code that the page renders
in the reader's language; rows that depend on it (a service of a rejected organization) are
rejected too. `village.directory.actions.imports` writes the plan.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

from village.directory.hsds.ids import NAMESPACE, held_elsewhere, stable_id, unlisted_organizations
from village.directory.hsds.phones import plan_contacts, plan_phones
from village.directory.hsds.plan_types import (
    SERVICE_TEXTS,
    ImportPlan,
    LinkPlan,
    LocationPlan,
    OrganizationPlan,
    ServicePlan,
    TermPlan,
)
from village.directory.hsds.schedules import plan_schedules
from village.directory.hsds.sources.common import parse_time as parse_clock
from village.directory.hsds.tables import Row, Tables
from village.directory.hsds.words import ACCESSIBILITY_WORDS, match_words, need_codes
from village.directory.models import Contact, DirectoryProfile, Location, Service, ServiceAtLocation, TaxonomyTerm
from village.directory.taxonomy import HSDS_BYDAY, CostKind, Need
from village.lib.languages import iso639_1
from village.orgs.models import Region

BYDAY = {code: day for day, code in HSDS_BYDAY.items()}
STATUS = {"active": "active", "inactive": "inactive", "defunct": "defunct", "temporarily closed": "temporarily_closed"}


def parse_time(value: str) -> datetime.time | None:
    """A clock time from "17:30", "5:30 PM", "9am" or "noon" (the legacy readers' parser); None if unreadable."""
    text = parse_clock(value or "")
    return datetime.time.fromisoformat(text) if text else None


def language_code(raw: str, name: str = "") -> str | None:
    """An ISO 639 code Village stores (two letters where one exists), from a code or a name."""
    return iso639_1(raw) or iso639_1(name)


def _number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def _decimal(value: str, digits: int) -> decimal.Decimal | None:
    """A non-negative number with at most two decimals and `digits` digits in all; None otherwise."""
    try:
        number = decimal.Decimal(value)
    except decimal.InvalidOperation:
        return None
    if not number.is_finite() or number < 0 or number != number.quantize(decimal.Decimal("0.01")):
        return None
    return number if len(number.quantize(decimal.Decimal("0.01")).as_tuple().digits) <= digits else None


def _year(check: _Checker, row: Row) -> int | None:
    """A year of incorporation (an unreadable one is left out, with a line)."""
    text = row.get("year_incorporated")
    number = _number(text) if text else None
    if number is None or number != int(number) or not 1000 <= number <= 9999:
        return None
    check.keep(row, "year_incorporated")
    return int(number)


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


class _Checker:
    """Rejects rows into the tables' rejections and keys the rest by HSDS id, table by table."""

    def __init__(self, tables: Tables, source: str, region: Region | None = None) -> None:
        self.tables = tables
        self.source = source
        self.region = region
        self._elsewhere: dict[str, set[uuid.UUID]] = {}
        # Per row (by identity): the fields whose values the plan keeps or has accounted for.
        self.kept: dict[int, set[str]] = defaultdict(set)
        self.rejected: set[int] = set()

    def reject(self, row: Row, field_name: str, code: str, value: object = "") -> None:
        self.rejected.add(id(row))
        self.tables.reject(row.file, row.number, field_name, code, value)

    def keep(self, row: Row, *names: str) -> None:
        self.kept[id(row)].update(names)

    def change(self, row: Row, field_name: str, code: str, value: object = "", **params: str | int) -> None:
        """A value not kept as given (left out, cut, rounded, defaulted): reported, and accounted for."""
        self.kept[id(row)].add(field_name)
        self.tables.change(row.file, row.number, field_name, code, value, **params)

    def text(self, row: Row, name: str, limit: int | None = None) -> str:
        """The field's text, kept; cut to `limit` characters with a line in the report."""
        self.keep(row, name)
        value = row.get(name)
        if limit is not None and len(value) > limit:
            self.change(row, name, "truncated", value, limit=limit)
            return value[:limit]
        return value

    def link(self, row: Row, name: str, kind: str, checker: Callable[[str], bool]) -> str:
        """A web or email address, kept when valid, else reported as not kept."""
        value = row.get(name)
        if value and not checker(value):
            self.change(row, name, kind, value)
            return ""
        self.keep(row, name)
        return value

    def account(self) -> None:
        """Report every non-empty value of an imported row the plan did not keep (identifiers are
        keys, kept as such); rejected rows are reported as rejections already."""
        for rows in self.tables.rows.values():
            for row in rows:
                if id(row) in self.rejected:
                    continue
                kept = self.kept.get(id(row), set())
                for name in row.values:
                    if name != "id" and name not in kept and row.get(name):
                        code = "unlinked" if kept <= {"id"} else "not_kept"
                        self.tables.change(row.file, row.number, name, code, row.get(name))

    def elsewhere(self, table: str) -> set[uuid.UUID]:
        """HSDS ids of this table that rows of other regions hold (HSDS ids are unique across regions)."""
        if self.region is None:
            return set()
        if table not in self._elsewhere:
            self._elsewhere[table] = held_elsewhere(table, self.region)
        return self._elsewhere[table]

    def key(self, table: str, raw: str) -> uuid.UUID:
        """The row's HSDS id: a UUID kept as is, unless another region has it (the same file
        imported into a second region); then, like any other identifier, derived per region."""
        key = stable_id(self.source, table, raw)
        if key.hex == raw.replace("-", "").lower() and key in self.elsewhere(table):
            return uuid.uuid5(NAMESPACE, f"{self.source}:{table}:{raw}")
        return key

    def rows(self, table: str, required: tuple[str, ...] = ()) -> Iterator[tuple[uuid.UUID, Row]]:
        seen: set[uuid.UUID] = set()
        for row in self.tables[table]:
            raw = row.get("id") or f"{row.file}#{row.number}"
            key = self.key(table, raw)
            if key in seen:
                self.reject(row, "id", "duplicate_id", raw)
                continue
            seen.add(key)
            missing = [name for name in required if not row.get(name)]
            if missing:
                self.reject(row, missing[0], "required")
                continue
            self.keep(row, "id")
            yield key, row

    def ref(self, table: str, raw: str) -> uuid.UUID:
        return self.key(table, raw)


def make_plan(tables: Tables, *, region: Region, source: str) -> ImportPlan:
    """Check every row; what passes is the plan, what fails is added to `tables.rejections`."""
    # Identifiers that are not UUIDs are derived per region too, so one export imported into two
    # regions makes two sets of rows rather than colliding.
    check = _Checker(tables, f"{region.slug}/{source}", region)
    plan = ImportPlan(region=region)
    known_orgs = {p.hsds_id for p in DirectoryProfile.objects.filter(organization__region=region)}
    known_orgs |= set(unlisted_organizations(region.pk))
    known_locations = set(Location.objects.filter(organization__region=region).values_list("hsds_id", flat=True))
    known_services = set(Service.objects.filter(organization__region=region).values_list("hsds_id", flat=True))

    _plan_organizations(check, plan)
    orgs = set(plan.organizations) | known_orgs
    _plan_locations(check, plan, orgs)
    _plan_services(check, plan, orgs)
    _plan_links(check, plan, set(plan.services) | known_services, set(plan.locations) | known_locations)
    known_links = set(
        ServiceAtLocation.objects.filter(service__organization__region=region).values_list("hsds_id", flat=True)
    )
    known = {
        "organization": orgs,
        "service": known_services,
        "location": known_locations,
        "service_at_location": known_links,
        "contact": set(Contact.objects.filter(hsds_id__in=_ids(check, "contact")).values_list("hsds_id", flat=True)),
    }
    plan_contacts(check, plan, known)
    plan_phones(check, plan, known)
    plan_schedules(check, plan, known)
    _plan_service_details(check, plan)
    _plan_taxonomy(check, plan)
    check.account()
    return plan


def _ids(check: _Checker, table: str) -> list[uuid.UUID]:
    """The ids the file's rows give to rows of this table, wherever they name them."""
    name = f"{table}_id"
    return [check.ref(table, row.get(name)) for rows in check.tables.rows.values() for row in rows if row.get(name)]


def _plan_organizations(check: _Checker, plan: ImportPlan) -> None:
    for key, row in check.rows("organization", required=("name",)):
        site = "website" if row.get("website") or not row.get("url") else "url"
        plan.organizations[key] = OrganizationPlan(
            name=check.text(row, "name", 200),
            description=check.text(row, "description"),
            website=check.link(row, site, "bad_url", _valid_url),
            email=check.link(row, "email", "bad_email", _valid_email),
            alternate_name=check.text(row, "alternate_name", 200),
            legal_status=check.text(row, "legal_status", 100),
            tax_status=check.text(row, "tax_status", 100),
            tax_id=check.text(row, "tax_id", 100),
            year_incorporated=_year(check, row),
            logo=check.link(row, "logo", "bad_url", _valid_url),
            uri=check.link(row, "uri", "bad_url", _valid_url),
        )


def _plan_locations(check: _Checker, plan: ImportPlan, orgs: set[uuid.UUID]) -> None:
    addresses: dict[uuid.UUID, Row] = {}
    extra_addresses: dict[uuid.UUID, list[Row]] = defaultdict(list)
    for _key, row in check.rows("address"):
        location = check.ref("location", row.get("location_id"))
        if location in addresses:
            extra_addresses[location].append(row)
        addresses.setdefault(location, row)
    access: dict[uuid.UUID, set[str]] = defaultdict(set)
    access_rows: dict[uuid.UUID, list[Row]] = defaultdict(list)
    access_texts: dict[uuid.UUID, list[dict[str, str]]] = defaultdict(list)
    for _key, row in check.rows("accessibility"):
        found = match_words(f"{row.get('description')} {row.get('details')}", ACCESSIBILITY_WORDS)
        access[check.ref("location", row.get("location_id"))] |= found
        access_rows[check.ref("location", row.get("location_id"))].append(row)
        # The words are kept as the source wrote them (the features read from them are what filters use).
        said = {name: str(row.get(name)).strip() for name in ("description", "details", "url") if row.get(name)}
        if said:
            access_texts[check.ref("location", row.get("location_id"))].append(said)
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
        check.keep(row, "organization_id", "latitude", "longitude")
        if row.get("location_type") in ("", "physical"):
            check.keep(row, "location_type")  # what the export writes
        address = addresses.get(key)
        if address is not None:
            check.keep(address, "location_id")
            if address.get("address_type") in ("", "physical"):
                check.keep(address, "address_type")
        for extra in extra_addresses.get(key, []):
            check.keep(extra, "location_id")
            for name in ("address_1", "city", "postal_code"):
                if extra.get(name):
                    check.change(extra, name, "extra_address", extra.get(name))
        for feature in access_rows.get(key, []):
            check.keep(feature, "location_id", "description", "details")

        def part(name: str, limit: int, address: Row | None = address) -> str:
            return check.text(address, name, limit) if address else ""

        plan.locations[key] = LocationPlan(
            organization=org,
            name=check.text(row, "name", 200) or part("address_1", 200) or "—",
            description=check.text(row, "description"),
            transportation=check.text(row, "transportation", 300),
            latitude=latitude,
            longitude=longitude,
            address_1=part("address_1", 300),
            city=part("city", 100),
            state_province=part("state_province", 100),
            postal_code=part("postal_code", 20),
            country=(part("country", 2) or "US").upper(),
            accessibility=sorted(access.get(key, set())),
            accessibility_texts=access_texts.get(key, []),
            alternate_name=check.text(row, "alternate_name", 200),
            url=check.link(row, "url", "bad_url", _valid_url),
        )


def _plan_services(check: _Checker, plan: ImportPlan, orgs: set[uuid.UUID]) -> None:
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
        parsed_ages = [None if not a else _decimal(a, 5) for a in ages]
        if any(a and p is None for a, p in zip(ages, parsed_ages, strict=True)):
            check.reject(row, "minimum_age", "bad_value", " / ".join(ages))
            continue
        min_age, max_age = parsed_ages
        if min_age is not None and max_age is not None and min_age > max_age:
            check.reject(row, "maximum_age", "ages_out_of_order", f"{min_age} > {max_age}")
            continue
        check.keep(row, "organization_id", "status", "minimum_age", "maximum_age")
        if not row.get("status"):
            check.change(row, "status", "status_defaulted")
        fees_field = "fees_description" if row.get("fees_description") or not row.get("fees") else "fees"
        fees = check.text(row, fees_field, 300)
        plan.services[key] = ServicePlan(
            organization=org,
            name=check.text(row, "name", 500),
            description=check.text(row, "description"),
            status=status,
            url=check.link(row, "url", "bad_url", _valid_url),
            email=check.link(row, "email", "bad_email", _valid_email),
            fees_description=fees,
            eligibility_description=check.text(row, "eligibility_description", 300),
            min_age=min_age,
            max_age=max_age,
            cost=CostKind.FEE if fees else CostKind.FREE,
            application_process=check.text(row, "application_process"),
            texts={name: check.text(row, name, limit) for name, limit in SERVICE_TEXTS.items()},
        )


def _plan_links(check: _Checker, plan: ImportPlan, services: set[uuid.UUID], locations: set[uuid.UUID]) -> None:
    for key, row in check.rows("service_at_location"):
        service, location = check.ref("service", row.get("service_id")), check.ref("location", row.get("location_id"))
        if service not in services:
            check.reject(row, "service_id", "unknown_reference", row.get("service_id"))
        elif location not in locations:
            check.reject(row, "location_id", "unknown_reference", row.get("location_id"))
        else:
            check.keep(row, "service_id", "location_id")
            plan.links[key] = LinkPlan(service=service, location=location, description=check.text(row, "description"))


def _plan_service_details(check: _Checker, plan: ImportPlan) -> None:
    """Languages of each planned service and phone, and the cost of each service."""
    for _key, row in check.rows("language"):
        service = check.ref("service", row.get("service_id"))
        phone = plan.phones.get(check.ref("phone", row.get("phone_id"))) if row.get("phone_id") else None
        if phone is not None and not row.get("service_id"):
            code = language_code(row.get("code"), row.get("name"))
            if code is None:
                check.reject(row, "code", "unknown_language", row.get("code") or row.get("name"))
            elif code not in phone.languages:
                check.keep(row, "phone_id", "code")
                phone.languages.append(code)
            continue
        if service not in plan.services:
            if row.get("service_id"):
                check.reject(row, "service_id", "unknown_reference", row.get("service_id"))
            continue  # a location's or phone's language: Village records languages per service
        code = language_code(row.get("code"), row.get("name"))
        if code is None:
            check.reject(row, "code", "unknown_language", row.get("code") or row.get("name"))
            continue
        check.keep(row, "service_id", "code", "name")
        plan.services[service].languages[code] = check.text(row, "note", 200)
        if phone is not None and code not in phone.languages:  # the phone's language too
            check.keep(row, "phone_id")
            phone.languages.append(code)

    for _key, row in check.rows("cost_option"):
        found = plan.services.get(check.ref("service", row.get("service_id")))
        if found is not None:
            check.keep(row, "service_id", "option")
            amount = _decimal(row.get("amount"), 12) if row.get("amount") else None
            if amount is not None and found.cost_amount is None:
                check.keep(row, "amount", "currency")
                found.cost_amount, found.cost_currency = amount, check.text(row, "currency", 3)
            elif not row.get("amount") or _number(row.get("amount")) == 0:
                check.keep(row, "amount")  # free: the cost kind says it
            text = f"{row.get('option')} {row.get('amount_description')}".lower()
            if "sliding" in text:
                found.cost = CostKind.SLIDING
            elif amount == 0 or "free" in text:
                found.cost = CostKind.FREE
            else:
                found.cost = CostKind.FEE


def _plan_taxonomy(check: _Checker, plan: ImportPlan) -> None:
    known_terms = {t.hsds_id: t for t in TaxonomyTerm.objects.select_related("taxonomy")}
    taxonomies: dict[str, Row] = {row.get("id"): row for _key, row in check.rows("taxonomy")}
    for key, row in check.rows("taxonomy_term", required=("name",)):
        check.keep(row, "taxonomy", "taxonomy_id")
        taxonomy = taxonomies.get(row.get("taxonomy_id"))
        if taxonomy is not None:
            check.keep(taxonomy, "name")
        plan.terms[key] = TermPlan(
            code=check.text(row, "code", 60) or row.get("id")[:60],
            name=check.text(row, "name", 200),
            description=check.text(row, "description"),
            taxonomy=row.get("taxonomy")
            or (taxonomy.get("name") if taxonomy else "")
            or row.get("taxonomy_id")
            or check.source,
            needs=need_codes(row),
        )
    for _key, row in check.rows("attribute"):
        if row.get("link_type") not in ("", "service") and row.get("link_entity") not in ("", "service"):
            continue
        service = plan.services.get(check.ref("service", row.get("link_id")))
        if service is None:
            continue
        term_key = check.ref("taxonomy_term", row.get("taxonomy_term_id"))
        check.keep(row, "link_id", "link_type", "link_entity", "taxonomy_term_id")
        if term_key in plan.terms:
            service.terms.add(term_key)
            service.needs |= plan.terms[term_key].needs
        elif term_key in known_terms:
            service.terms.add(term_key)
            if known_terms[term_key].code in Need.values:
                service.needs.add(known_terms[term_key].code)
        else:
            check.reject(row, "taxonomy_term_id", "unknown_taxonomy_term", row.get("taxonomy_term_id"))
