"""Forms never lose data: posting back any form exactly as it was served changes nothing.

For each signed-in persona, every page the authorization matrix says they reach (with the
matrix's own data: the clinic's service, the Lincoln partnership, Riverbend's indicators...)
is fetched, and every POST form on it is found. Each form is classified by where it posts:
- EDITS: forms that edit what exists. Each is posted back exactly as served (see
  `tests.served_forms`); the answer must be a success (2xx, or a redirect to a page that
  answers 200), no error may be announced, and the database must be unchanged.
- NOT_EDITS: forms that create something new or perform an action (send, withdraw, delete,
  vote, sign out...): posting them is a deliberate change, so they are not posted, and the
  reason is written next to each.
A form posting to a route in neither list fails the suite, so a new form is classified when
it is added.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.db import models
from django.urls import resolve, reverse

from conftest import PERSONAS, World
from tests.served_forms import ServedForm, error_summary_in, served_forms
from tests.test_authorization_matrix import PAGES
from village.audit.models import AuditEvent

SIGNED_IN = tuple(p for p in PERSONAS if p != "anonymous")

# Route names of forms that edit existing data, posted back unchanged.
EDITS: set[str] = {
    "accounts:profile",  # a person's name and language
    "messaging:preferences",  # what a person receives, per topic, and their quiet hours
    "families:profile",  # a family's contact preferences, travel, accommodations and available times
    "families:plan_edit",  # what success looks like, in the family's words
    "families:need_status",  # a need's status
    "families:directory_opt_out",  # a family's directory-information opt-out (a setting on the consents page)
    "directory:service_edit",
    "directory:service_hours",
    "directory:location_edit",
    "orgs:school_edit",
    "orgs:organization_edit",
    "partnerships:edit",
    "partnerships:partner_side",
    "partnerships:task_edit",
    "indicators:indicator_edit",
    "voice:translate",
    "indicators:indicator_translate",  # staff's translation of an indicator's name (village.lib.translation_page)
    "voice:theme_translate",  # staff's translation of a theme (village.lib.translation_page)
    "governance:proposal_translate",  # staff's translation of a proposal (village.lib.translation_page)
    "partnerships:status",  # a partnership's status
    "governance:meeting_record",  # a meeting's attendance and minutes
    "indicators:review",  # a gap review's findings
    "voice:session",  # a listening session's attendance and what was heard
    "events:edit",  # an event's details, and its title and description in one language
}

# Route names of forms that create or act, with the reason they are not posted back.
NOT_EDITS: dict[str, str] = {
    "set_language": "switches the interface language: posting it is the choice of a language",
    "account_logout": "signs out",
    "accounts:api_tokens": "issues a new API token",
    "families:claim_start": "starts claiming a family account with a letter's code",
    "families:claim": "claims a family account (sends or checks a code)",
    "families:goal_add": "adds a goal",
    "families:need_add": "records a new need",
    "families:consent_new": "gives a new consent",
    "families:consent_withdraw": "withdraws a consent",
    "indicators:practice": "logs a new inclusive practice",
    "referrals:refer": "sends a referral",
    "referrals:quick_refer": "sends a referral",
    "referrals:ask": "a family asks the school for a service (opens a need)",
    "referrals:consent_withdraw": "withdraws a consent request the family has not answered",
    "referrals:consent_answer": "the family signs the consent a request asked for",
    "referrals:consent_decline": "the family says no to a consent request",
    "referrals:move": "moves a referral to its next step",
    "referrals:note": "adds a note to a referral",
    "referrals:request_consent": "asks the family for consent (a new request)",
    "referrals:consent_send": "sends the referral the family agreed to",
    "voice:respond": "answers a survey (a new response)",
    "directory:service_create": "adds a service",
    "directory:location_create": "adds a place",
    "directory:service_verify": "confirms a listing is still correct (stamps it verified today)",
    "directory:import": "imports a file",
    "partnerships:create": "starts a partnership",
    "partnerships:plan": "adds a milestone or a task",
    "partnerships:agreement_create": "drafts an agreement",
    "partnerships:agreement_revise": "drafts a new version of an agreement",
    "partnerships:agreement_sign": "signs an agreement",
    "partnerships:funding": "records new funding",
    "partnerships:resources": "records a resource shared",
    "governance:progress": "adds a progress update to a decision",
    "governance:proposal_new": "makes a proposal",
    "families:consent_paper": "records a signed paper consent",
    "families:legal_basis_new": "records a legal basis for sharing",
    "families:share": "shares a student's information with a partner (a disclosure)",
    "families:invite_guardian": "sends an invitation",
    "families:invite_families": "sends invitations",
    "families:letters_printed": "marks the listed letters printed",
    "families:school_conversations": "starts a conversation with a family (a message is sent)",
    "families:conversation": "writes a message in a conversation (a message is sent)",
    "families:conversation_close": "closes a conversation",
    "families:school_group_messages": "sends a message to a group of families (or counts them again)",
    "families:mobile": "sends a confirmation code by text (each press a new code)",
    "families:letters_by_email": "sends the listed letters by email instead",
    "families:invitation_withdraw": "withdraws an invitation",
    "families:member_add": "links a new member to a household",
    "families:member_remove": "unlinks a member from a household",
    "families:needs_bulk": "records needs in bulk",
    "families:roster": "syncs a roster file",
    "transit:feeds": "loads a transit feed (GTFS zip)",
    "governance:district_councils": "starts a council",
    "governance:school_councils": "starts a council",
    "governance:bylaws_new": "drafts bylaws",
    "governance:member_add": "seats a member",
    "governance:member_end": "ends a member's term",
    "governance:meeting_new": "schedules a meeting",
    "governance:meeting_agenda": "adds an agenda item",
    "indicators:framework": "adds the starter indicators",
    "indicators:indicator_new": "adds an indicator",
    "indicators:period_new": "adds a period",
    "indicators:celebration_new": "adds a celebration",
    "indicators:import": "imports values from a file",
    "indicators:import_attendance": "imports attendance from a file",
    "indicators:refresh": "recomputes the indicators' values",
    "indicators:review_action_add": "adds an action to a review",
    "indicators:review_close": "closes a review",
    "matching:allocation_new": "starts an allocation run",
    "orgs:district_start": "starts a district",
    "orgs:school_create": "adds a school",
    "orgs:organization_create": "adds a partner organization",
    "orgs:people": "grants a role",
    "orgs:membership_end": "ends a role",
    "partnerships:import": "imports partnerships from a file",
    "voice:survey_new": "starts a survey",
    "voice:question_add": "adds a question",
    "voice:survey_send": "sends a survey's invitations",
    "voice:survey_close": "closes a survey",
    "voice:survey_theme": "adds a theme",
    "voice:session_new": "records a listening session",
    "voice:session_theme": "adds a theme",
    "events:new": "plans an event",
    "events:show": "answers an event (a new RSVP; a signed-in person's unchanged answer is not rewritten)",
    "events:withdraw": 'answers "cannot come" (the same answer again writes nothing)',
    "events:cancel": "cancels an answer through its private link",
    "events:feed_revoke": "gives the person's calendar feed a new private address",
    "events:calendar": "imports a school calendar file",
    "events:attendance": "records how many came to an event that has started (the same counts again change nothing)",
    "community:new": "posts a volunteer opportunity",
    "community:set_open": "stops or resumes an opportunity's sign-ups (a toggle button)",
    "community:decide": "approves or declines a volunteer's sign-up",
    "community:clearance": "records a clearance the volunteer showed",
    "community:confirm": "confirms or turns down logged hours",
    "community:signup": "signs up to volunteer",
    "community:volunteer": "logs a volunteer's hours",
    "community:program_new": "starts a mentoring program",
    "community:mentor_add": "adds a mentor to a program",
    "community:mentee_add": "brings a referred student into the cohort (after the consent check)",
    "community:pair_one": "pairs a student with one of the mentors suggested",
    "community:cohort": "makes the ticked matches of the whole cohort",
    "community:pair": "closes a match with a reason",
    "community:read_check_in": "marks a check-in that went badly as read",
    "community:mentor_match": "logs a meeting or answers the month's check-in",
    "community:check_in": "answers a check-in",
}

# Tables that are request state, not product data.
NOT_PRODUCT_DATA = {"django_session"}


@dataclass(frozen=True)
class Stamp:
    """What saving a form unchanged still writes on purpose, and why."""

    why: str
    fields: frozenset[tuple[str, str]] = frozenset()  # (model label, field) left out of the comparison
    history: frozenset[str] = frozenset()  # history models that may gain a row
    events: frozenset[str] = frozenset()  # audit event codes that may be recorded


_VERIFIED = Stamp(
    why=(
        "saving a listing is how its partner confirms it is still correct: the page says it is "
        '"marked as verified today", families see that date, and reminders about unchecked listings '
        "go by it; the stamp is a new version in the listing's history and an audit event"
    ),
    fields=frozenset({("directory.Service", "last_verified_at")}),
    history=frozenset({"directory.HistoricalService"}),
    events=frozenset({"directory.service.verified"}),
)
STAMPED: dict[str, Stamp] = {"directory:service_edit": _VERIFIED, "directory:service_hours": _VERIFIED}
NO_STAMP = Stamp(why="")


def _snapshot(stamp: Stamp = NO_STAMP) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, as values (ids included), minus what `stamp` allows."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.db_table in NOT_PRODUCT_DATA or meta.proxy or not meta.managed or meta.label in stamp.history:
            continue
        names = [
            f.attname
            for f in meta.concrete_fields
            if (meta.label, f.name) not in stamp.fields and not isinstance(f, models.BinaryField)
        ]
        rows = model._base_manager.order_by("pk")
        if model is AuditEvent:
            rows = rows.exclude(code__in=stamp.events)
        out[meta.label] = [tuple(repr(v) for v in row) for row in rows.values_list(*names)]
    return out


def _diff(before: dict[str, list[tuple[Any, ...]]], after: dict[str, list[tuple[Any, ...]]]) -> list[str]:
    out = []
    for label in before:
        if before[label] != after[label]:
            gone = sorted(set(before[label]) - set(after[label]))[:3]
            new = sorted(set(after[label]) - set(before[label]))[:3]
            out.append(f"{label}: {len(before[label])} -> {len(after[label])} rows; gone {gone}, new {new}")
    return out


def _pages_of(persona: str, world: World) -> Iterator[str]:
    for name, page in sorted(PAGES.items()):
        if page.method == "GET" and page.extra.get(persona, 200 if persona in page.allowed else 0) == 200:
            yield reverse(name, kwargs=page.kwargs(world))


def _route(form: ServedForm, page_url: str) -> tuple[str, str]:
    """The route a form posts to (its page when it names none) and that URL."""
    url = urlsplit(form.action).path or page_url
    return resolve(url).view_name, url


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_every_form_posted_back_as_served_changes_nothing(persona: str, world: World, login: Any) -> None:
    client = login(persona)
    unclassified: set[str] = set()
    failures: list[str] = []
    posted: set[str] = set()
    for page_url in list(_pages_of(persona, world)):
        page = client.get(page_url)
        if page.status_code != 200 or not page["Content-Type"].startswith("text/html"):
            continue  # a CSV, a PDF, a letter not printed yet: no forms (access is the matrix's test)
        for form in served_forms(page.content):
            if form.method != "post":
                continue
            route, url = _route(form, page_url)
            if route in NOT_EDITS:
                continue
            if route not in EDITS:
                unclassified.add(f"{route} (on {page_url})")
                continue
            problems = _post_back(client, form, route, url)
            posted.add(route)
            failures.extend(f"{persona} posting {route} back from {page_url}: {p}" for p in problems)
    assert not unclassified, f"Classify these forms in EDITS or NOT_EDITS: {sorted(unclassified)}"
    assert not failures, "\n".join(failures)
    print(f"{persona}: {len(posted)} edit forms posted back: {sorted(posted)}")


def _post_back(client: Any, form: ServedForm, route: str, url: str) -> list[str]:
    """Post the form back as served; what went wrong, if anything."""
    stamp = STAMPED.get(route, NO_STAMP)
    before = _snapshot(stamp)
    response = client.post(url, form.post_data())
    after = _snapshot(stamp)
    problems = []
    if response.status_code == 302:
        response = client.get(response["Location"])
    if response.status_code != 200:
        problems.append(f"answered {response.status_code}")
    elif error_summary_in(response.content):
        problems.append("errors announced")
    if changes := _diff(before, after):
        problems.append(f"changed {changes}")
    return problems
