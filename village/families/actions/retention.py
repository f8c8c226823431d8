"""Retention: students who left long ago keep only what aggregate counts need (the `anonymize_departed` command)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from village.audit.actions import record
from village.families.models import EducatorAssignment, Need, Plan, Student


def anonymize_departed(years: int, *, dry_run: bool = False) -> int:
    """Scrub names, birth dates, household links and free text of students withdrawn over `years` years ago.

    Kept for aggregate counts: district, school, grade, status, student-group flags, race/ethnicity,
    need categories and statuses, and the record of disclosures (which then points at an anonymous row).
    """
    cutoff = timezone.now() - timedelta(days=365 * years)
    due = Student.objects.filter(status="withdrawn", withdrawn_at__lt=cutoff, anonymized_at__isnull=True)
    ids = list(due.values_list("pk", flat=True))
    if dry_run or not ids:
        return len(ids)
    now = timezone.now()
    with transaction.atomic():
        for chunk in range(0, len(ids), 2000):
            part = ids[chunk : chunk + 2000]
            for student in Student.objects.filter(pk__in=part):
                student.given_name = "—"
                student.family_name = "—"
                student.local_id = f"anon-{student.pk}"
                student.birth_date = None
                student.household = None
                student.user = None
                student.anonymized_at = now
                student.save()
            Need.objects.filter(student_id__in=part).update(description="", supports_in_place="")
            Plan.objects.filter(student_id__in=part).update(success_in_own_words="")
            EducatorAssignment.objects.filter(student_id__in=part).delete()
            # Field history would keep the old names: drop it for these students.
            Student.history.filter(id__in=part).delete()
        record(None, "families.student.anonymized", None, count=len(ids), years=years)
    return len(ids)
