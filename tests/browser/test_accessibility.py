"""axe-core (WCAG 2.x A and AA rules) finds nothing on any page a persona can reach,
in English and Arabic, at phone and desktop widths; and nothing scrolls sideways on a phone."""

from __future__ import annotations

import json
from typing import Any

import pytest
from axe_playwright_python.base import AxeResults
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from conftest import PERSONAS, World
from tests.browser.conftest import DESKTOP, PHONE
from tests.test_authorization_matrix import PAGES

pytestmark = [pytest.mark.browser]

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}

# Sign-in pages a visitor reaches, beyond the matrix's public pages.
VISITOR_PAGES = ["account_login", "account_request_login_code", "account_reset_password", "account_reset_password_done"]
# Account-security pages every signed-in person reaches.
ACCOUNT_PAGES = ["mfa_index", "account_change_password", "account_email", "account_logout"]


def reachable_urls(persona: str, world: World) -> list[str]:
    urls = []
    for name, page in PAGES.items():
        if page.method != "GET":
            continue
        if (persona == "anonymous" and page.public) or persona in page.allowed:
            urls.append(reverse(name, kwargs=page.kwargs(world)))
    if persona == "anonymous":
        urls.extend(reverse(name) for name in VISITOR_PAGES)
    elif persona in ("amina", "rosa"):
        # The account pages are the same for everyone: a family and a staff member cover them.
        urls.extend(reverse(name) for name in ACCOUNT_PAGES)
    return urls


def preload_axe(page: Any, axe: Axe) -> None:
    """Load axe-core into every document this page opens, once, instead of sending it per check."""
    page.context.add_init_script(script=axe.axe_script)


def run_axe(page: Any) -> AxeResults:
    return AxeResults(page.evaluate(f"axe.run(document, {json.dumps(AXE_OPTIONS)})"))


def check_page(page: Any, url: str, axe: Axe) -> list[str]:
    problems = []
    probe = page.request.get(url)
    assert probe.status == 200, f"{url}: {probe.status}"
    if not probe.headers.get("content-type", "").startswith("text/html"):
        return []  # a download (CSV, PDF), not a page to check
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"
    results = run_axe(page)
    if results.violations_count:
        problems.append(f"{url}:\n{results.generate_report()}")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 1:
        problems.append(f"{url}: scrolls sideways by {overflow}px")
    return problems


@pytest.mark.axe_sweep
@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_reachable_page_passes_axe(
    persona: str, language: str, world: World, page_for: Any, transactional_db: Any
) -> None:
    axe = Axe()
    user = None if persona == "anonymous" else world.persona(persona)
    problems: list[str] = []
    checked = 0
    for viewport in (PHONE, DESKTOP):
        page = page_for(user, viewport, language)
        preload_axe(page, axe)
        for url in reachable_urls(persona, world):
            problems += check_page(page, url, axe)
            checked += 1
        assert page.evaluate("document.documentElement.dir") == ("rtl" if language == "ar" else "ltr")
    assert checked >= 4
    assert not problems, "\n".join(problems)


def test_mfa_enrolment_page_passes_axe(world: World, page_for: Any, transactional_db: Any) -> None:
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=world.rosa).delete()
    axe = Axe()
    for language in ("en", "ar"):
        page = page_for(world.rosa, PHONE, language)
        page.goto(reverse("home"))
        if "/reauthenticate/" in page.url:
            # A forced session has no recent sign-in, so the password is asked for first.
            page.locator("main input[type=password]").fill("correct-horse-battery-staple")
            page.locator("main form button[type=submit]").click()
        page.wait_for_url("**/2fa/totp/activate/**")
        results = axe.run(page, options=AXE_OPTIONS)
        assert results.violations_count == 0, results.generate_report()
        assert page.locator("img[alt]").first.is_visible()
