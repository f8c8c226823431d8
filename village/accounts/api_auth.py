"""Bearer-token authentication and scope checks for the API."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer

from village.accounts.actions import authenticate_api_token
from village.accounts.models import ApiToken


class TokenAuth(HttpBearer):
    """`Authorization: Bearer vlg_…`. The token rides on the request for scope checks."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = authenticate_api_token(token)
        if found is not None:
            request.user = found.user
            request.api_token = found  # type: ignore[attr-defined]
        return found


def require_scope(request: HttpRequest, scope: str) -> None:
    """Refuse (403) unless the request's token carries `scope`."""
    token: ApiToken | None = getattr(request, "api_token", None)
    if token is None or scope not in token.scopes:
        raise HttpError(403, f"This token lacks the scope {scope}.")
