"""Every page can be reached from where its users work, by following links and buttons.

The demo region is built (small), then each persona starts at their home page and follows
every same-site link (`<a href>`) and notes every form's target, as a person clicking around
would. A route counts as reached when some persona's walk arrives there. Every named route of
Village must be reached, except the deep links listed below, each with the reason it is only
ever opened from outside (a message, a file, another program) or needs a state the demo does
not hold.
"""

from __future__ import annotations

from collections import Counter, deque
from html.parser import HTMLParser
from io import StringIO
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from village.accounts.models import User

pytestmark = [pytest.mark.django_db(transaction=False), pytest.mark.xdist_group("reachable")]

PERSONAS = (
    "lead@village.test",
    "coordinator@village.test",
    "educator@village.test",
    "partner@village.test",
    "family@village.test",
    "student@village.test",
    "council@village.test",
    "lead.lakeside@village.test",
)
# Pages of one route visited at most this many times per persona: enough to find what it links to.
PER_ROUTE = 2
# allauth's and the APIs', with their own links; the email providers' webhooks (django-anymail), opened by no person.
NOT_VILLAGE = ("account_", "mfa_", "api-v1:", "hsds:", "set_language", "anymail:")

DEEP_LINKS = {
    "families:claim": "opened from the invitation's message or letter (a one-time code)",
    "families:claim_start": "the address printed on an invitation letter, where a family types its code",
    "voice:respond": "a survey's answer link, sent to families by message; never linked inside the app",
    "events:cancel": "an answer's private cancel link, shown once to someone who answered without an account",
    "community:volunteer": "a volunteer's private page, shown once at sign-up and sent by email",
    "community:mentor_match": "a mentor's match, linked from their private volunteer page (itself a deep link)",
    "community:check_in": "a check-in's answer link, sent each month by message to the family and the mentor",
    "messaging:text_status": "the text provider's delivery-status webhook (signed by the provider; no person opens it)",
    "referrals:inbound_text": "the text provider's webhook for a family's reply by text (signed by the provider)",
    "families:conversation": "a conversation's thread, linked from the school's and the family's lists once one exists",
    "families:conversation_close": "a button on an open conversation's thread",
    "families:group_message": "a sent group message's record, linked from the school's group messages once one is sent",
    "families:letters_pdf": "the PDF of a school's letters, offered on its letters page when letters wait",
    "families:letters_printed": "a button on a school's letters page when letters wait (no demo family is on paper)",
    "families:letters_by_email": "a button on the letters page when a family on paper has since chosen email or text",
    "families:batch_letters": "the PDF of an invitation batch, offered on the batch page once letters exist",
    "families:invitation_letter": "a letter PDF, offered on the household page for an invitation sent by letter",
    "families:invitation_batch": "the progress page of a bulk invitation, reached by starting one",
    "families:roster_sync": "the page of one roster sync, reached by starting one (listed on the roster page after)",
    "transit:feed_import": "the page of one feed load, reached by starting one (listed on the transit page after)",
    "directory:import_job": "the progress page of a directory import, reached by starting one",
    "directory:import_rejections": "a rejections CSV, offered on an import's page when rows were rejected",
    "directory:import_changes": "a CSV of values not kept, offered on an import's page when there are some",
    "matching:allocation": "an allocation run's page, reached by starting a run",
    "matching:allocation_approve": "a button on an allocation run's page",
    "governance:amendment_settle": "a button beside an amendment, which the demo's proposals do not have",
    "governance:extend_voting": "a button on a proposal whose vote is open and past its deadline",
    "governance:meeting_record": "a button on a meeting once it has taken place",
    "indicators:review_action_done": "a button beside an open action of a review",
    "orgs:outbox_retry": "a button beside a message that failed to send",
    "referrals:read_answer": "a button beside a family's unread answer on the referral page",
    "referrals:feedback": "the family's answer form on a closed referral of theirs",
    "voice:question_remove": "a button beside a question of a draft survey",
    "voice:question_add": "on a draft survey's page; the demo's survey is already open",
    "voice:survey_open": "a button on a draft survey's page; the demo's survey is already open",
    "voice:translate": "on a draft survey's page, one link a language; the demo's survey is already open",
    "referrals:request_consent": "the form on the page that answers a referral the consent does not cover",
    "referrals:consent_send": "a button on a request the family agreed to, when the coordinator chose to send by hand",
    "accounts:api_token_revoke": "a button beside a token, once one exists",
    "families:invitation_withdraw": "a button beside an open invitation",
    "families:member_remove": "a button beside a linked household member",
    "families:legal_basis_end": "a button beside a recorded legal basis",
    "families:consent_withdraw": "a button beside an active consent",
}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.links.append(found["href"] or "")
        elif tag == "form" and found.get("action"):
            self.links.append(found["action"] or "")
        elif tag == "button" and found.get("formaction"):
            self.links.append(found["formaction"] or "")


def _routes() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = (
                    f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
                )
                walk(entry.url_patterns, inner or "")
            elif isinstance(entry, URLPattern) and entry.name:
                names.add(f"{namespace}:{entry.name}" if namespace else entry.name)

    walk(get_resolver().url_patterns, "")
    return {n for n in names if not n.startswith(NOT_VILLAGE)}


def _route(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def _walk(client: Client) -> set[str]:
    reached: set[str] = set()
    visits: Counter[str] = Counter()
    queue = deque(["/"])
    seen = {"/"}
    while queue:
        path = queue.popleft()
        route = _route(path)
        if route is None or visits[route] >= PER_ROUTE:
            continue
        visits[route] += 1
        reached.add(route)
        response = client.get(path)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        parser = _Links()
        parser.feed(response.content.decode())
        for href in parser.links:
            parts = urlsplit(urljoin(path, href))
            if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
                continue
            target = parts.path
            if target.startswith(("/static/", "/media/", "/accounts/logout")):
                continue
            name = _route(target)
            if name is not None:
                reached.add(name)
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return reached


def test_every_page_is_reached_from_a_persona_home_by_links(settings: Any) -> None:
    settings.VILLAGE_MFA_REQUIRED = False  # two-step sign-in has its own tests; here staff go straight in
    call_command("demo", "--no-progress", "--students", "300", stdout=StringIO())
    reached: set[str] = set()
    client = Client()
    for email in PERSONAS:
        client.logout()
        client.force_login(User.objects.get(email=email))
        reached |= _walk(client)
    client.logout()
    reached |= _walk(client)
    routes = _routes()
    unknown = set(DEEP_LINKS) - routes
    assert not unknown, f"Deep links that are not routes any more: {sorted(unknown)}"
    missing = sorted(routes - reached - set(DEEP_LINKS))
    assert not missing, f"Pages no persona can reach by following links: {missing}"
