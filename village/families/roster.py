"""Roster sync from OneRoster 1.2 CSV, with district program files using Ed-Fi descriptors.

Input: a folder or zip holding manifest.csv, orgs.csv, users.csv, enrollments.csv and
demographics.csv (roles.csv when present, as OneRoster 1.2 moved roles there; a `role`
column in users.csv is accepted too), and optionally programs.csv, a district file with
`userSourcedId,descriptor` where descriptor is an Ed-Fi descriptor URI such as
`uri://ed-fi.org/ProgramTypeDescriptor#Section 504 Placement`.

Every rejected row is kept as (file, row, field, code, value) and described in the
reader's language when shown. Valid rows are applied only when nothing was rejected, or
when the person chose "apply valid rows". A re-sync updates in place (students are keyed
by district and sourcedId), marks students missing from the file withdrawn, and never
duplicates. The CSV module streams rows, which keeps 50,000-student files fast.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from village.audit.actions import record
from village.families.models import EducatorAssignment, Guardian, Household, RosterSync, Student
from village.families.models.roster import SyncStatus
from village.lib.languages import is_known, to_edfi
from village.orgs.models import District, School

REQUIRED_FILES = ("manifest.csv", "orgs.csv", "users.csv", "enrollments.csv", "demographics.csv")
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "manifest.csv": ("propertyName", "value"),
    "orgs.csv": ("sourcedId", "name", "type"),
    "users.csv": ("sourcedId", "givenName", "familyName"),
    "enrollments.csv": ("sourcedId", "classSourcedId", "schoolSourcedId", "userSourcedId", "role"),
    "demographics.csv": ("sourcedId",),
    "roles.csv": ("userSourcedId", "role", "orgSourcedId"),
    "programs.csv": ("userSourcedId", "descriptor"),
}
GUARDIAN_ROLES = {"guardian": "guardian", "parent": "parent", "relative": "other", "aide": "other"}
_RACE_COLUMNS = (
    ("americanIndianOrAlaskaNative", "american_indian"),
    ("asian", "asian"),
    ("blackOrAfricanAmerican", "black"),
    ("nativeHawaiianOrOtherPacificIslander", "pacific_islander"),
    ("white", "white"),
)
# Ed-Fi descriptors -> student-group flag. Immigration-related characteristics are refused: Village never stores them.
PROGRAM_FLAGS: dict[str, str] = {
    "uri://ed-fi.org/ProgramTypeDescriptor#Special Education": "has_iep",
    "uri://ed-fi.org/ProgramTypeDescriptor#IDEA": "has_iep",
    "uri://ed-fi.org/ProgramTypeDescriptor#Section 504 Placement": "has_504",
    "uri://ed-fi.org/ProgramTypeDescriptor#English as a Second Language (ESL)": "english_learner",
    "uri://ed-fi.org/ProgramTypeDescriptor#Bilingual": "english_learner",
    "uri://ed-fi.org/LimitedEnglishProficiencyDescriptor#Limited": "english_learner",
    "uri://ed-fi.org/LimitedEnglishProficiencyDescriptor#Limited Monitored 1": "english_learner",
    "uri://ed-fi.org/LimitedEnglishProficiencyDescriptor#Limited Monitored 2": "english_learner",
    "uri://ed-fi.org/StudentCharacteristicDescriptor#Economic Disadvantaged": "economically_disadvantaged",
    "uri://ed-fi.org/ProgramTypeDescriptor#Homeless": "homeless",
    "uri://ed-fi.org/StudentCharacteristicDescriptor#Homeless": "homeless",
    "uri://ed-fi.org/StudentCharacteristicDescriptor#Foster Care": "foster_care",
}
NEVER_STORED = {
    "uri://ed-fi.org/StudentCharacteristicDescriptor#Asylee",
    "uri://ed-fi.org/StudentCharacteristicDescriptor#Immigrant",
    "uri://ed-fi.org/StudentCharacteristicDescriptor#Refugee",
    "uri://ed-fi.org/ProgramTypeDescriptor#Immigrant Education",
}
FLAGS = ("has_iep", "has_504", "english_learner", "economically_disadvantaged", "homeless", "foster_care")
GRADES = {"KG": 0, "PK": -1, "13": 13, **{f"{n:02d}": n for n in range(1, 13)}, **{str(n): n for n in range(1, 13)}}
UPDATE_BATCH = 200
PROGRESS_EVERY = 5000


def _reason(code: str) -> str:
    reasons = {
        "missing_file": _("The file is missing."),
        "missing_column": _("A required column is missing."),
        "unknown_school": _("No school with this sourcedId in orgs.csv."),
        "duplicate_id": _("This sourcedId appears more than once."),
        "unknown_user": _("No user with this sourcedId in users.csv."),
        "bad_date": _("Not a date in YYYY-MM-DD form."),
        "unknown_language": _("Not an Ed-Fi language code."),
        "bad_grade": _("Not a grade Village knows (PK, KG, 01 to 13)."),
        "required": _("This value is required."),
        "unknown_descriptor": _("Not an Ed-Fi descriptor Village reads for student groups."),
        "never_stored": _("Village never stores immigration status; this row was not read."),
        "no_school": _("The student is not enrolled in any school of this district."),
        "bad_manifest": _("The manifest does not say OneRoster 1.2."),
    }
    return reasons.get(code, code)


def describe_rejection(item: dict[str, Any]) -> dict[str, Any]:
    """A stored rejection, described in the active language."""
    return {**item, "reason": _reason(item["code"])}


@dataclass
class _Parsed:
    rejections: list[dict[str, Any]] = field(default_factory=list)
    schools: dict[str, dict[str, str]] = field(default_factory=dict)  # org sourcedId -> row
    students: dict[str, dict[str, Any]] = field(default_factory=dict)
    guardians: dict[str, dict[str, Any]] = field(default_factory=dict)
    teachers: dict[str, str] = field(default_factory=dict)  # sourcedId -> email
    class_students: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    class_teachers: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    flags: dict[str, set[str]] | None = None
    total: int = 0

    def reject(self, file: str, row: int, column: str, code: str, value: str = "") -> None:
        self.rejections.append({"file": file, "row": row, "field": column, "code": code, "value": value[:100]})


class _Source:
    """A folder or zip of CSV files."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip = zipfile.ZipFile(path) if path.is_file() else None

    def names(self) -> set[str]:
        if self.zip:
            return {Path(n).name for n in self.zip.namelist()}
        return {p.name for p in self.path.iterdir()}

    def rows(self, name: str) -> Iterator[tuple[int, dict[str, str]]]:
        if self.zip:
            member = next(n for n in self.zip.namelist() if Path(n).name == name)
            stream: Any = io.TextIOWrapper(self.zip.open(member), encoding="utf-8-sig", newline="")
        else:
            stream = (self.path / name).open(encoding="utf-8-sig", newline="")
        with stream:
            for number, row in enumerate(csv.DictReader(stream), start=2):  # row 1 is the header
                yield number, {k.strip(): (v or "").strip() for k, v in row.items() if k}

    def header(self, name: str) -> list[str]:
        for _number, row in self.rows(name):
            return list(row)
        return []


def _date(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def parse(path: Path) -> _Parsed:
    """Read and validate every file; collect what to apply and every rejection."""
    src = _Source(path)
    out = _Parsed()
    present = src.names()
    for name in REQUIRED_FILES:
        if name not in present:
            out.reject(name, 0, "", "missing_file")
    if out.rejections:
        return out
    optional = [n for n in ("roles.csv", "programs.csv") if n in present]
    for name in (*REQUIRED_FILES, *optional):
        header = src.header(name)
        missing = [c for c in REQUIRED_COLUMNS[name] if header and c not in header]
        for column in missing:
            out.reject(name, 1, column, "missing_column")
    if out.rejections:
        return out
    manifest = {r.get("propertyName", ""): r.get("value", "") for _n, r in src.rows("manifest.csv")}
    if manifest.get("oneroster.version", "1.2") not in ("1.2", "1.2.0"):
        out.reject("manifest.csv", 0, "oneroster.version", "bad_manifest", manifest.get("oneroster.version", ""))

    for number, row in src.rows("orgs.csv"):
        if row.get("type", "").lower() == "school":
            if not row["name"]:
                out.reject("orgs.csv", number, "name", "required")
            else:
                out.schools[row["sourcedId"]] = row

    roles: dict[str, str] = {}
    primary_org: dict[str, str] = {}
    if "roles.csv" in optional:
        for _number, row in src.rows("roles.csv"):
            roles.setdefault(row["userSourcedId"], row["role"].lower())
            primary_org.setdefault(row["userSourcedId"], row["orgSourcedId"])

    seen: set[str] = set()
    for number, row in src.rows("users.csv"):
        out.total += 1
        sid = row["sourcedId"]
        if sid in seen:
            out.reject("users.csv", number, "sourcedId", "duplicate_id", sid)
            continue
        seen.add(sid)
        role = roles.get(sid) or row.get("role", "").lower()
        if not row["givenName"] or not row["familyName"]:
            out.reject("users.csv", number, "givenName" if not row["givenName"] else "familyName", "required")
            continue
        language = row.get("metadata.homeLanguage", "")
        if language and not is_known(to_edfi(language)):
            out.reject("users.csv", number, "metadata.homeLanguage", "unknown_language", language)
            continue
        if role == "student":
            grade_raw = (row.get("grades", "").split(",") or [""])[0].strip()
            if grade_raw not in GRADES:
                out.reject("users.csv", number, "grades", "bad_grade", grade_raw)
                continue
            org = primary_org.get(sid) or row.get("primaryOrgSourcedId") or row.get("orgSourcedIds", "").split(",")[0]
            if org and org not in out.schools:
                out.reject("users.csv", number, "primaryOrgSourcedId", "unknown_school", org)
                continue
            out.students[sid] = {
                "row": number,
                "given_name": row["givenName"][:100],
                "family_name": row["familyName"][:100],
                "grade": GRADES[grade_raw],
                "school": org,
                "agents": [a.strip() for a in row.get("agentSourcedIds", "").split(",") if a.strip()],
                "language": to_edfi(language) if language else "",
            }
        elif role in GUARDIAN_ROLES:
            out.guardians[sid] = {
                "given_name": row["givenName"][:100],
                "family_name": row["familyName"][:100],
                "relationship": GUARDIAN_ROLES[role],
                "email": row.get("email", "")[:254],
                "phone": (row.get("phone") or row.get("sms", ""))[:40],
                "language": to_edfi(language) if language else "",
            }
        elif role in ("teacher", "administrator", "aide"):
            out.teachers[sid] = row.get("email", "").lower()

    enrollment_ids: set[str] = set()
    for number, row in src.rows("enrollments.csv"):
        if row["sourcedId"] in enrollment_ids:
            out.reject("enrollments.csv", number, "sourcedId", "duplicate_id", row["sourcedId"])
            continue
        enrollment_ids.add(row["sourcedId"])
        user = row["userSourcedId"]
        if user not in out.students and user not in out.teachers:
            out.reject("enrollments.csv", number, "userSourcedId", "unknown_user", user)
            continue
        if row["schoolSourcedId"] not in out.schools:
            out.reject("enrollments.csv", number, "schoolSourcedId", "unknown_school", row["schoolSourcedId"])
            continue
        try:
            _date(row.get("beginDate", ""))
            _date(row.get("endDate", ""))
        except ValueError:
            out.reject("enrollments.csv", number, "beginDate", "bad_date", row.get("beginDate", ""))
            continue
        if row["role"].lower() == "student":
            out.class_students[row["classSourcedId"]].append(user)
            if not out.students[user]["school"]:
                out.students[user]["school"] = row["schoolSourcedId"]
        elif row["role"].lower() == "teacher":
            out.class_teachers[row["classSourcedId"]].append(user)

    for sid, s in list(out.students.items()):
        if not s["school"]:
            out.reject("users.csv", s["row"], "primaryOrgSourcedId", "no_school", sid)
            del out.students[sid]

    for number, row in src.rows("demographics.csv"):
        student = out.students.get(row["sourcedId"])
        if student is None:
            if row["sourcedId"] not in out.guardians and row["sourcedId"] not in out.teachers:
                out.reject("demographics.csv", number, "sourcedId", "unknown_user", row["sourcedId"])
            continue
        try:
            student["birth_date"] = _date(row.get("birthDate", ""))
        except ValueError:
            out.reject("demographics.csv", number, "birthDate", "bad_date", row.get("birthDate", ""))
            continue
        student["race_ethnicity"] = _race(row)

    if "programs.csv" in optional:
        out.flags = defaultdict(set)
        for number, row in src.rows("programs.csv"):
            descriptor = row["descriptor"]
            if descriptor in NEVER_STORED:
                out.reject("programs.csv", number, "descriptor", "never_stored")
                continue
            if descriptor not in PROGRAM_FLAGS:
                out.reject("programs.csv", number, "descriptor", "unknown_descriptor", descriptor)
                continue
            if row["userSourcedId"] not in out.students:
                out.reject("programs.csv", number, "userSourcedId", "unknown_user", row["userSourcedId"])
                continue
            out.flags[row["userSourcedId"]].add(PROGRAM_FLAGS[descriptor])
    return out


def _race(row: dict[str, str]) -> str:
    if row.get("hispanicOrLatinoEthnicity", "").lower() == "true":
        return "hispanic"
    if row.get("demographicRaceTwoOrMoreRaces", "").lower() == "true":
        return "multiracial"
    chosen = [code for column, code in _RACE_COLUMNS if row.get(column, "").lower() == "true"]
    if len(chosen) > 1:
        return "multiracial"
    return chosen[0] if chosen else ""


def _upsert_schools(sync: RosterSync, parsed: _Parsed, counts: dict[str, int]) -> dict[str, School]:
    """Schools of orgs.csv by sourcedId: matched on the SIS ID, else adopted by name (and given
    the ID), else created; a school whose name changed in the SIS is renamed."""
    from village.orgs.actions import create_school, update_school

    district = sync.district
    known = list(School.objects.filter(district=district))
    by_sis = {s.sis_id: s for s in known if s.sis_id}
    by_name = {s.name: s for s in known}
    found: dict[str, School] = {}
    for sid, row in parsed.schools.items():
        name = row["name"][:200]
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


def apply(sync: RosterSync, parsed: _Parsed) -> dict[str, int]:
    """Write the parsed roster in one transaction. Returns counts."""
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    district = sync.district
    counts: dict[str, int] = defaultdict(int)
    now = timezone.now()
    with transaction.atomic():
        school_by_sid = _upsert_schools(sync, parsed, counts)

        # Households: one per first guardian; students without a guardian keep or get none.
        households = {h.sourced_id: h for h in Household.objects.filter(district=district).exclude(sourced_id="")}
        existing = {s.local_id: s for s in Student.objects.filter(district=district).select_related("household")}
        new_households: list[Household] = []
        adopted: list[Household] = []
        for sid, s in parsed.students.items():
            key = next((a for a in s["agents"] if a in parsed.guardians), "")
            s["household_key"] = key
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
                g = parsed.guardians[key]
                h = Household(
                    district=district,
                    name=g["family_name"],
                    home_language=g["language"] or s["language"] or "eng",
                    sourced_id=key,
                )
                households[key] = h
                new_households.append(h)
        Household.objects.bulk_update(adopted, ["sourced_id"], batch_size=2000)
        bulk_create_with_history(new_households, Household, batch_size=2000)
        counts["households_created"] = len(new_households)
        households = {h.sourced_id: h for h in Household.objects.filter(district=district).exclude(sourced_id="")}

        existing_guardians = {g.sourced_id: g for g in Guardian.objects.filter(district=district)}
        new_guardians: list[Guardian] = []
        changed_guardians: list[Guardian] = []
        guardian_household: dict[str, str] = {}
        for s in parsed.students.values():
            for a in s["agents"]:
                if a in parsed.guardians and s["household_key"]:
                    guardian_household.setdefault(a, s["household_key"])
        for gid, hkey in guardian_household.items():
            g = parsed.guardians[gid]
            fields = {k: g[k] for k in ("given_name", "family_name", "relationship", "email", "phone")}
            found = existing_guardians.get(gid)
            if found is None:
                new_guardians.append(Guardian(district=district, household=households[hkey], sourced_id=gid, **fields))
            elif any(getattr(found, k) != v for k, v in fields.items()):
                for k, v in fields.items():
                    setattr(found, k, v)
                changed_guardians.append(found)
        Guardian.objects.bulk_create(new_guardians, batch_size=2000)
        Guardian.objects.bulk_update(
            changed_guardians, ["given_name", "family_name", "relationship", "email", "phone"], batch_size=2000
        )

        to_create: list[Student] = []
        to_update: list[Student] = []
        update_fields = [
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
        for done, (sid, s) in enumerate(parsed.students.items(), start=1):
            home = households.get(s["household_key"]) if s["household_key"] else None
            values: dict[str, Any] = {
                "school_id": school_by_sid[s["school"]].pk,
                "household_id": home.pk if home else None,
                "given_name": s["given_name"],
                "family_name": s["family_name"],
                "grade": s["grade"],
                "status": "enrolled",
                "withdrawn_at": None,
                "birth_date": s.get("birth_date"),
                "race_ethnicity": s.get("race_ethnicity", ""),
            }
            if parsed.flags is not None:
                got = parsed.flags.get(sid, set())
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
            bulk_update_with_history(to_update, Student, update_fields, batch_size=UPDATE_BATCH)
        counts["students_created"] = len(to_create)
        counts["students_updated"] = len(to_update)

        leaving = [
            student
            for sid, student in existing.items()
            if sid not in parsed.students and student.status == "enrolled" and student.anonymized_at is None
        ]
        for student in leaving:
            student.status = "withdrawn"
            student.withdrawn_at = now
        if leaving:
            bulk_update_with_history(leaving, Student, ["status", "withdrawn_at"], batch_size=UPDATE_BATCH)
        counts["students_withdrawn"] = len(leaving)

        counts["assignments_created"] = _assign_teachers(district, parsed)
        record(sync.started_by, "families.roster.synced", district, sync_id=sync.pk, **counts)
    return dict(counts)


def _assign_teachers(district: District, parsed: _Parsed) -> int:
    from village.accounts.models import User

    emails = {e for e in parsed.teachers.values() if e}
    users = {u.email: u.pk for u in User.objects.filter(email__in=emails)} if emails else {}
    if not users:
        return 0
    ids = dict(
        Student.objects.filter(district=district, local_id__in=list(parsed.students)).values_list("local_id", "pk")
    )
    rows = []
    for cls, teachers in parsed.class_teachers.items():
        for t in teachers:
            user_id = users.get(parsed.teachers.get(t, ""))
            if user_id is None:
                continue
            for s in parsed.class_students.get(cls, []):
                if s in ids:
                    rows.append(
                        EducatorAssignment(district=district, educator_id=user_id, student_id=ids[s], from_roster=True)
                    )
    EducatorAssignment.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    return len(rows)


def run(sync: RosterSync, path: Path) -> RosterSync:
    """Check the files, then apply them unless this is a dry run or rows were rejected (and not waived)."""
    RosterSync.objects.filter(pk=sync.pk).update(status=SyncStatus.RUNNING)
    try:
        parsed = parse(path)
    except (zipfile.BadZipFile, UnicodeDecodeError, csv.Error, OSError):
        sync.status = SyncStatus.FAILED
        sync.rejections = [{"file": path.name, "row": 0, "field": "", "code": "missing_file", "value": ""}]
        sync.finished_at = timezone.now()
        sync.save()
        return sync
    sync.total = parsed.total
    sync.rejections = parsed.rejections
    structural = any(r["code"] in ("missing_file", "missing_column", "bad_manifest") for r in parsed.rejections)
    if sync.dry_run:
        sync.status = SyncStatus.CHECKED
        sync.counts = {"students_in_file": len(parsed.students), "guardians_in_file": len(parsed.guardians)}
    elif structural or (parsed.rejections and not sync.apply_valid):
        sync.status = SyncStatus.REFUSED
    else:
        sync.counts = apply(sync, parsed)
        sync.status = SyncStatus.APPLIED
    sync.processed = parsed.total
    sync.finished_at = timezone.now()
    sync.save()
    return sync


def start_roster_sync(
    actor: Any, district: District, upload: File[Any], *, dry_run: bool, apply_valid: bool
) -> RosterSync:
    """Store the upload and enqueue the sync after commit."""
    from village.families.tasks import run_roster_sync

    with transaction.atomic():
        name = default_storage.save(f"roster/{district.slug}/{timezone.now():%Y%m%d-%H%M%S}.zip", upload)
        sync = RosterSync.objects.create(
            district=district, started_by=actor, source=name, dry_run=dry_run, apply_valid=apply_valid
        )
        record(actor, "families.roster.started", district, sync_id=sync.pk, dry_run=dry_run)
        transaction.on_commit(lambda: run_roster_sync.enqueue(sync.pk))
    return sync
