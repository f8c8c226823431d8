from __future__ import annotations

from ninja import Router, Schema

from village.accounts.api_auth import require_scope
from village.accounts.http import AuthenticatedHttpRequest
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
def me(request: AuthenticatedHttpRequest) -> MeOut:
    require_scope(request, "profile:read")
    user = request.user
    return MeOut(
        email=user.email,
        name=user.name,
        preferred_language=user.preferred_language,
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
