"""The HSDS API's response schemas and query parameters (the endpoints are in `village.directory.hsds.api`)."""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from django.utils import timezone
from ninja import Field, Schema
from pydantic import WithJsonSchema, field_validator, model_validator

from village.directory.taxonomy import Accessibility

# The official schemas the responses conform to (the same addresses the HSDS API document uses).
HSDS_SCHEMA = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema"

DEFAULT_PER_PAGE = 25
MAX_PER_PAGE = 100
# `minimal` asks for every service in one call; its items are four short fields.
MAX_MINIMAL_PER_PAGE = 5000

# --- Response schemas ------------------------------------------------------------------


def hsds_ref(name: str) -> dict[str, str]:
    return {"$ref": f"{HSDS_SCHEMA}/{name}.json"}


ServiceObject = Annotated[dict[str, object], WithJsonSchema(hsds_ref("compiled/service"))]
ServiceListItem = Annotated[dict[str, object], WithJsonSchema(hsds_ref("compiled/service_list"))]
OrganizationObject = Annotated[dict[str, object], WithJsonSchema(hsds_ref("compiled/organization"))]
OrganizationListItem = Annotated[dict[str, object], WithJsonSchema(hsds_ref("compiled/organization_list"))]
ServiceAtLocationObject = Annotated[dict[str, object], WithJsonSchema(hsds_ref("compiled/service_at_location"))]
ServiceAtLocationListItem = Annotated[dict[str, object], WithJsonSchema(hsds_ref("compiled/service_at_location_list"))]
TaxonomyObject = Annotated[dict[str, object], WithJsonSchema(hsds_ref("taxonomy"))]
TaxonomyTermObject = Annotated[dict[str, object], WithJsonSchema(hsds_ref("taxonomy_term"))]


class ApiInfo(Schema):
    version: str = Field(description="HSDS version of this API.")
    profile: str = Field(description="URL of the HSDS profile of this API (the base HSDS schemas).")
    openapi_url: str = Field(description="URL of the OpenAPI document that defines this API.")


class Page(Schema):
    """The HSDS page envelope (`components.schemas.Page` of the HSDS API document) with its `contents`."""

    total_items: int = Field(description="The number of entities matching the request, on every page.")
    total_pages: int = Field(description="The number of pages (0 when nothing matches).")
    page_number: int = Field(description="The number of this page, counted from 1.")
    size: int = Field(description="The number of entities on this page.")
    first_page: bool
    last_page: bool
    empty: bool = Field(description="True when nothing matches the request.")


class ServicePage(Page):
    contents: list[ServiceListItem]


class OrganizationPage(Page):
    contents: list[OrganizationListItem]


class ServiceAtLocationPage(Page):
    contents: list[ServiceAtLocationListItem]


class TaxonomyPage(Page):
    contents: list[TaxonomyObject]


class TaxonomyTermPage(Page):
    contents: list[TaxonomyTermObject]


class NotFound(Schema):
    detail: str


class Problem(Schema):
    type: str = Field(description="What is wrong, as a code (e.g. `int_parsing`, `enum`, `value_error`).")
    loc: list[str | int] = Field(description="Where: `query` and the parameter's name.")
    msg: str = Field(description="What is wrong, in English.")


class Invalid(Schema):
    """A parameter had a value the API cannot use (answered 422)."""

    detail: list[Problem]


# --- Query parameters ------------------------------------------------------------------


class Paging(Schema):
    page: int = Field(1, description="Page number, counted from 1 (values below 1 give the first page).")
    per_page: int | None = Field(
        None,
        description=(
            f"Entities per page: {DEFAULT_PER_PAGE} unless given, at most {MAX_PER_PAGE} "
            f"({MAX_MINIMAL_PER_PAGE} with `minimal`); other values are clamped into that range."
        ),
    )
    format: Literal["json", "ndjson"] = Field(
        "json",
        description=(
            "`json` (a page), or `ndjson`: every matching entity, one JSON object a line, "
            "without pagination (`application/x-ndjson`)."
        ),
    )


class ServiceFilters(Schema):
    """The HSDS service filters, then Village's own (the resource finder's)."""

    search: str | None = Field(
        None,
        description="Words that must all appear in the service's name or description, its organization's "
        "name or its taxonomy terms (case-insensitive).",
    )
    taxonomy_term_id: str | None = Field(None, description="Only services with this taxonomy term (its `id`).")
    taxonomy_id: str | None = Field(None, description="Only services with a term from this taxonomy (its `id`).")
    organization_id: str | None = Field(None, description="Only services of this organization (its `id`).")
    modified_after: datetime.datetime | None = Field(
        None,
        description="Only services modified at or after this date-time (ISO 8601; without an offset, "
        "the site's time zone).",
    )
    language: str | None = Field(
        None,
        pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
        description="Not in HSDS. Only services offered in this language: an ISO 639-1 code such as `es` "
        "(case-insensitive).",
    )
    accessibility: Accessibility | None = Field(
        None,
        description="Not in HSDS. Only services with this accessibility feature at one of their locations "
        "(for `/service_at_locations`, at that location).",
    )
    open_on: int | None = Field(
        None, ge=1, le=7, description="Not in HSDS. Only services open on this ISO weekday (1 Monday to 7 Sunday)."
    )
    open_at: str | None = Field(
        None,
        pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$",
        description='Not in HSDS. With `open_on`: only services open at this time of that day ("HH:MM", 24-hour).',
    )
    age: int | None = Field(
        None, ge=0, le=150, description="Not in HSDS. Only services for this age in years (within their age range)."
    )

    @field_validator("modified_after")
    @classmethod
    def _in_utc(cls, value: datetime.datetime | None) -> datetime.datetime | None:
        if value is None:
            return None
        aware = timezone.make_aware(value) if timezone.is_naive(value) else value
        try:
            return aware.astimezone(datetime.UTC)
        except OverflowError:
            raise ValueError("modified_after is out of range: give a date-time between the years 1 and 9999.") from None

    @model_validator(mode="after")
    def _open_at_needs_open_on(self) -> ServiceFilters:
        if self.open_at is not None and self.open_on is None:
            raise ValueError("open_at needs open_on: give the weekday (1 Monday to 7 Sunday) as well as the time.")
        return self


class Near(Schema):
    postcode: str | None = Field(
        None,
        description=(
            "Only services at a location with this postal code (a ZIP code also matches its ZIP+4 codes). Village "
            "keeps no service areas, so the location's own postal code is what counts. Blank: no filter."
        ),
    )
    proximity: float | None = Field(
        None,
        ge=0,
        le=20_000_000,
        allow_inf_nan=False,
        description=(
            "With `postcode`: instead, only services at a location within this many metres of the postal code's "
            "centre (the centre of Village's locations in it; none known: no results)."
        ),
    )

    @model_validator(mode="after")
    def _proximity_needs_postcode(self) -> Near:
        if self.proximity is not None and not (self.postcode or "").strip():
            raise ValueError("proximity needs postcode: give the postal code to measure from.")
        return self


class ServiceShape(Schema):
    minimal: bool = Field(
        False,
        description=(
            "Only each service's `id`, `name`, `status` and `last_modified` (the fields HSDS requires, and when it "
            f"changed), up to {MAX_MINIMAL_PER_PAGE} a page: ask for all in one call. Wins over `full`."
        ),
    )
    full: bool = Field(False, description="Fully nested services (as `/services/{id}` answers).")


class OrganizationShape(Schema):
    search: str | None = Field(
        None, description="Words that must all appear in the organization's name, alternate name or description."
    )
    full: bool = Field(False, description="Fully nested organizations, with their services' one-to-one fields.")
    full_service: bool = Field(False, description="Fully nested organizations, with fully nested services.")


class FullServices(Schema):
    full_service: bool = Field(False, description="The organization's services fully nested.")


class SalShape(Schema):
    full: bool = Field(False, description="Fully nested (as `/service_at_locations/{id}` answers).")


class TaxonomyFilters(Schema):
    search: str | None = Field(None, description="Words that must all appear in the taxonomy's name or description.")


class TermFilters(Schema):
    search: str | None = Field(None, description="Words that must all appear in the term's name, code or description.")
    taxonomy_id: str | None = Field(None, description="Only terms of this taxonomy (its `id`).")
    top_only: bool = Field(False, description="Only top-level terms (terms without a parent).")
    parent_id: str | None = Field(None, description="Only the terms whose parent has this `id`.")
