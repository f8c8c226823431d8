"""Who reaches each volunteering page (merged into tests/test_authorization_matrix.py).

Lincoln's volunteering is run by its coordinator (Rosa) and the district lead (Dana); a partner
posts only at schools its current partnerships serve (none in the matrix world). A school's
volunteering page and an opportunity's sign-up page are public; a volunteer's own page opens for
whoever holds its private link.
"""

from __future__ import annotations

from typing import Any

from conftest import World
from tests.matrix_support import ALL_SIGNED_IN, Page
from village.community.tests.helpers import lincoln_opportunity, signed_up

RUN_LINCOLN = ("dana", "rosa")


def _school(w: World) -> dict[str, Any]:
    return {"pk": w.lincoln.pk}


def _opportunity(w: World) -> dict[str, Any]:
    return {"pk": lincoln_opportunity(w).pk}


def _token(w: World) -> dict[str, Any]:
    return {"token": lincoln_opportunity(w).token}


def _signup(w: World) -> dict[str, Any]:
    return {"pk": signed_up(w, lincoln_opportunity(w)).signup.pk}


def _volunteer(w: World) -> dict[str, Any]:
    from village.community.models import Volunteer

    # A new address each time: a known one gets its link by email only (tests may ask twice in one world).
    email = f"volunteer{Volunteer.objects.count() + 1}@example.org"
    return {"token": signed_up(w, lincoln_opportunity(w), email=email).link.rstrip("/").rsplit("/", 1)[-1]}


PAGES: dict[str, Page] = {
    "community:school": Page(kwargs=_school, public=True, allowed=ALL_SIGNED_IN),
    "community:new": Page(kwargs=_school, allowed=RUN_LINCOLN),
    "community:opportunity": Page(kwargs=_opportunity, allowed=RUN_LINCOLN),
    "community:set_open": Page(kwargs=lambda w: {"pk": 1}, method="POST"),
    "community:decide": Page(kwargs=lambda w: {"pk": 1}, method="POST"),
    "community:clearance": Page(kwargs=_signup, allowed=RUN_LINCOLN),
    "community:confirm": Page(kwargs=lambda w: {"pk": 1}, method="POST"),
    "community:signup": Page(kwargs=_token, public=True, allowed=ALL_SIGNED_IN),
    "community:volunteer": Page(kwargs=_volunteer, public=True, allowed=ALL_SIGNED_IN),
}


def _program(w: World) -> dict[str, Any]:
    from village.community.tests.helpers import lincoln_program

    return {"pk": lincoln_program(w).pk}


def _join(w: World) -> dict[str, Any]:
    from village.community.tests.helpers import lincoln_program, lincoln_student, referred

    # Another student than Layla, whose referral other pages of the matrix bring into the cohort.
    return {"pk": lincoln_program(w).pk, "referral_pk": referred(w, lincoln_student(w, 90)).pk}


def _pair(w: World) -> dict[str, Any]:
    from village.community.tests.helpers import paired

    return {"pk": paired(w).pk}


def _mentor_match(w: World) -> dict[str, Any]:
    from village.community.actions import link_hash
    from village.community.models import Volunteer
    from village.community.tests.helpers import paired

    pair = paired(w)
    Volunteer.objects.filter(pk=pair.mentor.volunteer_id).update(link_hash=link_hash("matrix-mentor-link"))
    return {"token": "matrix-mentor-link", "pk": pair.pk}


def _check_in(w: World) -> dict[str, Any]:
    from village.community.actions.mentoring import mentor_check_in
    from village.community.models import CheckIn
    from village.community.tests.helpers import paired

    pair = paired(w)
    found = CheckIn.objects.filter(pair=pair).first() or mentor_check_in(pair.mentor.volunteer, pair, score=2)
    return {"token": found.token}


PAGES |= {
    "community:mentoring": Page(kwargs=_school, allowed=RUN_LINCOLN),
    "community:program_new": Page(kwargs=_school, allowed=RUN_LINCOLN),
    "community:program": Page(kwargs=_program, allowed=RUN_LINCOLN),
    "community:mentor_add": Page(kwargs=_program, allowed=RUN_LINCOLN),
    "community:mentee_add": Page(kwargs=_join, allowed=RUN_LINCOLN),
    "community:pair_one": Page(kwargs=lambda w: {"pk": 1}, method="POST"),
    "community:cohort": Page(kwargs=_program, allowed=RUN_LINCOLN),
    "community:figures": Page(kwargs=_program, allowed=RUN_LINCOLN),
    "community:pair": Page(kwargs=_pair, allowed=RUN_LINCOLN),
    "community:read_check_in": Page(kwargs=lambda w: {"pk": 1}, method="POST"),
    "community:mentor_match": Page(kwargs=_mentor_match, public=True, allowed=ALL_SIGNED_IN),
    "community:check_in": Page(kwargs=_check_in, public=True, allowed=ALL_SIGNED_IN),
}
