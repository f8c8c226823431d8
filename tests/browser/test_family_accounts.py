"""A family claims its account on a phone, in Arabic, by following the link its school emailed:
no password, a code by email, then its own child and not a word of English. And the family-account
pages pass axe in English and Arabic, on a phone and a desktop."""

from __future__ import annotations

import re
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from conftest import World
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_accessibility import check_page, preload_axe, run_axe
from village.families.tests.accounts_helpers import families

pytestmark = [pytest.mark.browser]

# Words in Latin letters an Arabic page may show: names of people, places and the product.
PROPER_NOUNS = {
    "Village",
    "Khadija",
    "Haddad",
    "Yusuf",
    "Lincoln",
    "Elementary",
    "Riverbend",
    "Unified",
    "example",
    "org",
}

VISIBLE_TEXT = """() => {
  const parts = [];
  for (const selector of ["title", ".site-nav", "main", "footer"]) {
    for (const node of document.querySelectorAll(selector)) {
      const copy = node.cloneNode(true);
      // Language pickers list each language in its own name, on purpose.
      copy.querySelectorAll("select, [lang]:not(html)").forEach((el) => el.remove());
      parts.push(selector === "title" ? node.textContent : copy.innerText);
    }
  }
  return parts.join("\\n");
}"""


def english_words(page: Any) -> list[str]:
    text = page.evaluate(VISIBLE_TEXT)
    return sorted({w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in PROPER_NOUNS})


def test_a_family_claims_its_account_on_a_phone_in_arabic_and_sees_its_child(
    world: World, page_for: Any, transactional_db: Any, live_server: Any, settings: Any
) -> None:
    from village.families.actions import invite_guardian
    from village.messaging.models import Delivery

    settings.VILLAGE_SITE_URL = live_server.url
    fam = families(world)
    invite_guardian(world.rosa, fam.khadija, channel="email")
    invitation_mail = Delivery.objects.get(outbox__kind="families.invitation")
    assert invitation_mail.language == "ar"
    link = re.search(r"https?://\S+/claim/\S+/", invitation_mail.body)
    assert link is not None

    # Her phone's browser asks for English; the invitation knows she reads Arabic.
    page = page_for(None, PHONE, "en")
    page.context.clear_cookies()
    axe = Axe()
    preload_axe(page, axe)
    page.goto(link.group(0))
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    assert english_words(page) == []
    assert run_axe(page).violations_count == 0

    page.get_by_role("button", name="أرسل لي رمزًا بالبريد الإلكتروني").click()
    page.wait_for_load_state()
    code_mail = Delivery.objects.get(outbox__kind="families.invitation.code")
    assert code_mail.language == "ar"
    code = re.search(r"\b(\d{6})\b", code_mail.body)
    assert code is not None
    field = page.get_by_label("الرمز الذي أرسلناه إليك بالبريد")
    assert field.is_visible()
    assert english_words(page) == []
    field.fill(code.group(1))
    field.press("Enter")
    page.wait_for_url(f"{live_server.url}/")

    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.get_by_text("Yusuf Haddad").is_visible()
    assert page.get_by_text("Layla").count() == 0 and page.get_by_text("Mateo").count() == 0
    assert english_words(page) == []
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1

    # Her child's page is hers; another child's is not.
    page.goto(reverse("families:student", kwargs={"pk": fam.yusuf.pk}))
    assert page.get_by_role("heading", name="Yusuf Haddad").is_visible()
    assert english_words(page) == []
    assert page.goto(reverse("families:student", kwargs={"pk": world.layla.pk})).status == 404


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_family_account_pages_pass_axe(
    language: str, world: World, page_for: Any, transactional_db: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from village.families.actions import invite_guardian, start_invitation_batch

    fam = families(world)
    letter = invite_guardian(world.rosa, fam.hoa, channel="letter")
    invite_guardian(world.rosa, fam.sofia, channel="email")
    with django_capture_on_commit_callbacks(execute=True):
        batch = start_invitation_batch(world.rosa, world.lincoln, [fam.haddad.pk, fam.ruiz.pk], letters=False)
    staff = [
        reverse("families:school_families", kwargs={"pk": world.lincoln.pk}),
        reverse("families:school_families", kwargs={"pk": world.lincoln.pk}) + "?show=all",
        reverse("families:household", kwargs={"pk": fam.ruiz.pk}),
        reverse("families:member_add", kwargs={"pk": fam.ruiz.pk}),
        reverse("families:invitation_batch", kwargs={"pk": batch.pk}),
        reverse("families:student", kwargs={"pk": fam.mateo.pk}),
        reverse("orgs:district_start", kwargs={"slug": world.region.slug}),
    ]
    visitor = [
        reverse("families:claim_start"),
        reverse("families:claim", kwargs={"code": letter.code}),
        reverse("families:claim", kwargs={"code": "ABCDEFGHJKMN"}),
    ]
    axe = Axe()
    problems: list[str] = []
    for viewport in (PHONE, DESKTOP):
        page = page_for(world.rosa, viewport, language)
        preload_axe(page, axe)
        for url in staff[:-1]:
            problems += check_page(page, url, axe)
        lead = page_for(world.dana, viewport, language)
        preload_axe(lead, axe)
        problems += check_page(lead, staff[-1], axe)
        anyone = page_for(None, viewport, language)
        preload_axe(anyone, axe)
        for url in visitor:
            problems += check_page(anyone, f"{url}?language={language}", axe)
    assert not problems, "\n".join(problems)
