"""Every URL and API operation, against every persona.

A new URL pattern or API operation that is not classified here fails the suite, so no
page ships without someone deciding who may reach it. "404" means "missing or
forbidden": Village answers both alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import PERSONAS, World
from tests.matrix_support import ALL_SIGNED_IN, LINCOLN_COMMUNITY, STAFF, Page

PAGES: dict[str, Page] = {
    "home": Page(public=True, allowed=ALL_SIGNED_IN),
    "set_language": Page(public=True, allowed=ALL_SIGNED_IN),
    "accounts:profile": Page(allowed=ALL_SIGNED_IN),
    "accounts:api_tokens": Page(allowed=STAFF),
    "accounts:api_token_revoke": Page(kwargs=lambda w: {"pk": 1}, method="POST"),
    "orgs:people": Page(kwargs=lambda w: {"slug": w.riverbend.slug}, allowed=("dana",)),
    "orgs:membership_end": Page(kwargs=lambda w: {"pk": 1}, method="POST"),
    "orgs:district": Page(kwargs=lambda w: {"slug": w.riverbend.slug}, allowed=("dana",)),
    "orgs:school_create": Page(kwargs=lambda w: {"slug": w.riverbend.slug}, allowed=("dana",)),
    "orgs:partners": Page(kwargs=lambda w: {"slug": w.riverbend.slug}, allowed=("dana",)),
    "orgs:organization_create": Page(kwargs=lambda w: {"slug": w.riverbend.slug}, allowed=("dana",)),
    "home:school": Page(kwargs=lambda w: {"pk": w.lincoln.pk}, allowed=LINCOLN_COMMUNITY),
    "orgs:school_edit": Page(kwargs=lambda w: {"pk": w.lincoln.pk}, allowed=("dana", "rosa")),
    "orgs:organization": Page(kwargs=lambda w: {"pk": w.clinic.pk}, allowed=("dana", "rosa", "sam", "mai", "omar")),
    "orgs:organization_edit": Page(kwargs=lambda w: {"pk": w.clinic.pk}, allowed=("dana", "mai")),
}

# django-allauth's pages: sign-in flows open to visitors, account pages for the signed-in.
# Each is classified by what a visitor gets; signed-in personas must never see an error.
ALLAUTH_PUBLIC = {
    "account_login",
    "account_request_login_code",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key_done",
    "account_signup",
    "account_inactive",
    "account_email_verification_sent",
}
ALLAUTH_REDIRECTS_VISITOR = {
    "account_logout",
    "account_email",
    "account_change_password",
    "account_set_password",
    "account_reauthenticate",
    "account_confirm_login_code",
    "mfa_index",
    "mfa_authenticate",
    "mfa_reauthenticate",
    "mfa_activate_totp",
    "mfa_deactivate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
}
ALLAUTH_WITH_ARGS = {
    "account_reset_password_from_key": {"uidb36": "x", "key": "y"},
    "account_confirm_email": {"key": "nokey"},
}

API_OPERATIONS: dict[tuple[str, str], Any] = {
    # (method, path template): personas allowed, for a token holding every scope
    ("GET", "/api/v1/health"): "public",
    ("GET", "/api/v1/me"): ALL_SIGNED_IN,
    ("GET", "/api/v1/schools"): ALL_SIGNED_IN,
    ("GET", "/api/v1/schools/{school_id}"): LINCOLN_COMMUNITY,
    ("GET", "/api/v1/organizations"): ALL_SIGNED_IN,
    ("GET", "/api/v1/organizations/{organization_id}"): ("dana", "rosa", "sam", "mai", "omar"),
}


# Apps whose API paths take other ids export API_IDS: World -> {"param": value}.
API_IDS: list[Callable[[World], dict[str, Any]]] = []


def _merge_app_matrices() -> None:
    """Each app may classify its own pages in `village/<app>/tests/matrix.py` (PAGES, API_OPERATIONS)."""
    import importlib
    import pkgutil

    import village

    for info in pkgutil.iter_modules(village.__path__):
        name = f"village.{info.name}.tests.matrix"
        if not (Path(village.__path__[0]) / info.name / "tests" / "matrix.py").exists():
            continue
        module = importlib.import_module(name)
        PAGES.update(getattr(module, "PAGES", {}))
        API_OPERATIONS.update(getattr(module, "API_OPERATIONS", {}))
        if hasattr(module, "API_IDS"):
            API_IDS.append(module.API_IDS)


_merge_app_matrices()


def _walk(patterns: list[Any], namespace: str = "") -> Iterator[str]:
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}"


# django-anymail's email-provider webhooks: no session, a POST with the webhook secret (basic auth)
# or refused with 400 (families' test_email_replies.py); a GET answers 405 to everyone.
NOT_PAGES = ("api-v1:", "anymail:")


def all_url_names() -> set[str]:
    return {n for n in _walk(get_resolver().url_patterns) if not n.startswith(NOT_PAGES)}


def test_every_url_is_classified() -> None:
    classified = set(PAGES) | ALLAUTH_PUBLIC | ALLAUTH_REDIRECTS_VISITOR | set(ALLAUTH_WITH_ARGS)
    unclassified = all_url_names() - classified
    assert not unclassified, f"Classify these URLs in the authorization matrix: {sorted(unclassified)}"
    stale = classified - all_url_names()
    assert not stale, f"These classified URLs no longer exist: {sorted(stale)}"


def test_every_api_operation_is_classified(client: Any) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    operations = {(m.upper(), path) for path, ops in schema["paths"].items() for m in ops}
    assert operations == set(API_OPERATIONS)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_access(name: str, persona: str, world: World, login: Any) -> None:
    page = PAGES[name]
    client = login(persona)
    url = reverse(name, kwargs=page.kwargs(world))
    if page.method == "POST":
        # Reachable only by POST; a GET is refused, and a visitor is sent to sign in.
        response = client.get(url)
        assert response.status_code == (302 if persona == "anonymous" else 405)
        return
    response = client.get(url)
    if persona == "anonymous":
        expected = 200 if page.public else 302
    elif persona in page.allowed:
        expected = 200
    else:
        expected = page.denied_status
    expected = page.extra.get(persona, expected)
    assert response.status_code == expected, f"{persona} GET {url}"
    if expected == 302:
        assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("persona", ["anonymous", "rosa", "amina"])
def test_allauth_pages_answer_without_errors(persona: str, world: World, login: Any) -> None:
    client = login(persona)
    for name in sorted(ALLAUTH_PUBLIC | ALLAUTH_REDIRECTS_VISITOR):
        response = client.get(reverse(name))
        assert response.status_code < 500, name
        if persona == "anonymous" and name in ALLAUTH_REDIRECTS_VISITOR:
            assert response.status_code == 302, name
        if persona == "anonymous" and name in ALLAUTH_PUBLIC - {"account_signup"}:
            assert response.status_code in (200, 302), name
    for name, kwargs in ALLAUTH_WITH_ARGS.items():
        assert client.get(reverse(name, kwargs=kwargs)).status_code < 500, name


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_access(persona: str, world: World, client: Any) -> None:
    from village.accounts.actions import create_api_token
    from village.accounts.models import ApiScope

    headers = {}
    if persona != "anonymous":
        issued = create_api_token(world.persona(persona), name="matrix", scopes=list(ApiScope.values))
        headers["Authorization"] = f"Bearer {issued.secret}"
    ids = {"school_id": world.lincoln.pk, "organization_id": world.clinic.pk}
    for extra_ids in API_IDS:
        ids.update(extra_ids(world))
    for (method, template), allowed in API_OPERATIONS.items():
        path = template.format(**ids)
        response = client.generic(method, path, headers=headers)
        if allowed == "public":
            expected = 200
        elif persona == "anonymous":
            expected = 401
        else:
            expected = 200 if persona in allowed else 404
        assert response.status_code == expected, f"{persona} {method} {path}"
