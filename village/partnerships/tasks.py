"""Reminders: agreements expiring in 60, 30 and 7 days, and overdue milestones and tasks.

`send_reminders` (the management command, run daily by cron) enqueues `send_reminders_task`.
Each reminder is sent once: `claim_reminder` records its key, so a missed day catches up
on the next run without sending twice. Messages are rendered in each recipient's language.
"""

from __future__ import annotations

import datetime

from django.tasks import task
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from village.accounts.models import User
from village.messaging.actions import Rendered, queue_email
from village.partnerships.actions import claim_reminder
from village.partnerships.models import Agreement, Milestone, PlanTask, TaskStatus

EXPIRY_THRESHOLDS = (60, 30, 7)


def _language(user: User) -> str:
    return user.preferred_language or "en"


def _agreement_recipients(agreement: Agreement) -> list[User]:
    p = agreement.partnership
    people = [p.school_champion, p.school_backup, p.school_signer]
    for m in p.members.select_related("champion", "backup", "signer"):
        people += [m.champion, m.backup, m.signer]
    unique: dict[int, User] = {}
    for person in people:
        if person is not None:
            unique[person.pk] = person
    return list(unique.values())


def _expiry_message(agreement: Agreement, person: User, days: int) -> Rendered:
    version = agreement.active_version
    assert version is not None
    with translation.override(_language(person)):
        subject = _("The agreement “%(title)s” ends in %(days)s days") % {"title": agreement.title, "days": days}
        body = _(
            "Hello %(name)s,\n\nThe agreement “%(title)s” of the partnership %(partnership)s ends on %(end)s. "
            "Renewal terms: %(renewal)s\n\nTo renew it, open the agreement in Village and write a new version "
            "for every party to sign."
        ) % {
            "name": person.name,
            "title": agreement.title,
            "partnership": agreement.partnership.name,
            "end": date_format(version.end_date),
            "renewal": version.renewal_terms or _("none stated"),
        }
    return Rendered(person, subject, body, _language(person))


def _overdue_message(item: Milestone | PlanTask, kind: str) -> Rendered:
    person = item.owner
    due = item.date if isinstance(item, Milestone) else item.due_date
    with translation.override(_language(person)):
        if kind == "milestone":
            subject = _("Overdue milestone: %(title)s") % {"title": item.title}
        else:
            subject = _("Overdue task: %(title)s") % {"title": item.title}
        body = _(
            "Hello %(name)s,\n\n“%(title)s” in the partnership %(partnership)s was due on %(due)s and is not "
            "done yet. Please update it in Village, or agree a new date with your partners."
        ) % {"name": person.name, "title": item.title, "partnership": item.partnership.name, "due": date_format(due)}
    return Rendered(person, subject, body, _language(person))


def run_reminders(today: datetime.date) -> dict[str, int]:
    """Queue every reminder due on `today`. Returns counts of messages queued by kind."""
    counts = {"expiry": 0, "overdue": 0}
    agreements = Agreement.objects.filter(
        active_version__end_date__gte=today,
        active_version__end_date__lte=today + datetime.timedelta(days=max(EXPIRY_THRESHOLDS)),
    ).select_related("active_version", "partnership__school_champion", "partnership__school_backup")
    for agreement in agreements:
        version = agreement.active_version
        assert version is not None
        days_left = (version.end_date - today).days
        # The smallest threshold already reached: 45 days left → the 60-day reminder.
        threshold = min(t for t in EXPIRY_THRESHOLDS if days_left <= t)
        if not claim_reminder(f"agreement:{version.pk}:{threshold}"):
            continue
        people = _agreement_recipients(agreement)
        queue_email(
            "partnerships.agreement_expiry",
            [_expiry_message(agreement, p, days_left) for p in people],
            district_id=agreement.district_id,
        )
        counts["expiry"] += len(people)
    # Overdue items: one reminder a week per item while it stays overdue.
    week = today.isocalendar()
    for milestone in Milestone.objects.filter(done=False, date__lt=today).select_related("owner", "partnership"):
        if claim_reminder(f"milestone:{milestone.pk}:{week.year}-{week.week}"):
            queue_email(
                "partnerships.overdue",
                [_overdue_message(milestone, "milestone")],
                district_id=milestone.partnership.district_id,
            )
            counts["overdue"] += 1
    overdue_tasks = PlanTask.objects.exclude(status=TaskStatus.DONE).filter(due_date__lt=today)
    for item in overdue_tasks.select_related("owner", "partnership"):
        if claim_reminder(f"task:{item.pk}:{week.year}-{week.week}"):
            queue_email(
                "partnerships.overdue", [_overdue_message(item, "task")], district_id=item.partnership.district_id
            )
            counts["overdue"] += 1
    return counts


@task()
def send_reminders_task(today_iso: str) -> dict[str, int]:
    return run_reminders(datetime.date.fromisoformat(today_iso))
