"""Take the README's screenshots from a running demo (`make run`), with Debian's Chromium.

.venv/bin/python scripts/screenshots.py http://127.0.0.1:8000
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PASSWORD = "village-demo-2026"  # noqa: S105 - the published demo password
SHOTS = [
    # (file name, email, language, width)
    ("home-district-lead-en.png", "lead@village.test", "en", 1280),
    ("home-family-ar-phone.png", "family@village.test", "ar", 360),
    ("home-coordinator-es-phone.png", "coordinator@village.test", "es", 360),
    ("home-partner-vi-phone.png", "partner@village.test", "vi", 360),
]


def main(base: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        for name, email, language, width in SHOTS:
            context = browser.new_context(viewport={"width": width, "height": 900}, base_url=base)
            page = context.new_page()
            page.goto("/accounts/login/")
            page.locator("input[name=login]").fill(email)
            page.locator("input[name=password]").fill(PASSWORD)
            page.locator("main form button[type=submit]").first.click()
            page.wait_for_load_state()
            page.goto("/account/")
            page.locator("#id_preferred_language").select_option(language)
            page.locator("main form button[type=submit]").first.click()
            page.goto("/")
            page.screenshot(path=str(OUT / name), full_page=width > 400)
            context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
