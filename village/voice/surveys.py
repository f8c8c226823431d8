"""Reading surveys: translation state per language, the audience, and suppressed results."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet

from village.accounts.models import Membership, Person, Role, User
from village.families.models import HouseholdMember, Student
from village.voice.models import Audience, Question, Survey

LANGUAGE_NAMES = dict(settings.LANGUAGES)


@dataclass(frozen=True)
class Translation:
    language: str
    name: str
    offered: bool
    missing: int  # texts still to translate
    total: int

    @property
    def complete(self) -> bool:
        return self.missing == 0 and self.total > 0


def texts_to_translate(survey: Survey, questions: Sequence[Question]) -> list[Mapping[str, object]]:
    """Every translatable text of the survey (the introduction only when written)."""
    texts: list[Mapping[str, object]] = [survey.title]
    if survey.intro.get(survey.source_language):
        texts.append(survey.intro)
    for q in questions:
        texts.append(q.text)
        texts.extend(q.options)
    return texts


def translation_state(survey: Survey, questions: Sequence[Question]) -> list[Translation]:
    texts = texts_to_translate(survey, questions)
    return [
        Translation(
            code,
            str(name),
            code in survey.languages,
            sum(1 for t in texts if not str(t.get(code) or "").strip()),
            len(texts),
        )
        for code, name in settings.LANGUAGES
    ]


def incomplete_languages(survey: Survey, languages: Sequence[str] | None = None) -> list[str]:
    """Of `languages` (default: those offered), the ones whose translation is not complete."""
    questions = list(survey.questions.all())
    state = {t.language: t for t in translation_state(survey, questions)}
    wanted = survey.languages if languages is None else languages
    return [code for code in wanted if code not in state or not state[code].complete]


def ready_languages(survey: Survey) -> list[str]:
    incomplete = set(incomplete_languages(survey))
    return [code for code in survey.languages if code not in incomplete]


def person_language(user: Person) -> str:
    language = getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE
    return str(language)


def audience(survey: Survey) -> QuerySet[User]:
    """The people a survey is for: who may answer a named survey, and who a message goes to."""
    school = survey.school
    people = User.objects.filter(is_active=True)
    if survey.audience == Audience.FAMILIES:
        households = Student.objects.filter(school=school, withdrawn_at__isnull=True, household__isnull=False).values(
            "household_id"
        )
        users = HouseholdMember.objects.filter(household_id__in=households).values("user_id")
        return people.filter(pk__in=users)
    if survey.audience == Audience.STUDENTS:
        students = Student.objects.filter(school=school, grade=survey.grade or 0, withdrawn_at__isnull=True)
        return people.filter(pk__in=students.filter(user__isnull=False).values("user_id"))
    if survey.audience == Audience.PARTNERS:
        members = Membership.objects.active().filter(
            role=Role.PARTNER_STAFF, organization__region_id=school.district.region_id
        )
        return people.filter(pk__in=members.values("user_id"))
    members = Membership.objects.active().filter(
        Q(school=school, role__in=[Role.SCHOOL_COORDINATOR, Role.EDUCATOR])
        | Q(district_id=school.district_id, school__isnull=True, role=Role.DISTRICT_LEAD)
    )
    return people.filter(pk__in=members.values("user_id"))


def in_audience(survey: Survey, user: Person) -> bool:
    return bool(user.is_authenticated and audience(survey).filter(pk=user.pk).exists())
