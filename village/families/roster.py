"""Reading a roster from OneRoster 1.2 CSV, with district program files using Ed-Fi descriptors, into a plan.

Input: a folder or zip holding manifest.csv, orgs.csv, users.csv, enrollments.csv and
demographics.csv (roles.csv when present, as OneRoster 1.2 moved roles there; a `role`
column in users.csv is accepted too), and optionally programs.csv, a district file with
`userSourcedId,descriptor` where descriptor is an Ed-Fi descriptor URI such as
`uri://ed-fi.org/ProgramTypeDescriptor#Section 504 Placement`.

`parse` checks every file and returns a `RosterPlan`: the schools, students, guardians and
class lists to write, and every rejected row as (file, row, field, code, value), described
in the reader's language when shown. It writes nothing; `village.families.actions.roster`
applies a plan.

Nothing is lost: a person a rejected row is about is held back (neither written nor withdrawn);
a sourcedId on several rows of orgs, users, roles, enrollments or demographics is read once
when the rows are identical and not at all when they disagree; and the report accounts for
every file's rows and for the columns Village does not keep (`roster_files.accounts`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from django.utils import timezone
from django.utils.translation import gettext_noop

from village.families.roster_files import (
    NO_STUDENT,
    NOT_A_SCHOOL,
    OTHER_DEMOGRAPHICS,
    OTHER_ENROLLMENT,
    OTHER_ROLE,
    SECONDARY_ROLE,
    Ledger,
    Source,
    accounts,
)
from village.lib.imports import ImportReport, Param, Rejection, UnreadableFile
from village.lib.languages import is_known, to_edfi
from village.messaging.texts import e164

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
STRUCTURAL = ("missing_file", "missing_column", "bad_manifest")
# A file that cannot be read at all (see `village.lib.imports.UnreadableFile`): the sync fails.
UNREADABLE = ("binary", "bad_encoding", "bad_csv", "too_large", "too_many_rows", "unopenable")


# Why a row was rejected, by code: stored untranslated with each rejection, translated when shown.
REASONS: dict[str, str] = {
    "missing_file": gettext_noop("The file is missing."),
    "missing_column": gettext_noop("A required column is missing."),
    "unknown_school": gettext_noop("No school with this sourcedId in orgs.csv."),
    "duplicate_id": gettext_noop("This sourcedId appears more than once."),
    "duplicate_copy": gettext_noop(
        "This sourcedId is already on row %(first)s with the same values; this copy was not read again."
    ),
    "duplicate_conflict": gettext_noop(
        "This sourcedId is on rows %(rows)s, which disagree (%(columns)s). None of these rows was applied: "
        "keep one row per sourcedId."
    ),
    "role_conflict": gettext_noop(
        "This person has primary roles that disagree on rows %(rows)s. None of these rows was applied."
    ),
    "school_rejected": gettext_noop("The row of this school in orgs.csv was rejected."),
    "unopenable": gettext_noop("This upload cannot be opened as a zip file or a folder of CSV files."),
    "unknown_user": gettext_noop("No user with this sourcedId in users.csv."),
    "bad_date": gettext_noop("Not a date in YYYY-MM-DD form."),
    "no_such_day": gettext_noop("No such day: the month has fewer days, or the month is not 01 to 12."),
    "ends_before": gettext_noop("The enrollment ends before it begins (%(begins)s)."),
    "born_later": gettext_noop("This birth date is in the future."),
    "extra_cells": gettext_noop(
        "This row has more cells than the header has columns, so its values may be in the wrong columns "
        "(a comma inside a value that is not in quotes?). It was not read."
    ),
    "unknown_language": gettext_noop("Not an Ed-Fi language code."),
    "bad_grade": gettext_noop("Not a grade Village knows (PK, KG, 01 to 13)."),
    "required": gettext_noop("This value is required."),
    "unknown_descriptor": gettext_noop("Not an Ed-Fi descriptor Village reads for student groups."),
    "never_stored": gettext_noop("Village never stores immigration status; this row was not read."),
    "no_school": gettext_noop("The student is not enrolled in any school of this district."),
    "bad_manifest": gettext_noop("The manifest does not say OneRoster 1.2."),
}


def rejection(file: str, row: int, column: str, code: str, value: str = "", **params: Param) -> Rejection:
    return Rejection(file, row, column, code, value[:100], REASONS.get(code, ""), params)


def describe_rejection(item: Mapping[str, object]) -> dict[str, object]:
    """A stored rejection (see `RejectionJSON`), with its reason in the active language."""
    found = Rejection.from_json(item)
    if not found.reason:  # stored before reasons were kept with the rejection
        found = rejection(found.file, found.row, found.field, found.code, found.value)
    return {**item, "reason": found.message()}


@dataclass(frozen=True)
class SchoolRow:
    """A school of orgs.csv."""

    sourced_id: str
    name: str


@dataclass
class StudentRow:
    """A student of users.csv, completed by enrollments.csv (school) and demographics.csv."""

    row: int
    given_name: str
    family_name: str
    grade: int
    school: str  # the school's sourcedId
    agents: list[str]
    language: str
    birth_date: date | None = None
    race_ethnicity: str = ""
    household_key: str = ""  # the sourcedId of the first guardian: the household's roster ID


@dataclass(frozen=True)
class GuardianRow:
    """A guardian of users.csv (role guardian, parent or relative): who they are to the students
    whose `agentSourcedIds` name them, and how to reach them. Their demographics rows are accepted
    and not stored: inviting a family needs none of it."""

    given_name: str
    family_name: str
    relationship: str
    email: str
    phone: str
    language: str
    sms: str = ""


@dataclass
class RosterPlan:
    """What a roster sync would write, and every row it refused. Parsing writes nothing."""

    report: ImportReport = field(default_factory=ImportReport)
    schools: dict[str, SchoolRow] = field(default_factory=dict)  # org sourcedId -> school
    students: dict[str, StudentRow] = field(default_factory=dict)
    guardians: dict[str, GuardianRow] = field(default_factory=dict)
    teachers: dict[str, str] = field(default_factory=dict)  # sourcedId -> email
    class_students: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    class_teachers: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    flags: dict[str, set[str]] | None = None  # None when the files say nothing about programs
    total: int = 0
    # Everyone users.csv has a row for, rejected or not: a student listed is never withdrawn.
    listed: set[str] = field(default_factory=set)
    # People a rejected row is about: left exactly as they are (neither written nor withdrawn).
    held: set[str] = field(default_factory=set)
    # A rejected row of users.csv says nothing of whom it is about: nobody can be withdrawn.
    blind: bool = False

    def reject(self, file: str, row: int, column: str, code: str, value: str = "", **params: Param) -> None:
        self.report.reject(rejection(file, row, column, code, value, **params))

    @property
    def rejections(self) -> list[Rejection]:
        return self.report.rejections

    @property
    def structural(self) -> bool:
        """A file or column is missing, or the manifest is not OneRoster 1.2: nothing can be applied."""
        return any(r.code in STRUCTURAL for r in self.rejections)

    @property
    def unreadable(self) -> bool:
        """A file cannot be read at all: the sync fails."""
        return any(r.code in UNREADABLE for r in self.rejections)


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _checked_date(out: RosterPlan, file: str, number: int, column: str, value: str) -> date | Literal[False] | None:
    """The column's date (None when empty), or False after rejecting the row: a value not written
    YYYY-MM-DD, or one so written that names no day (2026-02-30)."""
    if not value:
        return None
    if not ISO_DATE.fullmatch(value):
        out.reject(file, number, column, "bad_date", value)
        return False
    try:
        return date.fromisoformat(value)
    except ValueError:
        out.reject(file, number, column, "no_such_day", value)
        return False


def parse(path: Path, upload_name: str = "") -> RosterPlan:
    """Read and validate every file; collect what to apply and every rejection.

    A file that cannot be read (its encoding, not text, too large) is rejected as a whole, by name,
    and nothing is applied. Raises `zipfile.BadZipFile` or `OSError` when the upload itself cannot
    be opened."""
    src = Source(path, upload_name or path.name)
    out = RosterPlan()
    present = src.names()
    for name in REQUIRED_FILES:
        if name not in present:
            out.reject(name, 0, "", "missing_file")
    optional = [n for n in ("roles.csv", "programs.csv") if n in present]
    for name in (*REQUIRED_FILES, *optional):
        if name in present:
            try:
                src.table(name)
            except UnreadableFile as exc:
                out.report.reject(exc.rejection(name))
    if out.rejections:
        return out
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

    ledger = Ledger()
    refused_orgs: set[str] = set()
    for number, row in _unique(src, out, "orgs.csv", "sourcedId", refused_orgs):
        if row.get("type", "").lower() != "school":
            ledger.skip("orgs.csv", number, NOT_A_SCHOOL)
        elif not row["name"]:
            out.reject("orgs.csv", number, "name", "required")
        else:
            out.schools[row["sourcedId"]] = SchoolRow(row["sourcedId"], row["name"][:200])

    def school_problem(org: str) -> str:
        return "school_rejected" if org in refused_orgs else "unknown_school"

    roles, primary_org = _roles(src, out, ledger) if "roles.csv" in optional else ({}, {})
    refused_users: set[str] = set()
    for number, row in _unique(src, out, "users.csv", "sourcedId", refused_users, ledger):
        out.total += 1
        sid = row["sourcedId"]
        role = roles.get(sid) or row.get("role", "").lower()
        if not row["givenName"] or not row["familyName"]:
            out.reject("users.csv", number, "givenName" if not row["givenName"] else "familyName", "required")
            continue
        language_column = next(
            (c for c in ("metadata.preferredLanguage", "metadata.homeLanguage") if row.get(c, "").strip()),
            "metadata.homeLanguage",
        )
        language = row.get(language_column, "").strip()
        if language and not is_known(to_edfi(language)):
            out.reject("users.csv", number, language_column, "unknown_language", language)
            continue
        if role == "student":
            grade_raw = (row.get("grades", "").split(",") or [""])[0].strip()
            if grade_raw not in GRADES:
                out.reject("users.csv", number, "grades", "bad_grade", grade_raw)
                continue
            org = primary_org.get(sid) or row.get("primaryOrgSourcedId") or row.get("orgSourcedIds", "").split(",")[0]
            if org and org not in out.schools:
                out.reject("users.csv", number, "primaryOrgSourcedId", school_problem(org), org)
                continue
            out.students[sid] = StudentRow(
                row=number,
                given_name=row["givenName"][:100],
                family_name=row["familyName"][:100],
                grade=GRADES[grade_raw],
                school=org,
                agents=[a.strip() for a in row.get("agentSourcedIds", "").split(",") if a.strip()],
                language=to_edfi(language) if language else "",
            )
        elif role in GUARDIAN_ROLES:
            out.guardians[sid] = GuardianRow(
                given_name=row["givenName"][:100],
                family_name=row["familyName"][:100],
                relationship=GUARDIAN_ROLES[role],
                email=row.get("email", "").strip()[:254],
                phone=(row.get("phone") or row.get("sms", "")).strip()[:40],
                # E.164 when it is a valid number, so a reply from it finds this guardian; else as given.
                sms=e164(row.get("sms", "")) or row.get("sms", "").strip()[:40],
                language=to_edfi(language) if language else "",
            )
        elif role in ("teacher", "administrator", "aide"):
            out.teachers[sid] = row.get("email", "").lower()
        else:
            ledger.skip("users.csv", number, OTHER_ROLE)
    out.listed = {sid for sid in ledger.owners["users.csv"].values()}
    # People whose own row was rejected: their other rows are held back with them, not "unknown".
    refused = {ledger.owned_by("users.csv", r.row) for r in out.rejections if r.file == "users.csv"} - {""}

    for number, row in _unique(src, out, "enrollments.csv", "sourcedId", set(), ledger, owner="userSourcedId"):
        user = row["userSourcedId"]
        if user not in out.students and user not in out.teachers:
            if user in refused:
                pass  # held back with its person (the file's account says so)
            elif user in out.listed:
                ledger.skip("enrollments.csv", number, OTHER_ENROLLMENT)
            else:
                out.reject("enrollments.csv", number, "userSourcedId", "unknown_user", user)
            continue
        if row["schoolSourcedId"] not in out.schools:
            school = row["schoolSourcedId"]
            out.reject("enrollments.csv", number, "schoolSourcedId", school_problem(school), school)
            continue
        begins = _checked_date(out, "enrollments.csv", number, "beginDate", row.get("beginDate", ""))
        ends = _checked_date(out, "enrollments.csv", number, "endDate", row.get("endDate", ""))
        if begins is False or ends is False:
            continue
        if begins and ends and ends < begins:
            out.reject("enrollments.csv", number, "endDate", "ends_before", row["endDate"], begins=row["beginDate"])
            continue
        if row["role"].lower() == "student" and user in out.students:
            out.class_students[row["classSourcedId"]].append(user)
            if not out.students[user].school:
                out.students[user].school = row["schoolSourcedId"]
        elif row["role"].lower() == "teacher" and user in out.teachers:
            out.class_teachers[row["classSourcedId"]].append(user)
        else:
            ledger.skip("enrollments.csv", number, OTHER_ENROLLMENT)

    for sid, s in list(out.students.items()):
        if not s.school:
            out.reject("users.csv", s.row, "primaryOrgSourcedId", "no_school", sid)
            del out.students[sid]

    for number, row in _unique(src, out, "demographics.csv", "sourcedId", set(), ledger):
        student = out.students.get(row["sourcedId"])
        if student is None:
            if row["sourcedId"] in refused:
                pass  # held back with its person
            elif row["sourcedId"] not in out.listed:
                out.reject("demographics.csv", number, "sourcedId", "unknown_user", row["sourcedId"])
            else:
                ledger.skip("demographics.csv", number, OTHER_DEMOGRAPHICS)
            continue
        born = _checked_date(out, "demographics.csv", number, "birthDate", row.get("birthDate", ""))
        if born is False:
            continue
        if born and born > timezone.localdate():
            out.reject("demographics.csv", number, "birthDate", "born_later", row["birthDate"])
            continue
        student.birth_date = born or None
        student.race_ethnicity = _race(row)

    if "programs.csv" in optional:
        out.flags = defaultdict(set)
        for number, row in src.rows("programs.csv"):
            ledger.owner("programs.csv", number, row["userSourcedId"])
            if _misaligned(src, out, "programs.csv", number):
                continue
            descriptor = row["descriptor"]
            if descriptor in NEVER_STORED:
                out.reject("programs.csv", number, "descriptor", "never_stored")
                continue
            if descriptor not in PROGRAM_FLAGS:
                out.reject("programs.csv", number, "descriptor", "unknown_descriptor", descriptor)
                continue
            if row["userSourcedId"] in refused:
                continue  # held back with its person
            if row["userSourcedId"] not in out.students:
                out.reject("programs.csv", number, "userSourcedId", "unknown_user", row["userSourcedId"])
                continue
            out.flags[row["userSourcedId"]].add(PROGRAM_FLAGS[descriptor])
    _hold(out, ledger)
    out.report.files = accounts(src, (*REQUIRED_FILES, *optional), ledger, out.rejections, out.held)
    return out


def _hold(out: RosterPlan, ledger: Ledger) -> None:
    """Hold back every person of users.csv a rejected row is about: they are neither written nor
    withdrawn. Then one household per student's first guardian (a held one keeps the household as is)."""
    for r in out.rejections:
        sid = ledger.owned_by(r.file, r.row)
        if sid in out.listed and r.code != "never_stored":  # a refused descriptor holds nothing back
            out.held.add(sid)
    for sid in out.held:
        out.students.pop(sid, None)
        out.guardians.pop(sid, None)
        out.teachers.pop(sid, None)
    named: set[str] = set()
    for s in out.students.values():
        first = next((a for a in s.agents if a in out.guardians or a in out.held), "")
        s.household_key = first if first in out.guardians else ""
        if s.household_key:
            named.update(a for a in s.agents if a in out.guardians)
    for number, sid in ledger.owners["users.csv"].items():
        if sid in out.guardians and sid not in named:
            ledger.skip("users.csv", number, NO_STUDENT)
    out.blind = any(r.file == "users.csv" and r.row > 0 and not ledger.owned_by(r.file, r.row) for r in out.rejections)


def _misaligned(src: Source, out: RosterPlan, name: str, number: int) -> bool:
    """Reject a row with cells beyond the header: its values may each sit one column off."""
    extra = src.extra_cells(name, number)
    if extra:
        out.reject(name, number, "", "extra_cells")
    return bool(extra)


def _unique(
    src: Source,
    out: RosterPlan,
    name: str,
    key: str,
    refused: set[str],
    ledger: Ledger | None = None,
    *,
    owner: str = "",
) -> list[tuple[int, dict[str, str]]]:
    """The file's rows, one per `key`: a row without one is rejected; a later copy of an identical
    row is rejected as a copy; rows of one key that disagree are all rejected (the key is added to
    `refused`), so no silently chosen one is applied. `ledger` learns whom each row is about."""
    groups: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for number, row in src.rows(name):
        if ledger is not None:
            ledger.owner(name, number, row.get(owner or key, ""))
        if _misaligned(src, out, name, number):
            continue
        if not row.get(key):
            out.reject(name, number, key, "required")
            continue
        groups.setdefault(row[key], []).append((number, row))
    kept: list[tuple[int, dict[str, str]]] = []
    for value, rows in groups.items():
        first_number, first = rows[0]
        differing = sorted({c for _n, row in rows[1:] for c in first if row.get(c, "") != first[c]})
        if not differing:
            kept.append(rows[0])
            for number, _row in rows[1:]:
                out.reject(name, number, key, "duplicate_copy", value, first=first_number)
            continue
        refused.add(value)
        where = ", ".join(str(number) for number, _row in rows)
        for number, _row in rows:
            out.reject(name, number, key, "duplicate_conflict", value, rows=where, columns=", ".join(differing))
    return sorted(kept, key=lambda item: item[0])


def _roles(src: Source, out: RosterPlan, ledger: Ledger) -> tuple[dict[str, str], dict[str, str]]:
    """Each person's primary role, and a student's school, from roles.csv. Secondary roles are skipped
    (said so); a person whose primary roles disagree has all their role rows rejected."""
    by_user: dict[str, list[tuple[int, dict[str, str]]]] = defaultdict(list)
    keyed = "sourcedId" in src.header("roles.csv")
    rows = _unique(src, out, "roles.csv", "sourcedId", set(), ledger, owner="userSourcedId") if keyed else None
    for number, row in rows if rows is not None else src.rows("roles.csv"):
        ledger.owner("roles.csv", number, row["userSourcedId"])
        if rows is None and _misaligned(src, out, "roles.csv", number):
            continue
        if not row["userSourcedId"]:
            out.reject("roles.csv", number, "userSourcedId", "required")
        elif row.get("roleType", "").lower() == "secondary":
            ledger.skip("roles.csv", number, SECONDARY_ROLE)
        else:
            by_user[row["userSourcedId"]].append((number, row))
    roles: dict[str, str] = {}
    primary_org: dict[str, str] = {}
    for user, found in by_user.items():
        first_number, first = found[0]
        role, org = first["role"].lower(), first["orgSourcedId"]
        # A teacher may teach at several schools; a student has one school.
        if all(row["role"].lower() == role and (role != "student" or row["orgSourcedId"] == org) for _n, row in found):
            roles[user], primary_org[user] = role, first["orgSourcedId"]
            for number, row in found[1:]:
                if row == first:
                    out.reject("roles.csv", number, "userSourcedId", "duplicate_copy", user, first=first_number)
            continue
        where = ", ".join(str(number) for number, _row in found)
        for number, _row in found:
            out.reject("roles.csv", number, "userSourcedId", "role_conflict", user, rows=where)
    return roles, primary_org


def _race(row: dict[str, str]) -> str:
    if row.get("hispanicOrLatinoEthnicity", "").lower() == "true":
        return "hispanic"
    if row.get("demographicRaceTwoOrMoreRaces", "").lower() == "true":
        return "multiracial"
    chosen = [code for column, code in _RACE_COLUMNS if row.get(column, "").lower() == "true"]
    if len(chosen) > 1:
        return "multiracial"
    return chosen[0] if chosen else ""
