"""The schools a person can see, through the API: the same schools as the school pages.

They live here rather than in `orgs` because families reach schools through their children.
The operation ids are kept from when these operations lived in `orgs`, so clients built from
the OpenAPI document keep working.
"""

from __future__ import annotations

from django.db.models import QuerySet
from ninja import Router
from ninja.pagination import paginate

from village.accounts.api_auth import require_scope
from village.accounts.http import AuthenticatedHttpRequest
from village.home.access import access_school_page, visible_schools
from village.lib.pagination import Pages
from village.orgs.api import SchoolOut
from village.orgs.models import School

router = Router(tags=["organizations"])


@router.get(
    "/schools",
    response=list[SchoolOut],
    summary="Schools you can see",
    description="Scope: `orgs:read`.",
    operation_id="village_orgs_api_list_schools",
)
@paginate(Pages)
def list_schools(request: AuthenticatedHttpRequest) -> QuerySet[School]:
    require_scope(request, "orgs:read")
    return visible_schools(request.user).order_by("name")


@router.get(
    "/schools/{school_id}",
    response=SchoolOut,
    summary="One school",
    description="Scope: `orgs:read`.",
    operation_id="village_orgs_api_get_school",
)
def get_school(request: AuthenticatedHttpRequest, school_id: int) -> School:
    require_scope(request, "orgs:read")
    return access_school_page(request.user, school_id)
