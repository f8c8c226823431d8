"""Family profiles, plans, goals and needs (one at a time or a screening's worth), and who serves a student."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from village.accounts.models import User
from village.audit.actions import record
from village.families.models import AvailabilityWindow, EducatorAssignment, FamilyProfile, Goal, Need, Plan, Student
from village.families.needs import NeedPlan
from village.families.vocab import NeedStatus
from village.orgs.models import District
from village.transit.actions import want_windows


@dataclass(frozen=True)
class WindowChanges:
    """What a family changed in its availability: rows edited (by id), rows deleted (by id), rows added.
    A row named in none of them is kept exactly as it is."""

    edit: Mapping[int, tuple[int, time, time]] = field(default_factory=dict)
    delete: frozenset[int] = frozenset()
    add: Sequence[tuple[int, time, time]] = ()

    def __bool__(self) -> bool:
        return bool(self.edit or self.delete or self.add)


def save_profile(
    actor: User,
    profile: FamilyProfile,
    changed: list[str],
    windows: Sequence[tuple[int, time, time]] | None = None,
    *,
    window_changes: WindowChanges | None = None,
) -> FamilyProfile:
    """Save a validated profile. `windows`, if given, replaces every availability window;
    `window_changes` edits, deletes and adds only the rows it names (ids of another profile are
    ignored). Nothing is written, and nothing recorded, when nothing changed."""
    window_changes = window_changes or WindowChanges()
    if not changed and windows is None and not window_changes:
        return profile
    with transaction.atomic():
        profile.save()
        if windows is not None:
            profile.windows.all().delete()
            AvailabilityWindow.objects.bulk_create(
                AvailabilityWindow(district_id=profile.district_id, profile=profile, weekday=d, starts=s, ends=e)
                for d, s, e in windows
            )
            changed = [*changed, "windows"]
        if window_changes:
            mine = profile.windows.select_for_update()
            mine.filter(pk__in=window_changes.delete).delete()
            for window in mine.filter(pk__in=window_changes.edit.keys()).exclude(pk__in=window_changes.delete):
                window.weekday, window.starts, window.ends = window_changes.edit[window.pk]
                window.save(update_fields=["weekday", "starts", "ends"])
            AvailabilityWindow.objects.bulk_create(
                AvailabilityWindow(district_id=profile.district_id, profile=profile, weekday=d, starts=s, ends=e)
                for d, s, e in window_changes.add
            )
            changed = [*changed, "windows"]
        if "bus" in (profile.travel_modes or []):
            # The worker works out bus times for the hours this family is free (once per region).
            region_id = District.objects.filter(pk=profile.district_id).values_list("region_id", flat=True).get()
            want_windows(region_id, list(profile.windows.values_list("weekday", "starts", "ends")))
        record(actor, "families.profile.updated", profile.household, fields=sorted(set(changed)))
    return profile


def update_plan(actor: User, plan: Plan, success_in_own_words: str) -> Plan:
    """Write what success looks like; a student's plan is stored the first time someone writes in it.
    The same words again change nothing (nothing is stored, nothing recorded)."""
    text = success_in_own_words.strip()
    stored = Plan.objects.filter(pk=plan.pk).values_list("success_in_own_words", flat=True).first() if plan.pk else ""
    if text == (stored or ""):
        return plan
    with transaction.atomic():
        plan.success_in_own_words = text
        plan.save()
        record(actor, "families.plan.updated", plan.student, fields=["success_in_own_words"])
    return plan


def add_goal(actor: User, plan: Plan, text: str, target_date: date | None) -> Goal:
    """Add a goal to the plan (storing the plan first if nobody has written in it yet)."""
    with transaction.atomic():
        if plan.pk is None:
            plan.save()
        goal = Goal.objects.create(district_id=plan.district_id, plan=plan, text=text.strip(), target_date=target_date)
        record(actor, "families.goal.added", plan.student, goal_id=goal.pk)
    return goal


class _Raised(TypedDict, total=False):
    raised_at: str


def add_need(actor: User, student: Student, *, raised_at: datetime | None = None, **fields: object) -> Need:
    """Record a need. `raised_at` is when it was raised, for a need noted down later (at a
    screening or a meeting); it cannot be in the future and goes on the audit trail."""
    if raised_at is not None and raised_at > timezone.now():
        raise ValidationError({"created_at": [_("The date is in the future.")]})
    with transaction.atomic():
        need = Need(district_id=student.district_id, school_id=student.school_id, student=student, raised_by=actor)
        for key, value in fields.items():
            setattr(need, key, value)
        extra: _Raised = {}
        if raised_at is not None:
            need.created_at = raised_at
            extra["raised_at"] = raised_at.isoformat()
        need.full_clean()
        need.save()
        record(actor, "families.need.added", need, student_id=student.pk, category=need.category, **extra)
    return need


def change_need_status(actor: User | None, need: Need, status: str) -> Need:
    if status not in NeedStatus.values:
        raise ValidationError({"status": [_("Choose a status.")]})
    if need.status == status:
        return need
    with transaction.atomic():
        previous = need.status
        need.status = status
        need.save(update_fields=["status"])
        record(actor, "families.need.status_changed", need, before=previous, after=status)
    return need


def add_needs_in_bulk(actor: User, plan: NeedPlan) -> list[Need]:
    """Needs from a screening, checked into a plan: all rows are saved together, or none."""
    if not plan.ok:
        raise ValueError("A plan with rejected rows is never applied: check `ok` first.")
    with transaction.atomic():
        needs = [
            add_need(
                actor,
                row.student,
                category=row.category,
                urgency=row.urgency,
                description=row.description,
                source=row.source,
            )
            for row in plan.rows
        ]
    return needs


def assign_educator(actor: User | None, educator: User, student: Student, role: str) -> None:
    with transaction.atomic():
        EducatorAssignment.objects.update_or_create(
            educator=educator, student=student, defaults={"role": role, "district_id": student.district_id}
        )
        record(actor, "families.student.educator_assigned", student, educator_id=educator.pk, role=role)
