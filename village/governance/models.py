"""Councils, their members and bylaws, meetings, proposals, votes, decisions and follow-up."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from village.lib.translation import text_in


class CouncilKind(models.TextChoices):
    JOINT = "joint", _("Joint council of school and community leaders")
    STUDENT = "student", _("Student leadership council")


class SeatType(models.TextChoices):
    FAMILY = "family", _("Family")
    STUDENT = "student", _("Student")
    EDUCATOR = "educator", _("Educator")
    PARTNER = "partner", _("Community partner")
    COMMUNITY = "community", _("Community member")


class VotingMethod(models.TextChoices):
    MAJORITY = "majority", _("Majority vote")
    CONSENSUS = "consensus", _("Consensus")
    CONSENT = "consent", _("Consent (passes unless there is a paramount objection)")


class Council(models.Model):
    """A leadership council of one school, or of a whole district when `school` is empty."""

    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey("orgs.School", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    kind = models.CharField(_("kind of council"), max_length=20, choices=CouncilKind.choices)
    name = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("council")
        verbose_name_plural = _("councils")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:council", kwargs={"pk": self.pk})


class MemberQuerySet(models.QuerySet["CouncilMember"]):
    def serving_on(self, day: datetime.date) -> MemberQuerySet:
        """Members whose term covers `day`."""
        return self.filter(term_start__lte=day).filter(Q(term_end__isnull=True) | Q(term_end__gte=day))


class CouncilMember(models.Model):
    """One person's seat on a council for one term."""

    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="council_seats")
    seat_type = models.CharField(_("seat"), max_length=20, choices=SeatType.choices)
    # The organization a partner seat speaks for (its partner type counts for representation).
    organization = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner organization"),
    )
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"), null=True, blank=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        ordering = ["term_start", "pk"]
        constraints = [
            models.CheckConstraint(
                name="council_member_term_in_order",
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)

    def serves_on(self, day: datetime.date) -> bool:
        return self.term_start <= day and (self.term_end is None or self.term_end >= day)


class Bylaws(models.Model):
    """One version of a council's bylaws. In force once adopted by a recorded decision."""

    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="bylaws")
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text of the bylaws"))
    voting_method = models.CharField(_("how the council decides"), max_length=20, choices=VotingMethod.choices)
    quorum_fraction = models.DecimalField(
        _("quorum as a share of members"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For example 0.5 for half of the members serving. Leave empty to use a number."),
    )
    quorum_count = models.PositiveIntegerField(
        _("quorum as a number of members"), null=True, blank=True, help_text=_("Used when no share is given.")
    )
    rotation_months = models.PositiveIntegerField(_("co-chairs rotate every (months)"), default=6)
    rotation_seats = models.JSONField(_("seats eligible to co-chair"), default=list)
    rotation_start = models.DateField(_("rotation starts"))
    adopted_at = models.DateTimeField(_("adopted"), null=True, blank=True)
    adopted_by = models.OneToOneField(
        "Decision", on_delete=models.PROTECT, null=True, blank=True, related_name="adopted_bylaws"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("bylaws")
        verbose_name_plural = _("bylaws")
        ordering = ["council", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["council", "version"], name="bylaws_unique_version"),
            models.CheckConstraint(
                name="bylaws_one_quorum",
                condition=Q(quorum_fraction__isnull=False) | Q(quorum_count__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return _("Bylaws, version %(version)s") % {"version": self.version}

    def quorum_for(self, serving: int) -> int:
        """How many members must take part when `serving` members are seated."""
        if self.quorum_fraction is not None:
            needed = (Decimal(serving) * self.quorum_fraction).to_integral_value(rounding="ROUND_CEILING")
            return max(1, int(needed))
        return int(self.quorum_count or 1)


class Meeting(models.Model):
    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("starts"))
    place = models.CharField(_("place"), max_length=300)
    interpretation = models.JSONField(_("interpretation into"), default=list, blank=True)
    childcare = models.BooleanField(_("childcare provided"), default=False)
    transport = models.BooleanField(_("transport provided"), default=False)
    accessible_venue = models.BooleanField(_("accessible venue (step-free, accessible restroom)"), default=False)
    minutes = models.TextField(_("minutes"), blank=True)
    attendees = models.ManyToManyField(CouncilMember, blank=True, related_name="meetings_attended")
    # The meeting on the school's and the council's calendars (RSVPs, reminders, feeds).
    event = models.OneToOneField(
        "events.Event", on_delete=models.SET_NULL, null=True, blank=True, related_name="council_meeting"
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.council} · {self.starts_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting", kwargs={"pk": self.pk})


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(_("agenda item"), max_length=300)
    proposal = models.ForeignKey(
        "Proposal", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("proposal")
    )
    # A gap review opened by the indicators work, brought to the council.
    review = models.ForeignKey("indicators.Review", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class ProposalStatus(models.TextChoices):
    DELIBERATION = "deliberation", _("Under discussion")
    VOTING = "voting", _("Voting")
    DECIDED = "decided", _("Decided")


class Proposal(models.Model):
    """What a member asks the council to decide. The equity goal is required."""

    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="proposals")
    submitted_by = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="proposals")
    # Translatable ({language: text}, docs/decisions/0001): written in `source_language`.
    title = models.JSONField(_("title"), default=dict)
    what = models.JSONField(_("what the council would do"), default=dict)
    source_language = models.CharField(_("written in"), max_length=10, choices=settings.LANGUAGES, default="en")
    why = models.JSONField(_("why"), default=dict)
    equity_goal = models.JSONField(_("equity goal it serves"), default=dict)
    timeline = models.CharField(_("timeline"), max_length=300)
    responsible = models.CharField(_("responsible people"), max_length=300)
    status = models.CharField(
        _("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.DELIBERATION
    )
    anonymous = models.BooleanField(_("anonymous voting"), default=False)
    voting_opens_at = models.DateTimeField(_("voting opens"), null=True, blank=True)
    voting_closes_at = models.DateTimeField(_("voting closes"), null=True, blank=True)
    # The bylaws this proposal would adopt, if it is a proposal to adopt bylaws.
    bylaws = models.ForeignKey(
        Bylaws, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("bylaws to adopt")
    )
    themes = models.ManyToManyField(
        "voice.Theme", blank=True, related_name="proposals", verbose_name=_("what families and students said")
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(excluded_fields=["created_at"], m2m_fields=[])

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return text_in(self.title, self.source_language)

    def get_absolute_url(self) -> str:
        return reverse("governance:proposal", kwargs={"pk": self.pk})


class Resource(models.Model):
    """A resource committed to a proposal, and who commits it."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="resources")
    what = models.CharField(_("resource"), max_length=300)
    from_whom = models.CharField(_("committed by"), max_length=200)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.what} ({self.from_whom})"


class AmendmentStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted into the proposal")
    DECLINED = "declined", _("Declined")


class Comment(models.Model):
    """A member's comment on a proposal, or an amendment (a new wording of what it would do)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    amendment = models.TextField(_("amended wording of what the council would do"), blank=True)
    amendment_status = models.CharField(max_length=20, choices=AmendmentStatus.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Choice(models.TextChoices):
    FOR = "for", _("For")
    AGAINST = "against", _("Against")
    ABSTAIN = "abstain", _("Abstain or stand aside")
    OBJECT = "object", _("Objection")


class Voter(models.Model):
    """Who has voted on a proposal (stops double votes). Holds no choice."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="voters")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "member"], name="voter_once_per_proposal")]

    def __str__(self) -> str:
        return f"{self.member} · {self.proposal}"


class Ballot(models.Model):
    """One ballot. An anonymous ballot has no voter and no time, and a random key, so nothing
    in it or in its order leads back to the Voter row written beside it."""

    id = models.UUIDField(primary_key=True)
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="ballots")
    choice = models.CharField(_("vote"), max_length=20, choices=Choice.choices)
    reason = models.TextField(_("reason"), blank=True)
    voter = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    cast_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.get_choice_display())


class Outcome(models.TextChoices):
    PASSED = "passed", _("Passed")
    NOT_PASSED = "not_passed", _("Not passed")


class FollowUpStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class Decision(models.Model):
    """The council's decision on a proposal, published in the public decision log."""

    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="decisions")
    proposal = models.OneToOneField(Proposal, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    method = models.CharField(_("decided by"), max_length=20, choices=VotingMethod.choices)
    votes_for = models.PositiveIntegerField(default=0)
    votes_against = models.PositiveIntegerField(default=0)
    abstentions = models.PositiveIntegerField(default=0)
    objections = models.PositiveIntegerField(default=0)
    took_part = models.PositiveIntegerField(_("members who took part"))
    quorum = models.PositiveIntegerField(_("quorum"))
    # Members serving when the vote closed who had not voted (who voted is known even when
    # ballots are anonymous; how they voted is not).
    did_not_vote = models.ManyToManyField(
        CouncilMember, blank=True, related_name="+", verbose_name=_("members who did not vote")
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    follow_up = models.CharField(
        _("follow-up"), max_length=20, choices=FollowUpStatus.choices, default=FollowUpStatus.NOT_STARTED
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return str(self.proposal)

    def get_absolute_url(self) -> str:
        return reverse("governance:decision", kwargs={"pk": self.pk})


class ProgressUpdate(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(_("status"), max_length=20, choices=FollowUpStatus.choices)
    text = models.TextField(_("progress"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} · {self.at:%Y-%m-%d}"
