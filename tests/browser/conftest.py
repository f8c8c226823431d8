"""Playwright driving Debian's Chromium against the live test server.

Browser tests skip where no Chromium is found, and fail instead when
VILLAGE_REQUIRE_BROWSER=1 (CI), so a missing browser can never pass CI.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from conftest import skip_or_fail

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("VILLAGE_CHROMIUM", "/usr/bin/chromium")
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        skip_or_fail(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("Playwright is not installed (make test installs it)")
    with sync_playwright() as pw:
        instance = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture
def session_for(live_server: Any, client: Any) -> Any:
    """Cookies for a persona's signed-in session, to hand to a browser context."""

    def _cookies(user: Any) -> list[dict[str, Any]]:
        if user is None:
            return []
        client.force_login(user)
        return [
            {"name": name, "value": morsel.value, "url": live_server.url} for name, morsel in client.cookies.items()
        ]

    return _cookies


@pytest.fixture
def page_for(browser: Any, session_for: Any, live_server: Any) -> Iterator[Any]:
    """`page_for(user, viewport, language)` opens a fresh browser page as that person (None: a visitor)."""
    contexts: list[Any] = []

    def _open(user: Any, viewport: dict[str, int] = DESKTOP, language: str = "en") -> Any:
        if user is not None and user.preferred_language != language:
            user.preferred_language = language
            user.save(update_fields=["preferred_language"])
        context = browser.new_context(viewport=viewport, locale=language, base_url=live_server.url)
        cookies = session_for(user)
        cookies.append({"name": "village_language", "value": language, "url": live_server.url})
        context.add_cookies(cookies)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield _open
    for context in contexts:
        context.close()
