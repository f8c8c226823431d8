"""Fetch-and-authorise helpers for voice (404 alike for missing and forbidden)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.crypto import salted_hmac

from village.accounts.models import User
from village.lib.access import get_authorized
from village.orgs.models import School
from village.voice.models import Invitation, ListeningSession, Question, Survey, SurveyStatus, Theme
from village.voice.surveys import in_audience


def themes_for(school: School) -> QuerySet[Theme]:
    """Themes of that school plus the district-wide ones of its district."""
    return Theme.objects.filter(Q(school=school) | Q(school__isnull=True, district_id=school.district_id))


def access_voice_school(user: User, pk: int) -> School:
    return get_authorized(user, School.objects.select_related("district"), "voice.run_school", pk=pk)


def access_theme(user: User, pk: int) -> Theme:
    return get_authorized(user, Theme.objects.all(), "voice.translate_theme", pk=pk)


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


def invitation_usable(survey: Survey, token: str) -> bool:
    """Whether an invited anonymous survey's link still takes an answer (always true for other surveys)."""
    if not (survey.anonymous and survey.invited_only):
        return True
    digest = hashlib.sha256(token.encode()).hexdigest()
    return bool(token) and Invitation.objects.filter(survey=survey, token_hash=digest, used=False).exists()


def _client_key(request: HttpRequest, survey: Survey) -> str:
    # A keyed hash of the address: the cache never holds the address itself.
    client = salted_hmac(
        "village.voice.client", str(request.META.get("REMOTE_ADDR", "")), algorithm="sha256"
    ).hexdigest()
    return f"village.voice.answers.{survey.pk}.{client}"


def open_link(survey: Survey) -> bool:
    """Anyone with the link may answer, possibly more than once (anonymous and not invitation-only)."""
    return survey.anonymous and not survey.invited_only


def over_answer_limit(request: HttpRequest, survey: Survey) -> bool:
    """An open-link survey takes a few answers per client per hour (VILLAGE_SURVEY_ANSWERS_PER_HOUR)."""
    if not open_link(survey):
        return False
    return int(cache.get(_client_key(request, survey), 0)) >= int(settings.VILLAGE_SURVEY_ANSWERS_PER_HOUR)


def count_answer(request: HttpRequest, survey: Survey) -> None:
    """Count one answer from this client toward the hour's limit (the cache, not the database)."""
    if not open_link(survey):
        return
    key = _client_key(request, survey)
    cache.add(key, 0, 3600)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, 3600)
