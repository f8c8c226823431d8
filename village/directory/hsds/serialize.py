"""Village's directory as HSDS 3 objects (for the export and the `/api/hsds/` API).

Only fields HSDS defines are written, and empty values are left out rather than sent as
empty strings (HSDS validates formats such as `uri` and `email` when a value is present).
Names and descriptions are stored per language; HSDS has one, so the English text is
written (or the first language that has one). Village's own facts HSDS has no field for
(grades, seats) stay out of the export.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from village.directory.hsds import ids
from village.directory.models import (
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from village.directory.taxonomy import HSDS_BYDAY, Accessibility, CostKind
from village.lib.jsontypes import JSON, JSONObject
from village.orgs.models import Organization

STATUS = {"active": "active", "inactive": "inactive", "defunct": "defunct", "temporarily_closed": "temporarily closed"}


def _clean(obj: JSONObject) -> JSONObject:
    return {k: v for k, v in obj.items() if v not in ("", None)}


def _text(value: object) -> str:
    if isinstance(value, dict):
        texts = {k: v for k, v in value.items() if isinstance(v, str) and v.strip()}
        return texts.get(settings.LANGUAGE_CODE) or next((texts[k] for k in sorted(texts)), "")
    return str(value or "")


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
        }
    )
    data["description"] = org.description  # required by HSDS: present, and empty when we have none
    if full:
        data["phones"] = [{"id": _derived(org, "phone"), "number": org.phone}] if org.phone else []
        data["locations"] = [location(loc) for loc in org.locations.all()]
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
    data["accessibility"] = [
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
    return data


def schedule(s: Schedule) -> JSONObject:
    return {
        "id": str(s.hsds_id),
        "service_id": str(s.service.hsds_id),
        "freq": "WEEKLY",
        "wkst": "MO",
        "byday": HSDS_BYDAY[s.weekday],
        "opens_at": s.opens_at.strftime("%H:%M"),
        "closes_at": s.closes_at.strftime("%H:%M"),
    }


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
            "minimum_age": s.min_age,
            "maximum_age": s.max_age,
            "assured_date": s.last_verified_at.date().isoformat() if s.last_verified_at else "",
            "last_modified": s.updated_at.isoformat() if s.updated_at else "",
        }
    )
    if not full:
        return data
    data["phones"] = [{"id": _derived(s, "phone"), "service_id": str(s.hsds_id), "number": s.phone}] if s.phone else []
    data["schedules"] = [schedule(x) for x in s.schedules.all()]
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
                "amount": 0 if s.cost == CostKind.FREE else None,
                "currency": "USD" if s.cost == CostKind.FREE else "",
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
        Prefetch("schedules", queryset=Schedule.objects.select_related("service").order_by("weekday", "opens_at")),
        Prefetch(
            "service_at_locations",
            queryset=ServiceAtLocation.objects.select_related(
                "service", "location__organization__directory_profile"
            ).order_by("id"),
        ),
        "languages",
        Prefetch("categories", queryset=TaxonomyTerm.objects.select_related("taxonomy", "parent")),
    )


def export_bundle(services: Iterable[Service]) -> JSONObject:
    """The whole directory as HSDS 3 JSON: every service fully nested, plus the taxonomies."""
    items: list[JSON] = [service(s) for s in services]
    return {
        "services": items,
        "taxonomies": [taxonomy(t) for t in Taxonomy.objects.order_by("name")],
        "taxonomy_terms": [
            taxonomy_term(t) for t in TaxonomyTerm.objects.select_related("taxonomy", "parent").order_by("id")
        ],
    }
