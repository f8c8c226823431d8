"""Proposals carry their translations: staff who run the council add them, readers see their
language or the original marked "not yet translated" (issue #14, item 9)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from conftest import World
from village.audit.models import AuditEvent
from village.governance.models import Proposal
from village.governance.tests.helpers import decided_proposal, lincoln_council, propose

TITLE_AR = "ترجمة فورية إلى العربية في كل اجتماع"
GOAL_AR = "تشارك العائلات الناطقة بالعربية في القرارات."


def _translate_url(proposal: Proposal, language: str) -> str:
    return reverse("governance:proposal_translate", kwargs={"pk": proposal.pk, "language": language})


def test_staff_add_a_translation_that_an_arabic_reader_then_sees(world: World, login: Any) -> None:
    proposal = decided_proposal(world)
    rosa = login("rosa", language="en")
    page = rosa.get(proposal.get_absolute_url()).content.decode()
    # The state of each required language is shown, with a link to translate it.
    assert "Translations" in page and _translate_url(proposal, "ar") in page
    form = rosa.get(_translate_url(proposal, "ar")).content.decode()
    assert "Arabic interpretation at every council meeting" in form and 'lang="ar"' in form
    response = rosa.post(_translate_url(proposal, "ar"), {"title": TITLE_AR, "what": "", "equity_goal": GOAL_AR})
    assert response.status_code == 302 and response["Location"] == proposal.get_absolute_url()
    proposal.refresh_from_db()
    assert proposal.title == {"en": "Arabic interpretation at every council meeting", "ar": TITLE_AR}
    assert AuditEvent.objects.filter(code="governance.proposal.translated").count() == 1

    amina = login("amina", language="ar")
    page = amina.get(proposal.get_absolute_url()).content.decode()
    assert f"<h1>{TITLE_AR}</h1>" in page
    # The body has no Arabic yet: shown as written, in English, marked.
    assert '<span lang="en" dir="ltr">Book an Arabic interpreter for each meeting.</span>' in page
    assert "لم تتم ترجمته بعد" in page or "tag--untranslated" in page
    log = login("anonymous")
    log.cookies["village_language"] = "ar"
    body = log.get(reverse("governance:log")).content.decode()
    assert TITLE_AR in body and GOAL_AR in body


def test_a_missing_translation_is_marked_never_passed_off(world: World, login: Any) -> None:
    proposal = decided_proposal(world)
    mai = login("anonymous")
    mai.cookies["village_language"] = "vi"
    body = mai.get(reverse("governance:log")).content.decode()
    assert '<span lang="en" dir="ltr">Arabic interpretation at every council meeting</span>' in body
    assert body.count("tag--untranslated") >= 1
    # Staff see which languages still lack it.
    page = login("rosa", language="en").get(proposal.get_absolute_url()).content.decode()
    assert page.count("Not yet translated") >= 4  # ar, es, vi, zh-hans


def test_the_form_posted_back_unchanged_changes_nothing(world: World, login: Any) -> None:
    proposal = decided_proposal(world)
    rosa = login("rosa", language="en")
    rosa.post(_translate_url(proposal, "es"), {"title": "Interpretación en árabe", "what": ""})
    before = Proposal.objects.values("title", "what").get(pk=proposal.pk)
    events = AuditEvent.objects.count()
    rosa.post(_translate_url(proposal, "es"), {"title": "Interpretación en árabe", "what": ""})
    assert Proposal.objects.values("title", "what").get(pk=proposal.pk) == before
    assert AuditEvent.objects.count() == events


def test_only_staff_running_the_council_translate_and_only_into_another_required_language(
    world: World, login: Any
) -> None:
    proposal = decided_proposal(world)
    assert login("grace", language="en").get(_translate_url(proposal, "ar")).status_code == 404
    rosa = login("rosa", language="en")
    assert rosa.get(_translate_url(proposal, "en")).status_code == 404  # the language it is written in
    assert rosa.get(_translate_url(proposal, "klingon")).status_code == 404


def test_an_accepted_amendment_drops_the_body_translations_it_no_longer_matches(world: World, login: Any) -> None:
    proposal = propose(world, lincoln_council(world))
    rosa = login("rosa", language="en")
    rosa.post(_translate_url(proposal, "ar"), {"title": TITLE_AR, "what": "مترجم في كل اجتماع"})
    login("grace", language="en").post(
        reverse("governance:comment", kwargs={"pk": proposal.pk}), {"text": "Somali too.", "amendment": "Book two."}
    )
    amendment = proposal.comments.get()
    rosa = login("rosa", language="en")  # one client: sign Rosa in again
    rosa.post(reverse("governance:amendment_settle", kwargs={"pk": amendment.pk}), {"accept": "yes"})
    proposal.refresh_from_db()
    assert proposal.what == {"en": "Book two."} and proposal.title["ar"] == TITLE_AR
