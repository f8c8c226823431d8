"""The public, read-only Open Referral HSDS 3 API under /api/hsds/.

The endpoints, query parameters and page envelope follow the official HSDS 3.0 API reference
(`schema/openapi.json` in openreferral/specification, branch 3.0); every object is written by
`village.directory.hsds.serialize`. The directory is public information, so nothing here needs
an account: only active services appear, with the organizations, places and taxonomies they
use. Village's directory holds nothing about students or families.

Beyond HSDS, `/services` and `/service_at_locations` take the resource finder's filters:
`language`, `accessibility`, `open_on` with `open_at`, and `age`. Ninja documents all of it at
/api/hsds/openapi.json; bad values are answered 422 with the parameter named.

Lists are paginated (`page`, `per_page`; out-of-range values are clamped, never an error, as
the HSDS document declares them as any integer) and take a fixed number of queries whatever
the page size. `format=ndjson` streams every matching object, one JSON object a line,
without pagination.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable, Iterator

from django.conf import settings
from django.db.models import Avg, ExpressionWrapper, F, FloatField, Model, Prefetch, Q, QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils import translation
from ninja import NinjaAPI, Query
from ninja.errors import HttpError

from village.directory.hsds import serialize
from village.directory.hsds.api_filters import id_q, service_q, uuid_or_none, with_accessibility, words
from village.directory.hsds.api_schemas import (
    DEFAULT_PER_PAGE,
    MAX_MINIMAL_PER_PAGE,
    MAX_PER_PAGE,
    ApiInfo,
    FullServices,
    Invalid,
    Near,
    NotFound,
    OrganizationObject,
    OrganizationPage,
    OrganizationShape,
    Paging,
    SalShape,
    ServiceAtLocationObject,
    ServiceAtLocationPage,
    ServiceFilters,
    ServiceObject,
    ServicePage,
    ServiceShape,
    TaxonomyFilters,
    TaxonomyObject,
    TaxonomyPage,
    TaxonomyTermObject,
    TaxonomyTermPage,
    TermFilters,
    hsds_ref,
)
from village.directory.hsds.ids import organization_q
from village.directory.models import (
    Location,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    Taxonomy,
    TaxonomyTerm,
)
from village.directory.search import KM_PER_DEGREE
from village.lib.jsontypes import JSONObject
from village.orgs.models import Organization

HSDS_VERSION = "3.0"
# No HSDS profile: the base HSDS 3.0 schemas are the profile.
HSDS_PROFILE = "https://github.com/openreferral/specification/tree/3.0/schema"

NDJSON_CHUNK = 200
MAX_SEARCH_WORDS = 10

api = NinjaAPI(
    title="Village directory (Open Referral HSDS 3.0)",
    version=HSDS_VERSION,
    description=(
        "Village's public resource directory as an [Open Referral HSDS 3.0]"
        "(https://docs.openreferral.org/en/latest/hsds/api_reference.html) API: read-only, no "
        "authentication. Only active services are listed. Objects conform to the official HSDS "
        "3.0 schemas. `/services` and `/service_at_locations` also take the filters `language`, "
        "`accessibility`, `open_on`, `open_at` and `age`, which HSDS does not define."
    ),
    urls_namespace="hsds",
    auth=None,
    # No interactive docs page (see village/api.py); this OpenAPI document is at /api/hsds/openapi.json.
    docs_url=None,
)


def _in_default_language[**P, R](view: Callable[P, R]) -> Callable[P, R]:
    """HSDS objects carry one language: answer in the site's default, whatever the visitor's preference."""

    @functools.wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with translation.override(settings.LANGUAGE_CODE):
            return view(*args, **kwargs)

    return wrapper


# --- Helpers -----------------------------------------------------------------------------


def _by_id[M: Model](queryset: QuerySet[M], value: str) -> M:
    key = uuid_or_none(value)
    found = queryset.filter(hsds_id=key).first() if key is not None else None
    if found is None:
        raise HttpError(404, "Not found.")
    return found


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(value, high))


def _page[M: Model](
    queryset: QuerySet[M], paging: Paging, render: Callable[[M], JSONObject], *, most: int = MAX_PER_PAGE
) -> JSONObject | StreamingHttpResponse:
    if paging.format == "ndjson":
        return _ndjson(queryset, render)
    per_page = _clamp(paging.per_page if paging.per_page is not None else min(DEFAULT_PER_PAGE, most), 1, most)
    number = max(paging.page, 1)
    total = queryset.count()
    pages = math.ceil(total / per_page)
    # A page past the end is empty; never ask the database for an offset it cannot hold.
    items = list(queryset[(number - 1) * per_page : number * per_page]) if number <= pages else []
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": number,
        "size": len(items),
        "first_page": number == 1,
        "last_page": number >= pages,
        "empty": total == 0,
        "contents": [render(item) for item in items],
    }


def _ndjson[M: Model](queryset: QuerySet[M], render: Callable[[M], JSONObject]) -> StreamingHttpResponse:
    def lines() -> Iterator[str]:
        with translation.override(settings.LANGUAGE_CODE):
            for item in queryset.iterator(chunk_size=NDJSON_CHUNK):
                yield json.dumps(render(item), ensure_ascii=False, separators=(",", ":")) + "\n"

    return StreamingHttpResponse(lines(), content_type="application/x-ndjson; charset=utf-8")


def _ndjson_doc(name: str) -> dict[str, object]:
    """Document the `format=ndjson` answer beside the JSON page."""
    return {
        "responses": {
            200: {
                "content": {
                    "application/x-ndjson": {
                        "schema": hsds_ref(name) | {"description": "One object a line, every match (`format=ndjson`)."}
                    }
                }
            }
        }
    }


# --- Services --------------------------------------------------------------------------


def _active_services() -> QuerySet[Service]:
    return Service.objects.filter(status=ServiceStatus.ACTIVE)


def _minimal(s: Service) -> JSONObject:
    data = serialize.service(s, full=False)
    return {k: data[k] for k in ("id", "name", "status", "last_modified") if k in data}


@api.get(
    "/",
    response=ApiInfo,
    operation_id="getAPIMetaInformation",
    url_name="root",
    summary="About this API",
    description="The HSDS version, profile and OpenAPI document of this API.",
)
def root(request: HttpRequest) -> dict[str, str]:
    return {
        "version": HSDS_VERSION,
        "profile": HSDS_PROFILE,
        "openapi_url": request.build_absolute_uri(reverse("hsds:openapi-json")),
    }


@api.get(
    "/services",
    response={200: ServicePage, 422: Invalid},
    operation_id="getPaginatedListOfServices",
    url_name="services",
    summary="Services",
    description=(
        "Active services, by one-to-one fields (`full=true`: fully nested; `minimal=true`: only `id`, `name`, "
        "`status` and `last_modified`, up to 5000 a page; `minimal` wins over `full`)."
    ),
    openapi_extra=_ndjson_doc("compiled/service_list"),
)
@_in_default_language
def list_services(
    request: HttpRequest,
    paging: Query[Paging],
    filters: Query[ServiceFilters],
    shape: Query[ServiceShape],
) -> JSONObject | StreamingHttpResponse:
    base = _active_services().filter(service_q(filters)).order_by("id")
    if shape.minimal:
        return _page(
            base.select_related("organization__directory_profile"), paging, _minimal, most=MAX_MINIMAL_PER_PAGE
        )
    if shape.full:
        return _page(serialize.services_queryset(base), paging, serialize.service)
    return _page(
        base.select_related("organization__directory_profile"),
        paging,
        functools.partial(serialize.service, full=False),
    )


@api.get(
    "/services/{id}",
    response={200: ServiceObject, 404: NotFound},
    operation_id="getFullyNestedServiceById",
    url_name="service",
    summary="One service, fully nested",
)
@_in_default_language
def get_service(request: HttpRequest, id: str) -> JSONObject:
    return serialize.service(_by_id(serialize.services_queryset(_active_services()), id))


# --- Organizations -----------------------------------------------------------------------


def _published_organizations() -> QuerySet[Organization]:
    """Organizations with an active service: the directory's organizations."""
    return Organization.objects.filter(pk__in=_active_services().values("organization_id"))


def _organizations_queryset(*, full: bool, full_service: bool) -> QuerySet[Organization]:
    queryset = _published_organizations().select_related("directory_profile").order_by("name", "id")
    if not full:
        return queryset
    # Only the places an active service is offered at: the others are not in the directory.
    places = (
        Location.objects.filter(
            pk__in=ServiceAtLocation.objects.filter(service__status=ServiceStatus.ACTIVE).values("location_id")
        )
        .select_related("organization__directory_profile")
        .prefetch_related("phones", "schedules", "contacts__phones")
        .order_by("name", "id")
    )
    services = _active_services().order_by("id")
    services = (
        serialize.services_queryset(services)
        if full_service
        else services.select_related("organization__directory_profile")
    )
    return queryset.prefetch_related(
        "directory_phones",
        "directory_contacts__phones",
        Prefetch("locations", queryset=places),
        Prefetch("services", queryset=services, to_attr="published_services"),
    )


def _organization_full(org: Organization, *, full_service: bool) -> JSONObject:
    data = serialize.organization(org, full=True)
    data["services"] = [serialize.service(s, full=full_service) for s in getattr(org, "published_services", [])]
    return data


@api.get(
    "/organizations",
    response={200: OrganizationPage, 422: Invalid},
    operation_id="getPaginatedListOfOrganizations",
    url_name="organizations",
    summary="Organizations",
    description=(
        "The organizations of active services, by one-to-one fields (`full=true`: fully nested, with their "
        "services; `full_service=true`: with fully nested services)."
    ),
    openapi_extra=_ndjson_doc("compiled/organization_list"),
)
@_in_default_language
def list_organizations(
    request: HttpRequest,
    paging: Query[Paging],
    shape: Query[OrganizationShape],
) -> JSONObject | StreamingHttpResponse:
    nested = shape.full or shape.full_service
    queryset = _organizations_queryset(full=nested, full_service=shape.full_service)
    for word in words(shape.search):
        queryset = queryset.filter(
            Q(name__icontains=word)
            | Q(description__icontains=word)
            | Q(directory_profile__alternate_name__icontains=word)
        )
    if nested:
        return _page(queryset, paging, functools.partial(_organization_full, full_service=shape.full_service))
    return _page(queryset, paging, serialize.organization)


@api.get(
    "/organizations/{id}",
    response={200: OrganizationObject, 404: NotFound, 422: Invalid},
    operation_id="getOrganizationById",
    url_name="organization",
    summary="One organization, fully nested",
    description="With its active services by one-to-one fields (`full_service=true`: fully nested).",
)
@_in_default_language
def get_organization(
    request: HttpRequest,
    id: str,
    nested: Query[FullServices],
) -> JSONObject:
    key = uuid_or_none(id)
    full_service = nested.full_service
    org = (
        _organizations_queryset(full=True, full_service=full_service).filter(organization_q(key)).first()
        if key is not None
        else None
    )
    if org is None:
        raise HttpError(404, "Not found.")
    return _organization_full(org, full_service=full_service)


# --- Services at locations -----------------------------------------------------------------


def _location_fields(loc: Location) -> JSONObject:
    """A location's one-to-one fields (what a list item holds)."""
    return {k: v for k, v in serialize.location(loc).items() if not isinstance(v, list)}


def _service_at_location_item(sal: ServiceAtLocation) -> JSONObject:
    data = serialize.service_at_location(sal, nested_location=False)
    data["location"] = _location_fields(sal.location)
    data["service"] = serialize.service(sal.service, full=False)
    return data


def _service_at_location_full(sal: ServiceAtLocation) -> JSONObject:
    data = serialize.service_at_location(sal)
    # The service as seen from this place: its other places are not part of it.
    data["service"] = {k: v for k, v in serialize.service(sal.service).items() if k != "service_at_locations"}
    return data


def _service_at_locations(filters: ServiceFilters | None, *, full: bool) -> QuerySet[ServiceAtLocation]:
    services = _active_services()
    if filters is not None:
        services = services.filter(service_q(filters, accessibility=False))
    queryset = ServiceAtLocation.objects.filter(service__in=services)
    if filters is not None and filters.accessibility is not None:
        queryset = queryset.filter(location__in=with_accessibility(filters.accessibility))
    queryset = (
        queryset.select_related("location__organization__directory_profile")
        .prefetch_related(
            "phones",
            "schedules",
            "location__phones",
            "location__schedules",
            "contacts__phones",
            "location__contacts__phones",
        )
        .order_by("id")
    )
    if full:
        return queryset.prefetch_related(Prefetch("service", queryset=serialize.services_queryset()))
    return queryset.select_related("service__organization__directory_profile")


def _near(queryset: QuerySet[ServiceAtLocation], near: Near) -> QuerySet[ServiceAtLocation]:
    code = (near.postcode or "").strip()
    if not code:
        return queryset
    if "\x00" in code:  # no postal code holds one (and PostgreSQL refuses it in a query)
        return queryset.none()
    in_postcode = Q(postal_code__iexact=code) | Q(postal_code__istartswith=f"{code}-")
    if near.proximity is None:
        return queryset.filter(location__in=Location.objects.filter(in_postcode))
    centre = Location.objects.filter(in_postcode, latitude__isnull=False, longitude__isnull=False).aggregate(
        lat=Avg("latitude"), lon=Avg("longitude")
    )
    if centre["lat"] is None:
        return queryset.none()
    lat, lon, km = float(centre["lat"]), float(centre["lon"]), near.proximity / 1000
    # The finder's equirectangular distance (village.directory.search), exact enough within a region.
    ky, kx = KM_PER_DEGREE, KM_PER_DEGREE * max(math.cos(math.radians(lat)), 1e-6)
    dlat, dlon = F("location__latitude") - lat, F("location__longitude") - lon
    squared = ExpressionWrapper(dlat * dlat * (ky * ky) + dlon * dlon * (kx * kx), output_field=FloatField())
    return (
        queryset.filter(
            location__latitude__range=(lat - km / ky, lat + km / ky),
            location__longitude__range=(lon - km / kx, lon + km / kx),
        )
        .alias(distance_squared=squared)
        .filter(distance_squared__lte=km * km)
    )


@api.get(
    "/service_at_locations",
    response={200: ServiceAtLocationPage, 422: Invalid},
    operation_id="getPaginatedListOfServiceAtLocation",
    url_name="service_at_locations",
    summary="Services at locations",
    description=(
        "Where each active service is offered, by one-to-one fields (`full=true`: fully nested). The filters "
        "are those of `/services`; `accessibility` applies to the location itself."
    ),
    openapi_extra=_ndjson_doc("compiled/service_at_location_list"),
)
@_in_default_language
def list_service_at_locations(
    request: HttpRequest,
    paging: Query[Paging],
    filters: Query[ServiceFilters],
    near: Query[Near],
    shape: Query[SalShape],
) -> JSONObject | StreamingHttpResponse:
    queryset = _near(_service_at_locations(filters, full=shape.full), near)
    return _page(queryset, paging, _service_at_location_full if shape.full else _service_at_location_item)


@api.get(
    "/service_at_locations/{id}",
    response={200: ServiceAtLocationObject, 404: NotFound},
    operation_id="getServiceAtLocationWithNestedDataById",
    url_name="service_at_location",
    summary="One service at a location, fully nested",
)
@_in_default_language
def get_service_at_location(request: HttpRequest, id: str) -> JSONObject:
    return _service_at_location_full(_by_id(_service_at_locations(None, full=True), id))


# --- Taxonomies --------------------------------------------------------------------------


def _taxonomy_term(term: TaxonomyTerm) -> JSONObject:
    return serialize.taxonomy_term(term) | {"taxonomy_detail": serialize.taxonomy(term.taxonomy)}


@api.get(
    "/taxonomies",
    response={200: TaxonomyPage, 422: Invalid},
    operation_id="getPaginatedListOfTaxonomies",
    url_name="taxonomies",
    summary="Taxonomies",
    openapi_extra=_ndjson_doc("taxonomy"),
)
@_in_default_language
def list_taxonomies(
    request: HttpRequest, paging: Query[Paging], filters: Query[TaxonomyFilters]
) -> JSONObject | StreamingHttpResponse:
    queryset = Taxonomy.objects.order_by("name", "id")
    for word in words(filters.search):
        queryset = queryset.filter(Q(name__icontains=word) | Q(description__icontains=word))
    return _page(queryset, paging, serialize.taxonomy)


@api.get(
    "/taxonomies/{id}",
    response={200: TaxonomyObject, 404: NotFound},
    operation_id="getTaxonomyById",
    url_name="taxonomy",
    summary="One taxonomy",
)
@_in_default_language
def get_taxonomy(request: HttpRequest, id: str) -> JSONObject:
    return serialize.taxonomy(_by_id(Taxonomy.objects.all(), id))


def _terms() -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.select_related("taxonomy", "parent").order_by("taxonomy__name", "code", "id")


@api.get(
    "/taxonomy_terms",
    response={200: TaxonomyTermPage, 422: Invalid},
    operation_id="getPaginatedListOfTaxonomyTerms",
    url_name="taxonomy_terms",
    summary="Taxonomy terms",
    openapi_extra=_ndjson_doc("taxonomy_term"),
)
@_in_default_language
def list_taxonomy_terms(
    request: HttpRequest, paging: Query[Paging], filters: Query[TermFilters]
) -> JSONObject | StreamingHttpResponse:
    queryset = _terms()
    for word in words(filters.search):
        queryset = queryset.filter(Q(name__icontains=word) | Q(code__icontains=word) | Q(description__icontains=word))
    if filters.taxonomy_id is not None:
        queryset = queryset.filter(id_q("taxonomy__hsds_id", filters.taxonomy_id))
    if filters.top_only:
        queryset = queryset.filter(parent__isnull=True)
    if filters.parent_id is not None:
        queryset = queryset.filter(id_q("parent__hsds_id", filters.parent_id))
    return _page(queryset, paging, _taxonomy_term)


@api.get(
    "/taxonomy_terms/{id}",
    response={200: TaxonomyTermObject, 404: NotFound},
    operation_id="getTaxonomyTermById",
    url_name="taxonomy_term",
    summary="One taxonomy term",
)
@_in_default_language
def get_taxonomy_term(request: HttpRequest, id: str) -> JSONObject:
    return _taxonomy_term(_by_id(_terms(), id))
