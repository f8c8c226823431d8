from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from village.accounts.api_auth import require_scope
from village.accounts.predicates import memberships

router = Router(tags=["people"])


class MembershipOut(Schema):
    role: str
    scope: str
    scope_id: int
    scope_name: str


class MeOut(Schema):
    email: str
    name: str
    preferred_language: str
    memberships: list[MembershipOut]


@router.get("/me", response=MeOut, summary="The token's owner", description="Scope: `profile:read`.")
def me(request: HttpRequest) -> MeOut:
    require_scope(request, "profile:read")
    user = request.user
    return MeOut(
        email=user.email,  # type: ignore[union-attr]
        name=user.name,  # type: ignore[union-attr]
        preferred_language=user.preferred_language,  # type: ignore[union-attr]
        memberships=[
            MembershipOut(
                role=m.role,
                scope=m.scope,
                scope_id=int(m.organization_id or m.school_id or m.district_id or 0),
                scope_name=m.scope_name,
            )
            for m in memberships(user)
        ],
    )
