"""Shared steps of the journey tests: open a phone or a desktop in a language, sign in through the
real sign-in page (a staff member types the code of their authenticator app, computed here from the
secret the test enrolled), and check what the person sees (no English left on a non-English page)."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

from conftest import PASSWORD
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_family_accounts import VISIBLE_TEXT

# Words in Latin letters an Arabic page may show: names of people, places, organizations and the
# product, the service a partner named in English, addresses and emails typed by people.
NAMES = {
    "Village",
    "QR",
    "PDF",
    "CSV",
    "IEP",  # the US programme's name, as the law spells it
    "Riverbend",
    "Region",
    "Unified",
    "Lakeside",
    "Schools",
    "Lincoln",
    "Elementary",
    "Washington",
    "High",
    "Bayview",
    "Northside",
    "Family",
    "Health",
    "Clinic",
    "Eastside",
    "Tutoring",
    "Layla",
    "Hassan",
    "Amina",
    "Lucas",
    "Pereira",
    "Dana",
    "Whitfield",
    "Rosa",
    "Martínez",
    "Mart",
    "nez",
    "Mai",
    "Nguyen",
    "Grace",
    "Liu",
    "Samuel",
    "Okafor",
    "Parent",
    "example",
    "org",
    "homework",
    "club",
    "Main",
    "St",
}


@dataclass(frozen=True)
class Run:
    """One way through a journey: a language on a device."""

    language: str
    viewport: dict[str, int]

    @property
    def arabic(self) -> bool:
        return self.language == "ar"

    def __str__(self) -> str:
        return f"{self.language}-{self.viewport['width']}"


RUNS = [Run("ar", PHONE), Run("en", DESKTOP)]


def english_words(page: Any, allowed: set[str] = frozenset()) -> list[str]:  # type: ignore[assignment]
    # Codes to type in a file (<code>) and addresses people typed are not words to translate.
    script = VISIBLE_TEXT.replace('"select, [lang]:not(html)"', '"select, [lang]:not(html), code"')
    assert script != VISIBLE_TEXT
    text = re.sub(r"\S+@\S+|https?://\S+", " ", page.evaluate(script))
    known = NAMES | allowed
    words: set[str] = set()
    for token in re.findall(r"[A-Za-z]{2,}", text):
        if token in known:
            continue
        # Two names of list items the page's text runs together ("LiuAmina") are each checked.
        words.update(w for w in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])", token) if len(w) > 1 and w not in known)
    return sorted(words)


def sees(page: Any, run: Run, *texts: str, allowed: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    """The page is in the run's language and direction, fits the screen, shows each text, and (in
    Arabic) has no English word left."""
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.lang") == run.language, page.url
    assert page.evaluate("document.documentElement.dir") == ("rtl" if run.arabic else "ltr"), page.url
    shown = " ".join(page.locator("body").inner_text().split())
    for text in texts:
        assert " ".join(text.split()) in shown, f"{page.url}: {text!r} not shown"
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1, (
        f"{page.url} scrolls sideways"
    )
    if run.arabic:
        words = english_words(page, allowed)
        assert not words, f"English on {page.url}: {words}"
    else:
        assert page.locator("main").inner_text().strip(), page.url


def t(run: Run, english: str) -> str:
    """What the person reads, in the run's language (from the product's own catalog)."""
    from django.utils import translation

    with translation.override(run.language):
        return translation.gettext(english)


def open_page(browser: Any, live_server: Any, run: Run) -> Any:
    """A new browser (its own cookies) on the run's device, asking for the run's language."""
    context = browser.new_context(viewport=run.viewport, locale=run.language, base_url=live_server.url)
    context.add_cookies([{"name": "village_language", "value": run.language, "url": live_server.url}])
    context.set_default_timeout(5_000)
    return context.new_page()


def totp_code(user: Any) -> str:
    """The six digits the person's authenticator app shows now (the secret the test enrolled)."""
    from allauth.mfa import app_settings
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from allauth.mfa.utils import decrypt

    secret = decrypt(Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"])
    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


def sign_in_staff(page: Any, run: Run, user: Any) -> None:
    """Email and password, then the authenticator's code, on the real sign-in pages."""
    if user.preferred_language != run.language:
        user.preferred_language = run.language
        user.save(update_fields=["preferred_language"])
    page.goto("/accounts/login/")
    sees(page, run)
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    sees(page, run)
    for _attempt in range(2):  # a code typed as its 30 seconds end is refused: the app shows the next
        page.locator("input[name=code]").fill(totp_code(user))
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state()
        if "/accounts/" not in page.url:
            return
        time.sleep(1)
    raise AssertionError(f"{user.email} could not sign in: {page.locator('main').inner_text()}")


def sign_in(page: Any, run: Run, user: Any) -> None:
    """A person with no second step (a family, a council member) signs in with email and password."""
    if user.preferred_language != run.language:
        user.preferred_language = run.language
        user.save(update_fields=["preferred_language"])
    page.goto("/accounts/login/")
    sees(page, run)
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"^(?!.*/accounts/).*$"))
