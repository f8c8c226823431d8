from __future__ import annotations

import datetime

from django.db.models import QuerySet
from ninja import Router, Schema
from ninja.pagination import paginate

from village.accounts.api_auth import require_scope
from village.accounts.http import AuthenticatedHttpRequest
from village.lib.pagination import Pages
from village.partnerships.access import access_partnership, visible_partnerships
from village.partnerships.models import Partnership

router = Router(tags=["partnerships"])


class AgreementOut(Schema):
    id: int
    title: str
    state: str
    active_version: int | None
    start_date: datetime.date | None
    end_date: datetime.date | None


class PartnershipOut(Schema):
    id: int
    name: str
    district: str
    status: str
    partner_type: str
    district_wide: bool
    schools: list[int]
    organizations: list[int]
    shared_goals: str
    services: str
    seats: int
    agreements: list[AgreementOut]

    @staticmethod
    def resolve_district(obj: Partnership) -> str:
        return obj.district.slug

    @staticmethod
    def resolve_schools(obj: Partnership) -> list[int]:
        return [s.pk for s in obj.schools.all()]

    @staticmethod
    def resolve_organizations(obj: Partnership) -> list[int]:
        return [m.organization_id for m in obj.members.all()]

    @staticmethod
    def resolve_agreements(obj: Partnership) -> list[AgreementOut]:
        return [
            AgreementOut(
                id=a.pk,
                title=a.title,
                state=a.state(),
                active_version=a.active_version.number if a.active_version else None,
                start_date=a.active_version.start_date if a.active_version else None,
                end_date=a.active_version.end_date if a.active_version else None,
            )
            for a in obj.agreements.all()
        ]


def _with_related(qs: QuerySet[Partnership]) -> QuerySet[Partnership]:
    return qs.select_related("district").prefetch_related("schools", "members", "agreements__active_version")


@router.get(
    "/partnerships",
    response=list[PartnershipOut],
    summary="Partnerships you take part in",
    description="Scope: `partnerships:read`.",
)
@paginate(Pages)
def list_partnerships(request: AuthenticatedHttpRequest) -> QuerySet[Partnership]:
    require_scope(request, "partnerships:read")
    return _with_related(visible_partnerships(request.user)).order_by("name")


@router.get(
    "/partnerships/{partnership_id}",
    response=PartnershipOut,
    summary="One partnership",
    description="Scope: `partnerships:read`.",
)
def get_partnership(request: AuthenticatedHttpRequest, partnership_id: int) -> Partnership:
    require_scope(request, "partnerships:read")
    return access_partnership(request.user, partnership_id)
