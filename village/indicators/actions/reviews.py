"""Reviews of gaps and missed targets (findings, agreed actions, closing) and the practice log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from village.accounts.models import User
from village.audit.actions import record
from village.indicators.models import PracticeLog, Review, ReviewAction
from village.indicators.vocab import ReviewStatus
from village.orgs.models import School


def update_review(
    actor: User, review: Review, *, findings: str, reallocations: str, participants: Sequence[User]
) -> Review:
    """Save findings, reallocations and who took part; saving them unchanged writes nothing."""
    if review.status == ReviewStatus.CLOSED:
        raise ValidationError(_("This review is closed."))
    people = {p.pk for p in participants}
    if (
        findings == review.findings
        and reallocations == review.reallocations
        and people == set(review.participants.values_list("pk", flat=True))
    ):
        return review
    review.findings = findings
    review.reallocations = reallocations
    if review.status == ReviewStatus.OPEN and (findings or reallocations):
        review.status = ReviewStatus.IN_PROGRESS
    review.save(update_fields=["findings", "reallocations", "status"])
    review.participants.set(participants)
    record(actor, "indicators.review.updated", review)
    return review


def add_review_action(actor: User, review: Review, *, text: str, owner: User, due: dt.date) -> ReviewAction:
    if review.status == ReviewStatus.CLOSED:
        raise ValidationError(_("This review is closed."))
    action = ReviewAction.objects.create(district_id=review.district_id, review=review, text=text, owner=owner, due=due)
    if review.status == ReviewStatus.OPEN:
        review.status = ReviewStatus.IN_PROGRESS
        review.save(update_fields=["status"])
    record(actor, "indicators.review_action.created", action, district_id=review.district_id)
    return action


def finish_review_action(actor: User, action: ReviewAction) -> None:
    if action.done_at is None:
        action.done_at = timezone.now()
        action.save(update_fields=["done_at"])
        record(actor, "indicators.review_action.done", action, district_id=action.district_id)


def close_review(actor: User, review: Review) -> Review:
    if review.status == ReviewStatus.CLOSED:
        raise ValidationError(_("This review is already closed."))
    if not review.findings.strip():
        raise ValidationError(_("Write down what the review found before closing it."))
    if not review.actions.exists():
        raise ValidationError(_("Agree at least one action, with an owner and a date, before closing the review."))
    open_actions = review.actions.filter(done_at__isnull=True).count()
    if open_actions:
        raise ValidationError(
            ngettext(
                "%(n)s action is not done yet. Mark it done before closing the review.",
                "%(n)s actions are not done yet. Mark them done before closing the review.",
                open_actions,
            )
            % {"n": open_actions}
        )
    review.status = ReviewStatus.CLOSED
    review.closed_at = timezone.now()
    review.save(update_fields=["status", "closed_at"])
    record(actor, "indicators.review.closed", review)
    return review


def log_practice(
    actor: User, school: School, *, practice: str, happened_on: dt.date, students: int | None
) -> PracticeLog:
    if happened_on > timezone.localdate():
        raise ValidationError(_("The date is in the future."))
    entry = PracticeLog.objects.create(
        district_id=school.district_id,
        school=school,
        educator=actor,
        practice=practice,
        happened_on=happened_on,
        students=students,
    )
    record(actor, "indicators.practice.logged", entry, district_id=school.district_id)
    return entry
