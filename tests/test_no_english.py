"""No English on a non-English page: Amina (family, Arabic) and Rosa (coordinator, Spanish) walk
their pages of the demo region by following links; every page must be free of interface text
left in English and, in Arabic, of language names written in English.

"Interface text left in English" is any msgid our catalog translates (its msgstr differs) that
shows on the page as a whole piece of text, or inside it when it is a sentence of four words or
more; plus Django's own empty choice ("---------") and its stock form messages. Text a page marks
as English on purpose (`lang="en"`, such as an original not yet translated) is not counted, nor
is what people typed (the demo's names and addresses are not in the catalogs).
"""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from io import StringIO
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from babel import Locale
from django.core.management import call_command
from django.test import Client
from django.urls import resolve
from django.urls.exceptions import Resolver404

from tests.test_translations import catalog
from village.accounts.models import User
from village.lib.languages import COMMON_LANGUAGES

pytestmark = [pytest.mark.django_db(transaction=False), pytest.mark.xdist_group("reachable")]

PER_ROUTE = 1
MAX_PAGES = 60
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
ATTRIBUTES = ("placeholder", "aria-label", "title", "alt")
DJANGO_ENGLISH = ("---------", "Select an option", "This field is required.", "Enter a valid", "Select a valid choice")
# Msgids that are also words of another language or proper names, so the same text is expected.
ARABIC = re.compile(r"[\u0600-\u06ff]")
SAME_IN_BOTH = {"OK", "Village", "Email", "Total", "Local", "Normal", "Global", "No"}


class _Page(HTMLParser):
    """Text a reader sees or hears (text, placeholders, labels), outside `lang="en"` parts, and links."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.links: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, hidden from the check)

    @property
    def _skipping(self) -> bool:
        return any(skip for _tag, skip in self._stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "a" and found.get("href"):
            self.links.append(found["href"])
        # Code (a CSV column's values) and text marked as English on purpose are not interface text.
        skip = tag in ("script", "style", "template", "code") or found.get("lang", "").lower().startswith("en")
        if not (skip or self._skipping):
            self.texts += [found[a] for a in ATTRIBUTES if found.get(a)]
            if tag == "input" and found.get("type") in ("submit", "button") and found.get("value"):
                self.texts.append(found["value"])
        if tag not in VOID:
            self._stack.append((tag, skip))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                return

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text and not self._skipping:
            self.texts.append(text)


def _english_msgids(language: str) -> tuple[set[str], list[str]]:
    """(whole texts, sentences to find inside texts) our catalog translates into `language`."""
    whole: set[str] = set()
    sentences: list[str] = []
    for entry in catalog(language).translated_entries():
        msgid = " ".join(entry.msgid.split())
        if entry.msgid_plural or "%" in msgid or "{" in msgid or msgid == entry.msgstr or msgid in SAME_IN_BOTH:
            continue
        if not re.search(r"[A-Za-z]{2}", msgid):
            continue
        whole.add(msgid)
        if len(msgid.split()) >= 4:
            sentences.append(msgid)
    return whole, sentences


def english_left(html: str, language: str) -> list[str]:
    """The pieces of English interface text (and, in Arabic, English language names) on a page."""
    page = _Page()
    page.feed(html)
    whole, sentences = _english_msgids(language)
    found = []
    for text in page.texts:
        if text in whole or text.rstrip(":") in whole:
            found.append(text)
        found += [f"{s!r} in {text!r}" for s in sentences if s in text and s != text]
        found += [f"Django's {d!r} in {text!r}" for d in DJANGO_ENGLISH if d in text]
    if language == "ar":
        # Django adds ":" after a label unless it ends in punctuation it knows: not "؟" by default.
        found += [f"'؟:' in {text!r}" for text in page.texts if "؟:" in text]
        english = Locale("en").languages
        names = {english[code] for code in ("en", "es", "ar", "vi", "so", "zh", "fr", "ht", "pt", "ru", "ko")}
        names |= {english.get(code.split("-")[0], "") for code in COMMON_LANGUAGES} - {""}
        pattern = re.compile(r"\b(" + "|".join(sorted(names)) + r")\b")
        # A name standing alone, or inside an Arabic sentence. English text that people wrote (a
        # council's proposal, a partner's name) sits in its own element (<bdi>), so it is a text
        # node of its own without Arabic letters and is not counted.
        for text in page.texts:
            if text in names or ARABIC.search(text):
                found += [f"language name {m.group(0)!r} in {text!r}" for m in pattern.finditer(text)]
    return found


def _route(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def _walk(client: Client, language: str) -> dict[str, list[str]]:
    """Each page reached from home (one page a route), with the English found on it."""
    problems: dict[str, list[str]] = {}
    done: set[str] = set()
    queue, seen = deque(["/"]), {"/"}
    visited = 0
    while queue and visited < MAX_PAGES:
        path = queue.popleft()
        route = _route(path)
        if route is None or route in done or route.startswith(("account_", "mfa_", "set_language", "api")):
            continue
        done.add(route)
        response = client.get(path)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        visited += 1
        html = response.content.decode()
        if found := english_left(html, language):
            problems[path] = found
        page = _Page()
        page.feed(html)
        for href in page.links:
            parts = urlsplit(urljoin(path, href))
            if parts.netloc not in ("", "testserver") or parts.path.startswith(("/static/", "/media/", "/accounts/")):
                continue
            if parts.path not in seen:
                seen.add(parts.path)
                queue.append(parts.path)
    assert visited > 5, "the walk reached too few pages to mean anything"
    return problems


@pytest.fixture
def demo(settings: Any) -> None:
    settings.VILLAGE_MFA_REQUIRED = False
    call_command("demo", "--no-progress", "--students", "300", stdout=StringIO())


@pytest.mark.parametrize(("email", "language"), [("family@village.test", "ar"), ("coordinator@village.test", "es")])
def test_a_persona_reads_no_english_on_their_pages(demo: None, email: str, language: str) -> None:
    user = User.objects.get(email=email)
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    client = Client()
    client.force_login(user)
    problems = _walk(client, language)
    report = "\n".join(f"{path}: {found[:6]}" for path, found in sorted(problems.items()))
    assert not problems, f"English left on {len(problems)} page(s):\n{report}"


def test_the_check_finds_english() -> None:
    """The checker itself: English interface text and an English language name are caught, what
    is marked lang="en" is not."""
    html = (
        '<p>لغة <bdi>Arabic</bdi></p><select><option value="">---------</option></select>'
        '<button>Sign out</button><p lang="en">Sign out</p><label>ما نوع المساعدة؟:</label>'
    )
    found = " ".join(english_left(html, "ar"))
    assert "Arabic" in found
    assert "---------" in found
    assert "Sign out" in found
    assert "؟:" in found
    assert english_left('<p lang="en">Sign out Arabic</p>', "ar") == []
