"""Phones of every HSDS parent (organization, service, location, service at a location), read with
`phonenumbers`: the number is kept as given and, when it can be read, in E.164 form too.

A number `phonenumbers` cannot read is kept as given and reported ("phone_not_parsed"). Contacts
(a name, title, department and email) belong to the same parents, and phones to contacts too.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Protocol

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator

from village.directory.hsds.tables import Row

# Numbers without a country code are read as numbers of this country (Village's directories are
# American; `Location.country` defaults to the same).
DEFAULT_COUNTRY = "US"
# The parent a phone row belongs to, the most specific first: (the row's field, the plan's table).
PARENTS = (
    ("service_at_location_id", "service_at_location"),
    ("service_id", "service"),
    ("location_id", "location"),
    ("organization_id", "organization"),
)
PHONE_FIELDS = ("number", "extension", "type", "description")


@dataclass
class ContactPlan:
    parent: str
    parent_key: uuid.UUID
    name: str
    title: str
    department: str
    email: str

    def fields(self) -> dict[str, object]:
        return {"name": self.name, "title": self.title, "department": self.department, "email": self.email}


@dataclass
class PhonePlan:
    parent: str  # "organization", "service", "location" or "service_at_location"
    parent_key: uuid.UUID
    number: str
    e164: str
    extension: str
    type: str
    description: str
    languages: list[str] = field(default_factory=list)

    def fields(self) -> dict[str, object]:
        return {
            "number": self.number,
            "e164": self.e164,
            "extension": self.extension,
            "type": self.type,
            "description": self.description,
            "languages": self.languages,
        }


class Checker(Protocol):
    """What of `village.directory.hsds.plan`'s row checker this reads (that module calls this one)."""

    def rows(self, table: str, required: tuple[str, ...] = ()) -> Iterator[tuple[uuid.UUID, Row]]: ...
    def ref(self, table: str, raw: str) -> uuid.UUID: ...
    def keep(self, row: Row, *names: str) -> None: ...
    def reject(self, row: Row, field_name: str, code: str, value: object = "") -> None: ...
    def change(self, row: Row, field_name: str, code: str, value: object = "", **params: str | int) -> None: ...
    def text(self, row: Row, name: str, limit: int | None = None) -> str: ...


class ServiceLike(Protocol):
    phone: str


class Plan(Protocol):
    """What of the import plan this reads and fills."""

    @property
    def organizations(self) -> Mapping[uuid.UUID, object]: ...
    @property
    def locations(self) -> Mapping[uuid.UUID, object]: ...
    @property
    def services(self) -> Mapping[uuid.UUID, ServiceLike]: ...
    @property
    def links(self) -> Mapping[uuid.UUID, object]: ...
    @property
    def phones(self) -> dict[uuid.UUID, PhonePlan]: ...
    @property
    def contacts(self) -> dict[uuid.UUID, ContactPlan]: ...


def valid_email(value: str) -> bool:
    try:
        EmailValidator()(value)
    except ValidationError:
        return False
    return True


def e164(number: str, country: str = DEFAULT_COUNTRY) -> str:
    """The number in E.164 form ("+13125550100"), or "" when it is not a possible phone number."""
    try:
        parsed = phonenumbers.parse(number, country)
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_possible_number(parsed):
        return ""
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))


def parent_of(
    check: Checker, row: Row, plan: Plan, known: dict[str, set[uuid.UUID]], parents: tuple[tuple[str, str], ...]
) -> tuple[str, uuid.UUID] | None:
    """The most specific parent Village has (a row naming a service and a rejected place is the service's);
    None when the row names none (rejected) or none is there (each value reported by `account`)."""
    # The plan's own mappings (a lookup each, not a copy: this runs once a row).
    planned: dict[str, Mapping[uuid.UUID, object]] = {
        "organization": plan.organizations,
        "service": plan.services,
        "location": plan.locations,
        "service_at_location": plan.links,
        "contact": plan.contacts,
    }
    nothing: set[uuid.UUID] = set()
    named = [(table, check.ref(table, row.get(name))) for name, table in parents if row.get(name)]
    if not named:
        check.reject(row, "service_id", "required")
        return None
    found = [(t, k) for t, k in named if k in planned[t] or k in known.get(t, nothing)]
    if found:
        check.keep(row, *(n for n, _t in parents))
    return found[0] if found else None


def plan_contacts(check: Checker, plan: Plan, known: dict[str, set[uuid.UUID]]) -> None:
    for key, row in check.rows("contact"):
        parent = parent_of(check, row, plan, known, PARENTS)
        if parent is None:
            continue
        email = row.get("email")
        if email and not valid_email(email):
            check.change(row, "email", "bad_email", email)
        plan.contacts[key] = ContactPlan(
            parent=parent[0],
            parent_key=parent[1],
            name=check.text(row, "name", 200),
            title=check.text(row, "title", 200),
            department=check.text(row, "department", 200),
            email=check.text(row, "email", 254) if email and valid_email(email) else "",
        )


def plan_phones(check: Checker, plan: Plan, known: dict[str, set[uuid.UUID]]) -> None:
    """Every phone whose parent the import writes or the region has; the first phone of a service is
    also its phone on the page (`Service.phone`)."""
    for key, row in check.rows("phone"):
        parent = parent_of(check, row, plan, known, (("contact_id", "contact"), *PARENTS))
        if parent is None:
            continue
        table, parent_key = parent

        if not row.get("number"):
            check.reject(row, "number", "required")
            continue
        number = check.text(row, "number", 100)
        parsed = e164(number)
        if not parsed:
            check.change(row, "number", "phone_not_parsed", number)
        plan.phones[key] = PhonePlan(
            parent=table,
            parent_key=parent_key,
            number=number,
            e164=parsed,
            extension=check.text(row, "extension", 20),
            type=check.text(row, "type", 40),
            description=check.text(row, "description"),
        )
        service = plan.services.get(parent_key) if table == "service" else None
        if service is not None and not service.phone:
            service.phone = number[:40]
