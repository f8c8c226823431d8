"""The typed plan an HSDS import would write (`village.directory.hsds.plan` makes it; the
directory's import action writes it), keyed by HSDS id."""

from __future__ import annotations

import decimal
import uuid
from dataclasses import dataclass, field

from village.directory.hsds.phones import ContactPlan, PhonePlan
from village.orgs.models import Region

# Service texts HSDS defines that Village keeps and exports as given (field: longest kept).
SERVICE_TEXTS = {
    "alternate_name": 500,
    "wait_time": None,
    "interpretation_services": None,
    "accreditations": None,
    "licenses": None,
    "alert": None,
}


@dataclass
class OrganizationPlan:
    name: str
    description: str
    website: str
    email: str
    alternate_name: str
    legal_status: str
    tax_status: str
    tax_id: str = ""
    year_incorporated: int | None = None
    logo: str = ""
    uri: str = ""


@dataclass
class LocationPlan:
    organization: uuid.UUID
    name: str
    description: str
    transportation: str
    latitude: float | None
    longitude: float | None
    address_1: str
    city: str
    state_province: str
    postal_code: str
    country: str
    accessibility: list[str]
    alternate_name: str = ""
    url: str = ""
    accessibility_texts: list[dict[str, str]] = field(default_factory=list)

    def fields(self) -> dict[str, object]:
        """The Location fields it sets, besides the organization."""
        return {
            "alternate_name": self.alternate_name,
            "url": self.url,
            "name": self.name,
            "description": self.description,
            "transportation": self.transportation,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "address_1": self.address_1,
            "city": self.city,
            "state_province": self.state_province,
            "postal_code": self.postal_code,
            "country": self.country,
            "accessibility": self.accessibility,
            "accessibility_texts": self.accessibility_texts,
        }


LOCATION_FIELDS = list(LocationPlan.__dataclass_fields__)[1:]


@dataclass
class ServicePlan:
    organization: uuid.UUID
    name: str
    description: str
    status: str
    url: str
    email: str
    fees_description: str
    eligibility_description: str
    min_age: decimal.Decimal | None
    max_age: decimal.Decimal | None
    cost: str
    application_process: str = ""
    texts: dict[str, str] = field(default_factory=dict)  # SERVICE_TEXTS kept as given
    cost_amount: decimal.Decimal | None = None
    cost_currency: str = ""
    phone: str = ""
    languages: dict[str, str] = field(default_factory=dict)  # code -> note
    needs: set[str] = field(default_factory=set)
    terms: set[uuid.UUID] = field(default_factory=set)


@dataclass
class SchedulePlan:
    """One HSDS schedule and the one parent it belongs to ("service", "location" or "service_at_location")."""

    parent: str
    parent_key: uuid.UUID
    values: dict[str, object] = field(default_factory=dict)  # `Schedule` field -> value

    def fields(self) -> dict[str, object]:
        return dict(self.values)


@dataclass
class LinkPlan:
    service: uuid.UUID
    location: uuid.UUID
    description: str


@dataclass
class TermPlan:
    code: str
    name: str
    description: str
    taxonomy: str
    needs: set[str]


@dataclass
class ImportPlan:
    """What an import would write into a region, by HSDS id."""

    region: Region
    organizations: dict[uuid.UUID, OrganizationPlan] = field(default_factory=dict)
    locations: dict[uuid.UUID, LocationPlan] = field(default_factory=dict)
    services: dict[uuid.UUID, ServicePlan] = field(default_factory=dict)
    links: dict[uuid.UUID, LinkPlan] = field(default_factory=dict)
    terms: dict[uuid.UUID, TermPlan] = field(default_factory=dict)
    phones: dict[uuid.UUID, PhonePlan] = field(default_factory=dict)
    contacts: dict[uuid.UUID, ContactPlan] = field(default_factory=dict)
    schedules: dict[uuid.UUID, SchedulePlan] = field(default_factory=dict)

    def valid_counts(self) -> dict[str, int]:
        """Valid rows per HSDS table, as the report has always counted them."""
        return {
            "organization_valid": len(self.organizations),
            "location_valid": len(self.locations),
            "service_valid": len(self.services),
            "service_at_location_valid": len(self.links),
            "taxonomy_term_valid": len(self.terms),
            "phone_valid": len(self.phones),
            "contact_valid": len(self.contacts),
            "schedule_valid": len(self.schedules),
        }

    @property
    def size(self) -> int:
        return sum(self.valid_counts().values())
