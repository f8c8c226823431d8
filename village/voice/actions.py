"""Every write about voice: surveys (build, translate, open, send, close, answer), listening
sessions and the themes they produce."""

from __future__ import annotations

import datetime
import hashlib
import random
import secrets
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from village.accounts.models import Person, User
from village.audit.actions import record
from village.events.actions import calendar_entry
from village.events.models import Audience as EventAudience
from village.events.models import EventKind
from village.lib.jsontypes import JSONObject
from village.lib.languages import language_name
from village.lib.translation import changed_texts, check_language, written_in
from village.messaging.actions import Rendered, queue_email
from village.orgs.models import School
from village.voice.models import (
    CHOICE_KINDS,
    Audience,
    Invitation,
    ListeningSession,
    Question,
    QuestionKind,
    Respondent,
    Response,
    Survey,
    SurveyStatus,
    Theme,
)
from village.voice.surveys import LANGUAGE_NAMES, audience, in_audience, incomplete_languages, person_language

SURVEY_SUBJECT = gettext_lazy("A survey from %(school)s: %(title)s")
SURVEY_BODY = gettext_lazy(
    "%(school)s would like to hear from you.\n\n%(title)s\n\nAnswer here, on your phone or computer:\n%(link)s\n"
)


def _language_list(codes: Sequence[str]) -> str:
    return ", ".join(language_name(c) for c in codes)


def _require_draft(survey: Survey) -> None:
    if survey.status != SurveyStatus.DRAFT:
        raise ValidationError(_("This survey is no longer a draft: its questions cannot change."))


def create_survey(
    actor: User,
    school: School,
    *,
    title: str,
    intro: str = "",
    source_language: str,
    languages: Sequence[str],
    audience: str,
    grade: int | None = None,
    anonymous: bool = True,
    invited_only: bool = False,
) -> Survey:
    if audience == Audience.STUDENTS and grade is None:
        raise ValidationError({"grade": _("Choose the grade of the students this survey is for.")})
    offered = [code for code, _n in settings.LANGUAGES if code in set(languages) | {source_language}]
    with transaction.atomic():
        survey = Survey.objects.create(
            district_id=school.district_id,
            school=school,
            title={source_language: title},
            intro={source_language: intro} if intro else {},
            source_language=source_language,
            languages=offered,
            audience=audience,
            grade=grade if audience == Audience.STUDENTS else None,
            anonymous=anonymous,
            invited_only=anonymous and invited_only,
            created_by=actor,
        )
        record(
            actor,
            "voice.survey.created",
            survey,
            audience=audience,
            anonymous=anonymous,
            invited_only=survey.invited_only,
        )
    return survey


def add_question(
    actor: User,
    survey: Survey,
    *,
    kind: str,
    text: str,
    options: Sequence[str] = (),
    required: bool = False,
    barrier: str = "",
    barrier_option: int | None = None,
) -> Question:
    _require_draft(survey)
    options = [o.strip() for o in options if o.strip()]
    if kind in CHOICE_KINDS and len(options) < 2:
        raise ValidationError({"options": _("A choice or ranking question needs at least two options.")})
    if kind not in CHOICE_KINDS:
        options = []
    if barrier:
        if kind not in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            raise ValidationError({"barrier": _("Only a single or multiple choice question can count a barrier.")})
        if barrier_option is None or not 1 <= barrier_option <= len(options):
            raise ValidationError(
                {"barrier_option": _("Give the number of the option that means the barrier is there.")}
            )
        barrier_option -= 1  # people count options from 1
    else:
        barrier_option = None
    language = survey.source_language
    with transaction.atomic():
        position = survey.questions.count() + 1
        question = Question.objects.create(
            survey=survey,
            position=position,
            kind=kind,
            text={language: text},
            options=[{language: o} for o in options],
            required=required,
            barrier=barrier,
            barrier_option=barrier_option,
        )
        record(actor, "voice.question.added", survey, question=question.pk, kind=kind)
    return question


def remove_question(actor: User, question: Question) -> None:
    survey = question.survey
    _require_draft(survey)
    with transaction.atomic():
        question.delete()
        record(actor, "voice.question.removed", survey)


def translate_survey(actor: User, survey: Survey, language: str, texts: dict[str, str]) -> None:
    """Store one language's texts. Keys: "title", "intro", "q<pk>", "q<pk>o<index>".

    A text left blank is not stored (no empty translation), and texts saved unchanged write nothing.
    """
    _require_draft(survey)
    if language not in LANGUAGE_NAMES or language == survey.source_language:
        raise ValidationError(_("Choose a language other than the one the survey is written in."))
    with transaction.atomic():
        changed = False
        title, intro = dict(survey.title), dict(survey.intro)
        _put(title, language, texts.get("title", ""))
        if survey.intro.get(survey.source_language):
            _put(intro, language, texts.get("intro", ""))
        if (title, intro) != (survey.title, survey.intro):
            survey.title, survey.intro = title, intro
            survey.save(update_fields=["title", "intro"])
            changed = True
        for q in survey.questions.all():
            text, options = dict(q.text), [dict(o) for o in q.options]
            _put(text, language, texts.get(f"q{q.pk}", ""))
            for i, option in enumerate(options):
                _put(option, language, texts.get(f"q{q.pk}o{i}", ""))
            if (text, options) != (q.text, q.options):
                q.text, q.options = text, options
                q.save(update_fields=["text", "options"])
                changed = True
        if language not in survey.languages and not incomplete_languages(survey, [language]):
            # A language translated in full is offered from then on.
            offered = {*survey.languages, language}
            survey.languages = [code for code in LANGUAGE_NAMES if code in offered]
            survey.save(update_fields=["languages"])
            changed = True
        if changed:
            record(actor, "voice.survey.translated", survey, language=language)


def _put(texts: dict[str, str], language: str, text: str) -> None:
    """Set one language's text, or remove it when blank (a blank is no translation)."""
    if text.strip():
        texts[language] = text.strip()
    else:
        texts.pop(language, None)


def open_survey(actor: User, survey: Survey) -> None:
    """Open for answers; refused while any offered language is not fully translated."""
    if survey.status != SurveyStatus.DRAFT:
        raise ValidationError(_("Only a draft survey can be opened."))
    if not survey.questions.exists():
        raise ValidationError(_("Add at least one question before opening the survey."))
    missing = incomplete_languages(survey)
    if missing:
        raise ValidationError(
            _("The survey cannot open: the translation into %(languages)s is not complete.")
            % {"languages": _language_list(missing)}
        )
    with transaction.atomic():
        survey.status = SurveyStatus.OPEN
        survey.opened_at = timezone.now()
        survey.save(update_fields=["status", "opened_at"])
        record(actor, "voice.survey.opened", survey)


def close_survey(actor: User, survey: Survey) -> None:
    if survey.status != SurveyStatus.OPEN:
        raise ValidationError(_("Only an open survey can be closed."))
    with transaction.atomic():
        survey.status = SurveyStatus.CLOSED
        survey.closed_at = timezone.now()
        survey.save(update_fields=["status", "closed_at"])
        record(actor, "voice.survey.closed", survey)


def send_survey(actor: User, survey: Survey, link: str) -> int:
    """Message the audience, each person in their language. Refused when any person's language
    is not a fully translated language of the survey. Returns how many were written to."""
    if survey.status != SurveyStatus.OPEN:
        raise ValidationError(_("Open the survey before sending it."))
    people = list(audience(survey))
    if not people:
        raise ValidationError(_("Nobody is in this survey's audience yet."))
    by_language = Counter(person_language(p) for p in people)
    ready = set(survey.languages) - set(incomplete_languages(survey))
    blocked = sorted(code for code in by_language if code not in ready)
    if blocked:
        raise ValidationError(
            _(
                "Not sent: %(count)s people read %(languages)s, and the survey is not translated into "
                "that language. Translate it, or share the link another way."
            )
            % {"count": sum(by_language[c] for c in blocked), "languages": _language_list(blocked)}
        )
    invited = survey.anonymous and survey.invited_only
    if invited and survey.invitations.exists():
        raise ValidationError(_("The invitations were already sent: each person has their own single-use link."))
    messages = []
    hashes = []
    for person in people:
        language = person_language(person)
        personal = link
        if invited:
            # One single-use link each; only its hash is kept, in a row that names nobody.
            token = secrets.token_urlsafe(24)
            hashes.append(invitation_hash(token))
            personal = f"{link}?{urlencode({'invitation': token})}"
        with translation.override(language):
            values = {"school": survey.school.name, "title": survey.title_in(language), "link": personal}
            messages.append(Rendered(person, str(SURVEY_SUBJECT) % values, str(SURVEY_BODY) % values, language))
    random.SystemRandom().shuffle(hashes)  # rows in no order that follows the list of people
    with transaction.atomic():
        Invitation.objects.bulk_create(
            Invitation(survey=survey, district_id=survey.district_id, token_hash=h) for h in hashes
        )
        queue_email("voice.survey", messages, district_id=survey.district_id)
        record(actor, "voice.survey.sent", survey, recipients=len(messages), languages=sorted(by_language))
    return len(messages)


def invitation_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


USED_INVITATION = gettext_lazy(
    "This link has already been used to answer, or it is not the link from an invitation. "
    "Each invitation can answer once. Nothing was saved."
)


def submit_response(survey: Survey, user: Person, language: str, answers: JSONObject, invitation: str = "") -> Response:
    """Store answers. Anonymous surveys keep nothing about the person, not even the time of day;
    named surveys take one response per person of the audience; invited anonymous surveys take
    one answer per invitation link, and mark the link used without linking it to the answer."""
    if survey.status != SurveyStatus.OPEN:
        raise ValidationError(_("This survey is closed. Thank you for your interest."))
    if language not in survey.languages:
        raise ValidationError(_("This survey is not available in that language."))
    if not survey.anonymous:
        if not isinstance(user, User) or not in_audience(survey, user):
            raise ValidationError(_("This survey is for its invited audience only."))
        if Respondent.objects.filter(survey=survey, user=user).exists():
            raise ValidationError(_("You have already answered this survey. Thank you."))
    with transaction.atomic():
        if survey.anonymous and survey.invited_only:
            unused = Invitation.objects.filter(survey=survey, token_hash=invitation_hash(invitation), used=False)
            if not invitation or unused.update(used=True) != 1:
                raise ValidationError(USED_INVITATION)
        response = Response.objects.create(
            survey=survey,
            district_id=survey.district_id,
            language=language,
            submitted_on=timezone.localdate(),
            answers=answers,
        )
        if isinstance(user, User) and not survey.anonymous:
            try:
                with transaction.atomic():
                    Respondent.objects.create(
                        survey=survey, district_id=survey.district_id, user=user, response=response
                    )
            except IntegrityError:
                raise ValidationError(_("You have already answered this survey. Thank you.")) from None
    # No audit event: an event would carry a time and, for named surveys, the person.
    return response


# --- Listening sessions ---------------------------------------------------------------------


def schedule_session(actor: User, school: School, **fields: Any) -> ListeningSession:
    starts_at: datetime.datetime = fields["starts_at"]
    with transaction.atomic():
        session = ListeningSession.objects.create(
            district_id=school.district_id, school=school, created_by=actor, **fields
        )
        session.event = calendar_entry(
            actor,
            district_id=school.district_id,
            school=school,
            kind=EventKind.LISTENING_SESSION,
            title=session.title,
            source_language=translation.get_language() or settings.LANGUAGE_CODE,
            starts_at=starts_at,
            fields={
                "venue": session.place,
                "interpretation": list(session.interpretation_languages),
                "childcare": session.childcare,
                "transport": session.transport,
                "accessible_venue": session.accessible_venue,
            },
            audience=EventAudience.FAMILIES,
        )
        session.save(update_fields=["event"])
        record(actor, "voice.session.scheduled", session, starts_at=starts_at.isoformat())
    return session


def record_session(
    actor: User,
    session: ListeningSession,
    *,
    attendance: dict[str, int],
    notes: str,
    barriers: Sequence[str],
    needs: Sequence[str],
) -> None:
    """What was heard at a session; recording it unchanged writes nothing."""
    if any(v < 0 for v in attendance.values()):
        raise ValidationError(_("Attendance counts cannot be negative."))
    counts = {k: int(v) for k, v in attendance.items() if v}
    stored = (session.attendance, session.notes, session.barriers, session.needs)
    if (counts, notes, list(barriers), list(needs)) == stored:
        return
    with transaction.atomic():
        session.attendance = counts
        session.notes = notes
        session.barriers = list(barriers)
        session.needs = list(needs)
        session.save(update_fields=["attendance", "notes", "barriers", "needs"])
        record(actor, "voice.session.recorded", session, attendance=session.attendance_total)


def theme_from_session(
    actor: User,
    session: ListeningSession,
    *,
    title: str,
    summary: str,
    barriers: Sequence[str],
    language: str | None = None,
) -> Theme:
    """`language`: the one the theme is written in (default: the author's)."""
    language = language or actor.preferred_language or settings.LANGUAGE_CODE
    with transaction.atomic():
        theme = Theme.objects.create(
            district_id=session.district_id,
            school_id=session.school_id,
            title=written_in(language, title),
            summary=written_in(language, summary),
            source_language=language,
            barriers=list(barriers),
        )
        session.themes.add(theme)
        record(actor, "voice.theme.created", theme, session=session.pk)
    return theme


def theme_from_survey(
    actor: User,
    survey: Survey,
    *,
    title: str,
    summary: str,
    barriers: Sequence[str],
    language: str | None = None,
) -> Theme:
    """`language`: the one the theme is written in (default: the author's)."""
    language = language or actor.preferred_language or settings.LANGUAGE_CODE
    with transaction.atomic():
        theme = Theme.objects.create(
            district_id=survey.district_id,
            school_id=survey.school_id,
            title=written_in(language, title),
            summary=written_in(language, summary),
            source_language=language,
            barriers=list(barriers),
        )
        survey.themes.add(theme)
        record(actor, "voice.theme.created", theme, survey=survey.pk)
    return theme


def link_theme_to_survey(actor: User, survey: Survey, theme: Theme) -> None:
    """A theme already drawn from elsewhere (a listening session) is heard in this survey's answers too."""
    if theme.district_id != survey.district_id or theme.school_id not in (None, survey.school_id):
        raise ValidationError(_("Link only what families and students said at this school."))
    with transaction.atomic():
        survey.themes.add(theme)
        record(actor, "voice.theme.linked", theme, survey=survey.pk)


def translate_theme(actor: User, theme: Theme, language: str, texts: Mapping[str, str]) -> None:
    """Store `language`'s translation of the theme ("title", "summary"); writes nothing, and
    records nothing, when nothing changes."""
    check_language(language, theme.source_language)
    changed = changed_texts({"title": theme.title, "summary": theme.summary}, language, texts)
    if not changed:
        return
    with transaction.atomic():
        for name, value in changed.items():
            setattr(theme, name, value)
        theme.save(update_fields=list(changed))
        record(actor, "voice.theme.translated", theme, language=language)
