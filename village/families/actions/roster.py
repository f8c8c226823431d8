"""Roster syncs: start one, run it in the background, and apply a checked roster plan in one transaction.

Valid rows are applied only when nothing was rejected, or when the person chose "apply valid
rows". A re-sync updates in place (students are keyed by district and sourcedId), marks
students missing from users.csv withdrawn, and never duplicates. A student a rejected row is
about is left exactly as they were, neither updated nor withdrawn, and the report names them
(`ImportReport.unchanged`); when a rejected row of users.csv has no sourcedId, nobody is
withdrawn. Schools are written through `village.orgs.actions`. The sync's background half
(`run_roster_sync`) is defined here: the action enqueues it on commit and it takes only the
sync's id.
"""

from __future__ import annotations

import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from village.accounts.models import User
from village.audit.actions import record
from village.families.models import EducatorAssignment, Guardian, Household, RosterSync, Student
from village.families.models.roster import SyncStatus
from village.families.roster import FLAGS, RosterPlan, parse, rejection
from village.lib.imports import ImportReport, UnreadableFile
from village.orgs.actions import create_school, update_school
from village.orgs.models import District, School

UPDATE_BATCH = 200
PROGRESS_EVERY = 5000


def start_roster_sync(
    actor: User, district: District, upload: File[bytes], *, dry_run: bool, apply_valid: bool
) -> RosterSync:
    """Store the upload and run the sync in the background after commit."""
    with transaction.atomic():
        name = default_storage.save(f"roster/{district.slug}/{timezone.now():%Y%m%d-%H%M%S}.zip", upload)
        sync = RosterSync.objects.create(
            district=district,
            started_by=actor,
            stored_path=name,
            filename=Path(upload.name or name).name[:255],
            dry_run=dry_run,
            apply_valid=apply_valid,
        )
        record(actor, "families.roster.started", district, sync_id=sync.pk, dry_run=dry_run)
        transaction.on_commit(lambda: run_roster_sync.enqueue(sync.pk))
    return sync


@task()
def run_roster_sync(sync_id: int) -> str:
    """Run a stored roster sync; progress and rejections are written to its row."""
    sync = RosterSync.objects.select_related("district", "started_by").get(pk=sync_id)
    language = sync.started_by.preferred_language if sync.started_by else ""
    with translation.override(language or settings.LANGUAGE_CODE):
        return str(run_sync(sync, Path(default_storage.path(sync.stored_path))).status)


def sync_roster_now(
    actor: User | None, district: District, path: Path, *, dry_run: bool, apply_valid: bool
) -> RosterSync:
    """Sync a folder or zip on this machine at once (the `roster_sync` command)."""
    sync = RosterSync.objects.create(
        district=district,
        started_by=actor,
        stored_path=str(path),
        filename=path.name,
        dry_run=dry_run,
        apply_valid=apply_valid,
    )
    return run_sync(sync, path)


def apply_roster_plan(actor: User | None, district: District, plan: RosterPlan, *, source: str) -> RosterSync:
    """Apply a roster another system already checked and handed over as a plan, not as files (the
    demo's student information system does this). Recorded as a sync like any other."""
    now = timezone.now()
    sync = RosterSync.objects.create(
        district=district, started_by=actor, filename=source[:255], status=SyncStatus.RUNNING, started_at=now
    )
    report = plan.report
    report.counts = apply_roster(sync, plan)
    sync.status = SyncStatus.APPLIED
    sync.total = sync.processed = len(plan.students)
    sync.store_report(report)
    sync.finished_at = timezone.now()
    sync.save()
    return sync


def run_sync(sync: RosterSync, path: Path) -> RosterSync:
    """Check the files, then apply them unless this is a dry run or rows were rejected (and not waived)."""
    started = timezone.now()
    RosterSync.objects.filter(pk=sync.pk).update(status=SyncStatus.RUNNING, started_at=started)
    sync.started_at = started
    try:
        plan = parse(path, sync.filename)
    except UnreadableFile as exc:
        return _failed(sync, ImportReport(rejections=[exc.rejection()]))
    except (zipfile.BadZipFile, OSError):
        return _failed(sync, ImportReport(rejections=[rejection(path.name, 0, "", "unopenable")]))
    if plan.unreadable:
        return _failed(sync, plan.report)
    sync.total = plan.total
    report = plan.report
    if sync.dry_run:
        sync.status = SyncStatus.CHECKED
        report.unchanged = _unchanged(sync.district, plan)
        report.counts = {
            "students_in_file": len(plan.students),
            "guardians_in_file": len(plan.guardians),
            "students_kept_unchanged": len(report.unchanged),
        }
    elif plan.structural or (plan.rejections and not sync.apply_valid):
        sync.status = SyncStatus.REFUSED
    else:
        report.counts = apply_roster(sync, plan)
        sync.status = SyncStatus.APPLIED
    sync.store_report(report)
    sync.processed = plan.total
    sync.finished_at = timezone.now()
    sync.save()
    return sync


def _failed(sync: RosterSync, report: ImportReport) -> RosterSync:
    sync.status = SyncStatus.FAILED
    sync.store_report(report)
    sync.finished_at = timezone.now()
    sync.save()
    return sync


def apply_roster(sync: RosterSync, plan: RosterPlan) -> dict[str, int]:
    """Write a checked roster plan in one transaction. Returns counts."""
    counts: dict[str, int] = defaultdict(int)
    with transaction.atomic():
        school_by_sid = _upsert_schools(sync, plan, counts)
        existing = {s.local_id: s for s in Student.objects.filter(district=sync.district).select_related("household")}
        households = _write_households(sync.district, plan, existing, counts)
        _write_guardians(sync.district, plan, households)
        _write_students(sync, plan, existing, households, school_by_sid, counts)
        counts["assignments_created"] = _assign_teachers(sync.district, plan)
        plan.report.unchanged = _unchanged(sync.district, plan)
        counts["students_kept_unchanged"] = len(plan.report.unchanged)
        if plan.blind and counts["students_not_withdrawn"]:
            plan.report.note(
                gettext_noop(
                    "No student was marked withdrawn: a rejected row of users.csv has no sourcedId, so Village "
                    "cannot tell who is missing from the file (%(count)s would have been)."
                ),
                count=counts["students_not_withdrawn"],
            )
        record(sync.started_by, "families.roster.synced", sync.district, sync_id=sync.pk, **counts)
    return dict(counts)


def _upsert_schools(sync: RosterSync, plan: RosterPlan, counts: dict[str, int]) -> dict[str, School]:
    """Schools of orgs.csv by sourcedId: matched on the SIS ID, else adopted by name (and given
    the ID), else created; a school whose name changed in the SIS is renamed."""
    district = sync.district
    known = list(School.objects.filter(district=district))
    by_sis = {s.sis_id: s for s in known if s.sis_id}
    by_name = {s.name: s for s in known}
    found: dict[str, School] = {}
    for sid, row in plan.schools.items():
        name = row.name
        school = by_sis.get(sid)
        if school is None:
            school = by_name.get(name)
            if school is not None and not school.sis_id:
                school.sis_id = sid
                update_school(sync.started_by, school, ["sis_id"])
            elif school is None:
                school = create_school(
                    sync.started_by, district, name=name, sis_id=sid, lowest_grade=0, highest_grade=12
                )
                counts["schools_created"] += 1
        elif school.name != name and name not in by_name:
            by_name.pop(school.name, None)
            school.name = name
            update_school(sync.started_by, school, ["name"])
            counts["schools_updated"] += 1
        by_name[school.name] = school
        found[sid] = school
    return found


def _write_households(
    district: District, plan: RosterPlan, existing: dict[str, Student], counts: dict[str, int]
) -> dict[str, Household]:
    """One household per first guardian, keyed by that guardian's sourcedId."""
    households = {h.sourced_id: h for h in Household.objects.filter(district=district).exclude(sourced_id="")}
    new_households: list[Household] = []
    adopted: list[Household] = []
    for sid, s in plan.students.items():
        key = s.household_key
        current_student = existing.get(sid)
        if (
            key
            and key not in households
            and current_student
            and current_student.household
            and not current_student.household.sourced_id
        ):
            # A household entered before the first sync (or by the family) adopts its roster ID.
            current_student.household.sourced_id = key
            households[key] = current_student.household
            adopted.append(current_student.household)
        if key and key not in households:
            g = plan.guardians[key]
            h = Household(
                district=district,
                name=g.family_name,
                home_language=g.language or s.language or "eng",
                sourced_id=key,
            )
            households[key] = h
            new_households.append(h)
    Household.objects.bulk_update(adopted, ["sourced_id"], batch_size=2000)
    bulk_create_with_history(new_households, Household, batch_size=2000)
    counts["households_created"] = len(new_households)
    return {h.sourced_id: h for h in Household.objects.filter(district=district).exclude(sourced_id="")}


def _write_guardians(district: District, plan: RosterPlan, households: dict[str, Household]) -> None:
    existing_guardians = {g.sourced_id: g for g in Guardian.objects.filter(district=district)}
    new_guardians: list[Guardian] = []
    changed_guardians: list[Guardian] = []
    guardian_household: dict[str, str] = {}
    for s in plan.students.values():
        for a in s.agents:
            if a in plan.guardians and s.household_key:
                guardian_household.setdefault(a, s.household_key)
    for gid, hkey in guardian_household.items():
        g = plan.guardians[gid]
        fields = {
            "given_name": g.given_name,
            "family_name": g.family_name,
            "relationship": g.relationship,
            "email": g.email,
            "phone": g.phone,
            "sms": g.sms,
            "language": g.language,
        }
        found = existing_guardians.get(gid)
        if found is None:
            new_guardians.append(Guardian(district=district, household=households[hkey], sourced_id=gid, **fields))
        elif any(getattr(found, k) != v for k, v in fields.items()):
            for k, v in fields.items():
                setattr(found, k, v)
            changed_guardians.append(found)
    Guardian.objects.bulk_create(new_guardians, batch_size=2000)
    Guardian.objects.bulk_update(
        changed_guardians,
        ["given_name", "family_name", "relationship", "email", "phone", "sms", "language"],
        batch_size=2000,
    )


_STUDENT_FIELDS = [
    "school",
    "household",
    "given_name",
    "family_name",
    "grade",
    "status",
    "withdrawn_at",
    "birth_date",
    "race_ethnicity",
    *FLAGS,
]


def _write_students(
    sync: RosterSync,
    plan: RosterPlan,
    existing: dict[str, Student],
    households: dict[str, Household],
    school_by_sid: dict[str, School],
    counts: dict[str, int],
) -> None:
    """Create and update the plan's students; withdraw enrolled students the roster no longer lists."""
    district = sync.district
    to_create: list[Student] = []
    to_update: list[Student] = []
    for done, (sid, s) in enumerate(plan.students.items(), start=1):
        home = households.get(s.household_key) if s.household_key else None
        values: dict[str, Any] = {
            "school_id": school_by_sid[s.school].pk,
            "household_id": home.pk if home else None,
            "given_name": s.given_name,
            "family_name": s.family_name,
            "grade": s.grade,
            "status": "enrolled",
            "withdrawn_at": None,
            "birth_date": s.birth_date,
            "race_ethnicity": s.race_ethnicity,
        }
        if plan.flags is not None:
            got = plan.flags.get(sid, set())
            values.update({f: f in got for f in FLAGS})
        known = existing.get(sid)
        if known is None:
            to_create.append(Student(district=district, local_id=sid, **values))
        else:
            if known.household_id and values["household_id"] is None:
                values["household_id"] = known.household_id  # a roster without guardians keeps the family link
            if any(getattr(known, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(known, k, v)
                to_update.append(known)
        if done % PROGRESS_EVERY == 0:
            RosterSync.objects.filter(pk=sync.pk).update(processed=done)
    bulk_create_with_history(to_create, Student, batch_size=2000)
    if to_update:
        # bulk_update writes one CASE per field over the whole batch: small batches keep it linear.
        bulk_update_with_history(to_update, Student, _STUDENT_FIELDS, batch_size=UPDATE_BATCH)
    counts["students_created"] = len(to_create)
    counts["students_updated"] = len(to_update)

    now = timezone.now()
    leaving = [
        student
        for sid, student in existing.items()
        if sid not in plan.students
        and sid not in plan.held
        and student.status == "enrolled"
        and student.anonymized_at is None
    ]
    if plan.blind:
        counts["students_not_withdrawn"] = len(leaving)
        leaving = []
    for student in leaving:
        student.status = "withdrawn"
        student.withdrawn_at = now
    if leaving:
        bulk_update_with_history(leaving, Student, ["status", "withdrawn_at"], batch_size=UPDATE_BATCH)
    counts["students_withdrawn"] = len(leaving)


def _unchanged(district: District, plan: RosterPlan) -> list[str]:
    """The district's students a rejected row is about: the sync leaves them as they are."""
    if not plan.held:
        return []
    found = Student.objects.filter(district=district, local_id__in=sorted(plan.held))
    return sorted(found.values_list("local_id", flat=True))


def _assign_teachers(district: District, plan: RosterPlan) -> int:
    """Educators of the roster's classes serve their students; teachers are matched to accounts by email."""
    emails = {e for e in plan.teachers.values() if e}
    users = {u.email: u.pk for u in User.objects.filter(email__in=emails)} if emails else {}
    if not users:
        return 0
    ids = dict(
        Student.objects.filter(district=district, local_id__in=list(plan.students)).values_list("local_id", "pk")
    )
    rows = []
    for cls, teachers in plan.class_teachers.items():
        for t in teachers:
            user_id = users.get(plan.teachers.get(t, ""))
            if user_id is None:
                continue
            for s in plan.class_students.get(cls, []):
                if s in ids:
                    rows.append(
                        EducatorAssignment(district=district, educator_id=user_id, student_id=ids[s], from_roster=True)
                    )
    EducatorAssignment.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    return len(rows)
