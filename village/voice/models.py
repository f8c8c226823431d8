"""Family and student voice: themes, surveys, listening sessions."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from village.families.vocab import Barrier, NeedCategory
from village.lib.translation import text_in


class Theme(models.Model):
    """What families and students said, gathered from sessions and surveys."""

    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    # null: district-wide
    school = models.ForeignKey("orgs.School", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # Translatable ({language: text}, docs/decisions/0001): written in `source_language`.
    title = models.JSONField(_("title"), default=dict)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    source_language = models.CharField(_("written in"), max_length=10, choices=settings.LANGUAGES, default="en")
    # codes of village.families.vocab.Barrier
    barriers = models.JSONField(_("barriers"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return text_in(self.title, self.source_language)


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Audience(models.TextChoices):
    FAMILIES = "families", _("Families of the school")
    STUDENTS = "students", _("Students of one grade at the school")
    PARTNERS = "partners", _("Partner staff")
    STAFF = "staff", _("School staff")


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for answers")
    CLOSED = "closed", _("Closed")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCALE = "scale", _("Scale from 1 to 5")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    RANKING = "ranking", _("Ranking")


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING)
TEXT_KINDS = (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)


class Survey(models.Model):
    """A survey of one school's community. Title and questions are stored per language (JSON: {code: text})."""

    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey("orgs.School", on_delete=models.PROTECT, related_name="+")
    title = models.JSONField(_("title"), default=dict)
    intro = models.JSONField(_("introduction"), default=dict, blank=True)
    source_language = models.CharField(_("written in"), max_length=10, choices=settings.LANGUAGES, default="en")
    languages = models.JSONField(_("languages offered"), default=list)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    grade = models.SmallIntegerField(_("grade"), null=True, blank=True, help_text=_("0 is kindergarten."))
    anonymous = models.BooleanField(_("anonymous"), default=True)
    # Anonymous surveys: False, anyone with the link answers (rate-limited, and the results say so);
    # True, only invitees, each with one single-use link (see Invitation).
    invited_only = models.BooleanField(_("only invited people, once each"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT)
    # The link respondents open: long and random, so nobody guesses another survey's.
    token = models.CharField(max_length=64, unique=True, default=new_token)
    themes = models.ManyToManyField(Theme, blank=True, related_name="surveys")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return self.title_in(self.source_language)

    def title_in(self, language: str) -> str:
        return str(self.title.get(language) or self.title.get(self.source_language) or "")

    def intro_in(self, language: str) -> str:
        return str(self.intro.get(language) or "")


class Question(models.Model):
    """One question. `options` is a list of {language: label}; a barrier-tagged choice question
    counts the respondents who picked `barrier_option` on the barrier dashboard."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind of question"), max_length=20, choices=QuestionKind.choices)
    text = models.JSONField(_("question"), default=dict)
    options = models.JSONField(_("options"), default=list, blank=True)
    required = models.BooleanField(_("an answer is required"), default=False)
    barrier = models.CharField(_("barrier it asks about"), max_length=30, choices=Barrier.choices, blank=True)
    barrier_option = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return str(self.text.get(self.survey.source_language, ""))

    def text_in(self, language: str) -> str:
        return str(self.text.get(language) or "")

    def options_in(self, language: str) -> list[str]:
        return [str(o.get(language) or "") for o in self.options]


class Response(models.Model):
    """One set of answers. By construction it holds nothing that identifies a person: no user,
    no address, no time finer than the day. Non-anonymous surveys record who answered in
    `Respondent`, a separate row; anonymous surveys never get one. Its key is random, so not even
    the order in which people answered can be read from it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    language = models.CharField(max_length=10, choices=settings.LANGUAGES)
    submitted_on = models.DateField()
    # {str(question pk): answer}: an option index, a list of indexes (ranked in order), 1-5, or text.
    answers = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return f"{self.survey_id} · {self.language} · {self.submitted_on}"


class Respondent(models.Model):
    """Who answered a non-anonymous survey: one response per person."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="respondents")
    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    response = models.OneToOneField(Response, on_delete=models.CASCADE, related_name="respondent")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "user"], name="voice_one_response_per_person")]

    def __str__(self) -> str:
        return f"{self.survey_id} · {self.user_id}"


class Invitation(models.Model):
    """One single-use link of an invited anonymous survey. It holds the hash of its token and
    whether it was used: nothing about the person it was sent to, and no answer points to it."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.survey_id} · {'used' if self.used else 'unused'}"


class SessionKind(models.TextChoices):
    LISTENING = "listening", _("Listening session")
    FOCUS_GROUP = "focus_group", _("Focus group")


class AttendeeGroup(models.TextChoices):
    FAMILIES = "families", _("Family members")
    STUDENTS = "students", _("Students")
    STAFF = "staff", _("School staff")
    PARTNERS = "partners", _("Partner staff")
    COMMUNITY = "community", _("Community members")


class ListeningSession(models.Model):
    """A listening session or focus group: accommodations, attendance counts (never names),
    notes, and the barriers and needs heard."""

    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey("orgs.School", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices, default=SessionKind.LISTENING)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    place = models.CharField(_("place"), max_length=200)
    interpretation_languages = models.JSONField(_("interpretation into"), default=list, blank=True)
    childcare = models.BooleanField(_("childcare provided"), default=False)
    transport = models.BooleanField(_("transport provided"), default=False)
    accessible_venue = models.BooleanField(_("accessible venue"), default=False)
    evening_or_weekend = models.BooleanField(_("evening or weekend time"), default=False)
    # {AttendeeGroup code: count}
    attendance = models.JSONField(_("attendance"), default=dict, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    barriers = models.JSONField(_("barriers heard"), default=list, blank=True)
    needs = models.JSONField(_("needs heard"), default=list, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="sessions")
    # The session on the school's calendar (RSVPs with accommodations, reminders, feeds).
    event = models.OneToOneField(
        "events.Event", on_delete=models.SET_NULL, null=True, blank=True, related_name="listening_session"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("listening session")
        verbose_name_plural = _("listening sessions")

    def __str__(self) -> str:
        return self.title

    @property
    def attendance_total(self) -> int:
        return sum(int(v) for v in self.attendance.values())

    def barrier_labels(self) -> list[str]:
        labels = dict(Barrier.choices)
        return [str(labels.get(b, b)) for b in self.barriers]

    def need_labels(self) -> list[str]:
        labels = dict(NeedCategory.choices)
        return [str(labels.get(b, b)) for b in self.needs]
