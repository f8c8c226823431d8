"""Action plans: milestones within the agreement's term, and tasks each side owns."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from village.accounts.models import User
from village.audit.actions import record
from village.partnerships.actions.partnerships import has_partner_authority, has_school_authority
from village.partnerships.models import AgreementVersion, Milestone, Partnership, PlanTask


def agreement_term(partnership: Partnership) -> AgreementVersion | None:
    """The version whose term bounds the plan: the newest agreement's active version, else its latest draft."""
    agreement = partnership.agreements.select_related("active_version").order_by("-created_at", "-id").first()
    if agreement is None:
        return None
    return agreement.active_version or agreement.versions.order_by("-number").first()


def _side_of(partnership: Partnership, owner: User) -> int | None:
    """The organization an owner acts for in this partnership, or None for the school side."""
    if has_school_authority(owner, partnership):
        return None
    for org_id in partnership.members.values_list("organization_id", flat=True):
        if has_partner_authority(owner, org_id):
            return int(org_id)
    raise ValidationError({"owner": _("The owner must work on one side of this partnership.")})


def add_milestone(actor: User, partnership: Partnership, *, title: str, date: datetime.date, owner: User) -> Milestone:
    term = agreement_term(partnership)
    if term is not None and not term.start_date <= date <= term.end_date:
        raise ValidationError(
            {
                "date": _("A milestone must fall within the agreement's term, %(start)s to %(end)s.")
                % {"start": date_format(term.start_date), "end": date_format(term.end_date)}
            }
        )
    _side_of(partnership, owner)
    with transaction.atomic():
        milestone = Milestone.objects.create(partnership=partnership, title=title, date=date, owner=owner)
        record(actor, "partnerships.milestone.created", partnership, title=title)
    return milestone


def add_task(
    actor: User,
    partnership: Partnership,
    *,
    title: str,
    owner: User,
    due_date: datetime.date,
    milestone: Milestone | None = None,
    status: str = "todo",
) -> PlanTask:
    """Add a task; it belongs to the side its owner works on."""
    if milestone is not None and milestone.partnership_id != partnership.pk:
        raise ValidationError({"milestone": _("Choose a milestone of this partnership.")})
    organization_id = _side_of(partnership, owner)
    with transaction.atomic():
        task = PlanTask.objects.create(
            partnership=partnership,
            title=title,
            owner=owner,
            organization_id=organization_id,
            due_date=due_date,
            milestone=milestone,
            status=status,
        )
        record(actor, "partnerships.task.created", partnership, title=title)
    return task


def update_task(actor: User, task: PlanTask, changed: list[str]) -> PlanTask:
    if not changed:
        return task
    with transaction.atomic():
        task.save()
        record(actor, "partnerships.task.updated", task.partnership, task=task.pk, fields=changed)
    return task
