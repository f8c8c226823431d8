"""The typed API under /api/v1/. Each app contributes a router; auth is a personal bearer token."""

from __future__ import annotations

from ninja import NinjaAPI

from village.accounts.api import router as accounts_router
from village.accounts.api_auth import TokenAuth
from village.families.api import router as families_router
from village.home.api import router as home_router
from village.lib.health import router as health_router
from village.orgs.api import router as orgs_router
from village.partnerships.api import router as partnerships_router

api = NinjaAPI(
    title="Village API",
    version="1",
    description=(
        "Village's API for partner integrations. Authenticate with a personal API token "
        "(created under Account, API tokens) as `Authorization: Bearer <token>`; each "
        "operation names the scope it needs."
    ),
    urls_namespace="api-v1",
    auth=TokenAuth(),
    # No interactive docs page: Swagger UI is not accessible enough for our users. The
    # OpenAPI document at /api/v1/openapi.json loads into any OpenAPI tool.
    docs_url=None,
)
api.add_router("", health_router)
api.add_router("", accounts_router)
api.add_router("", orgs_router)
api.add_router("", home_router)
api.add_router("", families_router)
api.add_router("", partnerships_router)
