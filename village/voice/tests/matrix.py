"""Who reaches each voice page (merged into tests/test_authorization_matrix.py).

Lincoln's voice work is run by its coordinator (Rosa) and the district lead (Dana); Omar
coordinates Bayview in another district. The respondent link of an open anonymous survey
is public: anyone holding it may answer, signed in or not.
"""

from __future__ import annotations

from typing import Any

from conftest import World
from tests.matrix_support import ALL_SIGNED_IN, Page
from village.voice.tests.helpers import lincoln_session, lincoln_survey

RUNS_LINCOLN = ("dana", "rosa")


def lincoln_theme(w: World) -> Any:
    from village.voice import actions

    return actions.theme_from_session(
        w.rosa, lincoln_session(w), title="No late bus", summary="", barriers=[], language="en"
    )


def _school(w: World) -> dict[str, Any]:
    return {"pk": w.lincoln.pk}


def _survey(w: World) -> dict[str, Any]:
    return {"pk": lincoln_survey(w).pk}


def _draft(w: World) -> dict[str, Any]:
    return {"pk": lincoln_survey(w, status="draft").pk}


PAGES: dict[str, Page] = {
    "voice:school": Page(kwargs=_school, allowed=RUNS_LINCOLN),
    "voice:survey_new": Page(kwargs=_school, allowed=RUNS_LINCOLN),
    "voice:session_new": Page(kwargs=_school, allowed=RUNS_LINCOLN),
    "voice:barriers": Page(kwargs=_school, allowed=RUNS_LINCOLN),
    "voice:survey": Page(kwargs=_survey, allowed=RUNS_LINCOLN),
    "voice:question_add": Page(kwargs=_draft, allowed=RUNS_LINCOLN),
    "voice:question_remove": Page(kwargs=lambda w: {"pk": 1, "question_pk": 1}, method="POST"),
    "voice:translate": Page(kwargs=lambda w: {**_draft(w), "language": "vi"}, allowed=RUNS_LINCOLN),
    "voice:survey_open": Page(kwargs=lambda w: {"pk": 1}, method="POST"),
    "voice:survey_close": Page(kwargs=lambda w: {"pk": 1}, method="POST"),
    "voice:survey_send": Page(kwargs=lambda w: {"pk": 1}, method="POST"),
    "voice:results": Page(kwargs=_survey, allowed=RUNS_LINCOLN),
    "voice:survey_theme": Page(kwargs=_survey, allowed=RUNS_LINCOLN),
    "voice:respond": Page(kwargs=lambda w: {"token": lincoln_survey(w).token}, public=True, allowed=ALL_SIGNED_IN),
    "voice:session": Page(kwargs=lambda w: {"pk": lincoln_session(w).pk}, allowed=RUNS_LINCOLN),
    "voice:session_theme": Page(kwargs=lambda w: {"pk": lincoln_session(w).pk}, allowed=RUNS_LINCOLN),
    "voice:theme_translate": Page(kwargs=lambda w: {"pk": lincoln_theme(w).pk, "language": "ar"}, allowed=RUNS_LINCOLN),
}
