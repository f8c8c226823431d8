"""Fetch-and-authorise helpers for voice (404 alike for missing and forbidden)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from village.accounts.models import User
from village.lib.access import get_authorized
from village.orgs.models import School
from village.voice.models import ListeningSession, Question, Survey, SurveyStatus, Theme
from village.voice.surveys import in_audience


def themes_for(school: School) -> QuerySet[Theme]:
    """Themes of that school plus the district-wide ones of its district."""
    return Theme.objects.filter(Q(school=school) | Q(school__isnull=True, district_id=school.district_id))


def access_voice_school(user: User, pk: int) -> School:
    return get_authorized(user, School.objects.select_related("district"), "voice.run_school", pk=pk)


def access_survey(user: User, pk: int) -> Survey:
    return get_authorized(user, Survey.objects.select_related("school", "district"), "voice.manage", pk=pk)


def access_session(user: User, pk: int) -> ListeningSession:
    return get_authorized(user, ListeningSession.objects.select_related("school"), "voice.manage", pk=pk)


def survey_by_token(token: str) -> Survey:
    """The survey behind a respondent link; drafts are not reachable yet."""
    survey = Survey.objects.select_related("school").filter(token=token).exclude(status=SurveyStatus.DRAFT).first()
    if survey is None:
        raise Http404
    return survey


def access_question(survey: Survey, pk: int) -> Question:
    """A question of a survey the person already manages (404 for another survey's question)."""
    question = Question.objects.filter(pk=pk, survey=survey).first()
    if question is None:
        raise Http404
    return question


def require_respondent(survey: Survey, user: User) -> None:
    """A named survey is answered only by the people it was sent to (404 for anyone else)."""
    if not survey.anonymous and not in_audience(survey, user):
        raise Http404
