"""Who reaches each events page (merged into tests/test_authorization_matrix.py).

Lincoln's events are organized by its coordinator (Rosa) and the district lead (Dana); a
partner organizes only at schools its current partnerships serve (none in the matrix world).
A school's events page, a public event's page, its .ics and the school's feed are public.
"""

from __future__ import annotations

from typing import Any

from conftest import World
from tests.matrix_support import ALL_SIGNED_IN, Page
from village.events.tests.helpers import lincoln_event

ORGANIZE_LINCOLN = ("dana", "rosa")


def _school(w: World) -> dict[str, Any]:
    return {"pk": w.lincoln.pk}


def _event(w: World) -> dict[str, Any]:
    return {"pk": lincoln_event(w).pk}


def _token(w: World) -> dict[str, Any]:
    return {"token": lincoln_event(w).token}


def _cancel(w: World) -> dict[str, Any]:
    from village.events.actions import send_rsvp

    result = send_rsvp(lincoln_event(w), w.amina, party_size=2)
    return {"token": result.cancel_token}


def _feed(w: World) -> dict[str, Any]:
    from village.events.actions import personal_feed

    return {"token": personal_feed(w.amina).token}


PAGES: dict[str, Page] = {
    "events:school": Page(kwargs=_school, public=True, allowed=ALL_SIGNED_IN),
    "events:new": Page(kwargs=_school, allowed=ORGANIZE_LINCOLN),
    "events:school_feed": Page(kwargs=_school, public=True, allowed=ALL_SIGNED_IN),
    "events:organization_feed": Page(kwargs=lambda w: {"pk": w.clinic.pk}, public=True, allowed=ALL_SIGNED_IN),
    "events:calendar": Page(kwargs=_school, allowed=ORGANIZE_LINCOLN),
    "events:event": Page(kwargs=_event, allowed=ORGANIZE_LINCOLN),
    "events:edit": Page(kwargs=_event, allowed=ORGANIZE_LINCOLN),
    "events:attendance": Page(kwargs=_event, allowed=ORGANIZE_LINCOLN),
    "events:show": Page(kwargs=_token, public=True, allowed=ALL_SIGNED_IN),
    "events:ics": Page(kwargs=_token, public=True, allowed=ALL_SIGNED_IN),
    "events:withdraw": Page(kwargs=lambda w: {"token": "x"}, method="POST"),
    # The private links (an answer's cancel link, a person's feed) open for whoever holds them.
    "events:cancel": Page(kwargs=_cancel, public=True, allowed=ALL_SIGNED_IN),
    "events:mine": Page(allowed=ALL_SIGNED_IN),
    "events:feed_revoke": Page(method="POST"),
    "events:feed": Page(kwargs=_feed, public=True, allowed=ALL_SIGNED_IN),
}
