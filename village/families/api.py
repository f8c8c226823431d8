"""The record of disclosures for district leads (scope `disclosures:read`)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from village.accounts.api_auth import require_scope
from village.accounts.http import AuthenticatedHttpRequest
from village.accounts.models import Role
from village.accounts.predicates import district_ids
from village.families.models import DisclosureRecord
from village.lib.pagination import Pages

router = Router(tags=["disclosures"])


class DisclosureOut(Schema):
    id: int
    disclosed_at: datetime
    district: str
    student_id: str
    school: str
    recipient_id: int
    recipient: str
    elements: list[str]
    purpose: str
    purpose_detail: str
    legal_basis: str
    consent_id: int | None
    channel: str
    disclosed_by: str | None

    @staticmethod
    def resolve_district(obj: DisclosureRecord) -> str:
        return obj.district.slug

    @staticmethod
    def resolve_student_id(obj: DisclosureRecord) -> str:
        return obj.student.local_id

    @staticmethod
    def resolve_school(obj: DisclosureRecord) -> str:
        return obj.student.school.name

    @staticmethod
    def resolve_recipient(obj: DisclosureRecord) -> str:
        return obj.recipient.name

    @staticmethod
    def resolve_legal_basis(obj: DisclosureRecord) -> str:
        if obj.consent_id:
            return "consent"
        return obj.legal_basis.kind if obj.legal_basis else ""

    @staticmethod
    def resolve_disclosed_by(obj: DisclosureRecord) -> str | None:
        return obj.disclosed_by.name if obj.disclosed_by else None


@router.get(
    "/disclosures",
    response=list[DisclosureOut],
    summary="The record of disclosures of the districts you lead",
    description="Scope: `disclosures:read`. District leads only; newest first.",
)
@paginate(Pages)
def list_disclosures(request: AuthenticatedHttpRequest) -> QuerySet[DisclosureRecord]:
    require_scope(request, "disclosures:read")
    led = district_ids(request.user, Role.DISTRICT_LEAD)
    if not led:
        raise HttpError(404, "Not found.")
    return (
        DisclosureRecord.objects.filter(district_id__in=led)
        .select_related("district", "student__school", "recipient", "disclosed_by", "legal_basis")
        .order_by("-disclosed_at", "-id")
    )
