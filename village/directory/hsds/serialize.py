"""Village's directory as HSDS 3 objects (for the export and the `/api/hsds/` API).

Only fields HSDS defines are written, and empty values are left out rather than sent as
empty strings (HSDS validates formats such as `uri` and `email` when a value is present).
Names and descriptions are stored per language; HSDS has one, so the English text is
written (or the first language that has one). Village's own facts HSDS has no field for
(grades, seats) stay out of the export.
"""

from __future__ import annotations

import decimal
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet

from village.directory.hsds import ids
from village.directory.models import (
    Contact,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from village.directory.taxonomy import Accessibility, CostKind
from village.lib.jsontypes import JSON, JSONObject
from village.orgs.models import Organization, Region

STATUS = {"active": "active", "inactive": "inactive", "defunct": "defunct", "temporarily_closed": "temporarily closed"}


def _clean(obj: JSONObject) -> JSONObject:
    return {k: v for k, v in obj.items() if v not in ("", None)}


def _text(value: object) -> str:
    if isinstance(value, dict):
        texts = {k: v for k, v in value.items() if isinstance(v, str) and v.strip()}
        return texts.get(settings.LANGUAGE_CODE) or next((texts[k] for k in sorted(texts)), "")
    return str(value or "")


def _number(value: decimal.Decimal | None) -> int | float | None:
    """A stored decimal as a JSON number: 12, or 2.5."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def organization_id(org: Organization) -> str:
    """Its HSDS id, whether or not it has a directory profile (see `village.directory.hsds.ids`)."""
    return str(ids.organization_id(org))


def organization(org: Organization, *, full: bool = False) -> JSONObject:
    profile = getattr(org, "directory_profile", None)
    data = _clean(
        {
            "id": organization_id(org),
            "name": org.name,
            "alternate_name": profile.alternate_name if profile else "",
            "email": org.email,
            "website": org.website,
            "legal_status": profile.legal_status if profile else "",
            "tax_status": profile.tax_status if profile else "",
            "tax_id": profile.tax_id if profile else "",
            "year_incorporated": profile.year_incorporated if profile else None,
            "logo": profile.logo if profile else "",
            "uri": profile.uri if profile else "",
        }
    )
    data["description"] = org.description  # required by HSDS: present, and empty when we have none
    if full:
        org_id = organization_id(org)
        kept: list[JSON] = [phone(p, "organization_id", org_id) for p in org.directory_phones.all()]
        legacy: list[JSON] = [{"id": _derived(org, "phone"), "organization_id": org_id, "number": org.phone}]
        data["phones"] = kept or (legacy if org.phone else [])
        data["contacts"] = [contact(c, "organization_id", org_id) for c in org.directory_contacts.all()]
        data["locations"] = [location(loc) for loc in org.locations.all()]
    return data


def contact(c: Contact, parent_field: str, parent_id: str) -> JSON:
    data = _clean(
        {
            "id": str(c.hsds_id),
            parent_field: parent_id,
            "name": c.name,
            "title": c.title,
            "department": c.department,
            "email": c.email,
        }
    )
    phones: list[JSON] = [phone(p, "contact_id", str(c.hsds_id)) for p in c.phones.all()]
    data["phones"] = phones
    return data


def phone(p: Phone, parent_field: str, parent_id: str) -> JSONObject:
    """A phone as given (its E.164 form is Village's; HSDS has one number field), with its languages."""
    extension: JSON = int(p.extension) if p.extension.isdigit() else p.extension
    data = _clean(
        {
            "id": str(p.hsds_id),
            parent_field: parent_id,
            "number": p.number,
            "extension": extension,
            "type": p.type,
            "description": p.description,
        }
    )
    if p.languages:
        data["languages"] = [
            {"id": str(uuid.uuid5(p.hsds_id, code)), "phone_id": str(p.hsds_id), "code": code} for code in p.languages
        ]
    return data


def _derived(obj: Organization | Location | Service, kind: str) -> str:
    """A stable identifier for an HSDS object Village keeps as a field of another (a phone, an address)."""
    base = organization_id(obj) if isinstance(obj, Organization) else obj.hsds_id
    return str(uuid.uuid5(uuid.UUID(str(base)), kind))


def location(loc: Location) -> JSONObject:
    data = _clean(
        {
            "id": str(loc.hsds_id),
            "location_type": "physical",
            "organization_id": organization_id(loc.organization),
            "name": loc.name,
            "alternate_name": loc.alternate_name,
            "url": loc.url,
            "description": loc.description,
            "transportation": loc.transportation,
            "latitude": loc.latitude,
            "longitude": loc.longitude,
        }
    )
    if loc.address_1 or loc.city or loc.state_province or loc.postal_code:
        # Every part HSDS requires is written, empty where the directory has none (an address
        # without a city is still the address).
        data["addresses"] = [
            {
                "id": _derived(loc, "address"),
                "location_id": str(loc.hsds_id),
                "address_1": loc.address_1,
                "city": loc.city,
                "state_province": loc.state_province,
                "postal_code": loc.postal_code,
                "country": loc.country or "US",
                "address_type": "physical",
            }
        ]
    phones: list[JSON] = [phone(p, "location_id", str(loc.hsds_id)) for p in loc.phones.all()]
    data["phones"] = phones
    data["contacts"] = [contact(c, "location_id", str(loc.hsds_id)) for c in loc.contacts.all()]
    data["schedules"] = [schedule(x, "location_id", str(loc.hsds_id)) for x in loc.schedules.all()]
    # What the source said, when the place came from one (the features were read from it); else the features.
    said: list[JSON] = [
        _clean({"id": _derived(loc, f"accessibility:{i}"), "location_id": str(loc.hsds_id), **text})
        for i, text in enumerate(loc.accessibility_texts or [])
    ]
    features: list[JSON] = [
        _clean(
            {
                "id": _derived(loc, f"accessibility:{code}"),
                "location_id": str(loc.hsds_id),
                "description": str(Accessibility(code).label) if code in Accessibility.values else code,
                "details": code,
            }
        )
        for code in loc.accessibility or []
    ]
    data["accessibility"] = said or features
    return data


def schedule(s: Schedule, parent: str, parent_id: str) -> JSONObject:
    """Every HSDS schedule field Village keeps, under its one parent (`parent` is the id field's name)."""
    return _clean(
        {
            "id": str(s.hsds_id),
            parent: parent_id,
            "valid_from": s.valid_from.isoformat() if s.valid_from else "",
            "valid_to": s.valid_to.isoformat() if s.valid_to else "",
            "dtstart": s.dtstart.isoformat() if s.dtstart else "",
            "timezone": _float(s.timezone),
            "until": s.until.isoformat() if s.until else "",
            "count": s.count,
            "wkst": s.wkst,
            "freq": s.freq,
            "interval": s.interval,
            "byday": s.byday,
            "byweekno": s.byweekno,
            "bymonthday": s.bymonthday,
            "byyearday": s.byyearday,
            "description": s.description,
            "opens_at": s.opens_at.strftime("%H:%M:%S") if s.opens_at else "",
            "closes_at": s.closes_at.strftime("%H:%M:%S") if s.closes_at else "",
            "schedule_link": s.schedule_link,
            "attending_type": s.attending_type,
            "notes": s.notes,
        }
    )


def _float(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value.is_integer() else value


def taxonomy(t: Taxonomy) -> JSONObject:
    return _clean(
        {
            "id": str(t.hsds_id),
            "name": t.name,
            "description": t.description or t.name,
            "uri": t.uri,
            "version": t.version,
        }
    ) | {"description": t.description or t.name}


def taxonomy_term(term: TaxonomyTerm) -> JSONObject:
    return _clean(
        {
            "id": str(term.hsds_id),
            "code": term.code,
            "name": term.name,
            "description": term.description or term.name,
            "parent_id": str(term.parent.hsds_id) if term.parent_id and term.parent else "",
            "taxonomy": term.taxonomy.name,
            "taxonomy_id": str(term.taxonomy.hsds_id),
        }
    ) | {"description": term.description or term.name}


def service_at_location(sal: ServiceAtLocation, *, nested_location: bool = True) -> JSONObject:
    data = _clean(
        {
            "id": str(sal.hsds_id),
            "service_id": str(sal.service.hsds_id),
            "location_id": str(sal.location.hsds_id),
            "description": sal.description,
        }
    )
    phones: list[JSON] = [phone(p, "service_at_location_id", str(sal.hsds_id)) for p in sal.phones.all()]
    if phones:
        data["phones"] = phones
    contacts = [contact(c, "service_at_location_id", str(sal.hsds_id)) for c in sal.contacts.all()]
    if contacts:
        data["contacts"] = contacts
    schedules: list[JSON] = [schedule(x, "service_at_location_id", str(sal.hsds_id)) for x in sal.schedules.all()]
    if schedules:
        data["schedules"] = schedules
    if nested_location:
        data["location"] = location(sal.location)
    return data


def service(s: Service, *, full: bool = True) -> JSONObject:
    data = _clean(
        {
            "id": str(s.hsds_id),
            "organization_id": organization_id(s.organization),
            "name": _text(s.name),
            "description": _text(s.description),
            "url": s.url,
            "email": s.email,
            "status": STATUS.get(s.status, "active"),
            "fees_description": s.fees_description,
            "eligibility_description": s.eligibility_description,
            "minimum_age": _number(s.min_age),
            "maximum_age": _number(s.max_age),
            "application_process": s.application_process,
            "alternate_name": s.alternate_name,
            "wait_time": s.wait_time,
            "interpretation_services": s.interpretation_services,
            "accreditations": s.accreditations,
            "licenses": s.licenses,
            "alert": s.alert,
            "assured_date": s.last_verified_at.date().isoformat() if s.last_verified_at else "",
            "last_modified": s.updated_at.isoformat() if s.updated_at else "",
        }
    )
    if not full:
        return data
    legacy: list[JSON] = [{"id": _derived(s, "phone"), "service_id": str(s.hsds_id), "number": s.phone}]
    phones: list[JSON] = [phone(p, "service_id", str(s.hsds_id)) for p in s.phones.all()]
    data["phones"] = phones or (legacy if s.phone else [])
    data["contacts"] = [contact(c, "service_id", str(s.hsds_id)) for c in s.contacts.all()]
    data["schedules"] = [schedule(x, "service_id", str(s.hsds_id)) for x in s.schedules.all()]
    data["service_at_locations"] = [service_at_location(x) for x in s.service_at_locations.all()]
    data["languages"] = [
        _clean({"id": str(lang.hsds_id), "service_id": str(s.hsds_id), "code": lang.code, "note": lang.note})
        for lang in s.languages.all()
    ]
    data["organization"] = organization(s.organization)
    data["cost_options"] = [
        _clean(
            {
                "id": _derived(s, "cost"),
                "service_id": str(s.hsds_id),
                "option": str(CostKind(s.cost).label) if s.cost in CostKind.values else s.cost,
                "amount": _number(s.cost_amount)
                if s.cost_amount is not None
                else 0
                if s.cost == CostKind.FREE
                else None,
                "currency": s.cost_currency or ("USD" if s.cost == CostKind.FREE else ""),
                "amount_description": s.fees_description,
            }
        )
    ]
    data["attributes"] = [
        {
            "id": str(uuid.uuid5(term.hsds_id, str(s.hsds_id))),
            "link_id": str(s.hsds_id),
            "link_type": "service",
            "link_entity": "service",
            "taxonomy_term_id": str(term.hsds_id),
            "taxonomy_term": taxonomy_term(term),
        }
        for term in s.categories.all()
    ]
    return data


def services_queryset(base: QuerySet[Service] | None = None) -> QuerySet[Service]:
    """Services with everything `service()` reads, in a fixed number of queries."""
    base = base if base is not None else Service.objects.all()
    return base.select_related("organization__directory_profile").prefetch_related(
        Prefetch("schedules", queryset=Schedule.objects.order_by("id")),
        Prefetch(
            "service_at_locations",
            queryset=ServiceAtLocation.objects.select_related("service", "location__organization__directory_profile")
            .prefetch_related(
                "phones",
                "schedules",
                "location__phones",
                "location__schedules",
                "contacts__phones",
                "location__contacts__phones",
            )
            .order_by("id"),
        ),
        "languages",
        "phones",
        "contacts__phones",
        Prefetch("categories", queryset=TaxonomyTerm.objects.select_related("taxonomy", "parent")),
    )


def organizations_queryset(region: Region) -> QuerySet[Organization]:
    """The region's directory organizations (a profile, a place or a service), with what
    `organization(full=True)` reads."""
    listed = Q(directory_profile__isnull=False) | Q(locations__isnull=False) | Q(services__isnull=False)
    ids = Organization.objects.filter(listed, region=region).values("pk")
    return (
        Organization.objects.filter(pk__in=ids)
        .select_related("directory_profile")
        .prefetch_related(
            "directory_phones",
            "directory_contacts__phones",
            Prefetch(
                "locations",
                queryset=Location.objects.select_related("organization__directory_profile")
                .prefetch_related("phones", "schedules", "contacts__phones")
                .order_by("id"),
            ),
        )
        .order_by("id")
    )


def export_region(region: Region) -> JSONObject:
    """A region's directory as HSDS 3 JSON: its organizations (with every place, those without a
    service too, and their phones), every service fully nested, and the taxonomies."""
    services = services_queryset(Service.objects.filter(organization__region=region).order_by("id"))
    return export_bundle(services, organizations_queryset(region))


def export_bundle(services: Iterable[Service], organizations: Iterable[Organization] = ()) -> JSONObject:
    """HSDS 3 JSON: these organizations in full, every service fully nested, plus the taxonomies."""
    items: list[JSON] = [service(s) for s in services]
    orgs: list[JSON] = [organization(o, full=True) for o in organizations]
    return {
        **({"organizations": orgs} if orgs else {}),
        "services": items,
        "taxonomies": [taxonomy(t) for t in Taxonomy.objects.order_by("name")],
        "taxonomy_terms": [
            taxonomy_term(t) for t in TaxonomyTerm.objects.select_related("taxonomy", "parent").order_by("id")
        ],
    }
