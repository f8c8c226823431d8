from __future__ import annotations

from django.db.models import QuerySet
from ninja import Router, Schema
from ninja.pagination import paginate

from village.accounts.api_auth import require_scope
from village.accounts.http import AuthenticatedHttpRequest
from village.lib.pagination import Pages
from village.orgs.access import access_organization, visible_organizations
from village.orgs.models import Organization, School

router = Router(tags=["organizations"])


class SchoolOut(Schema):
    id: int
    name: str
    district: str
    level: str
    lowest_grade: int
    highest_grade: int
    city: str

    @staticmethod
    def resolve_district(obj: School) -> str:
        return obj.district.slug


class OrganizationOut(Schema):
    id: int
    name: str
    partner_type: str
    description: str
    website: str
    email: str
    phone: str
    city: str


@router.get(
    "/organizations",
    response=list[OrganizationOut],
    summary="Partner organizations you can see",
    description="Scope: `orgs:read`.",
)
@paginate(Pages)
def list_organizations(request: AuthenticatedHttpRequest) -> QuerySet[Organization]:
    require_scope(request, "orgs:read")
    return visible_organizations(request.user).order_by("name")


@router.get(
    "/organizations/{organization_id}",
    response=OrganizationOut,
    summary="One partner organization",
    description="Scope: `orgs:read`.",
)
def get_organization(request: AuthenticatedHttpRequest, organization_id: int) -> Organization:
    require_scope(request, "orgs:read")
    return access_organization(request.user, organization_id)
