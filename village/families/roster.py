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
"""

from __future__ import annotations

import zipfile
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.utils.translation import gettext_noop

from village.lib.imports import ImportReport, Limits, Rejection, Table, read_csv
from village.lib.languages import is_known, to_edfi

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


# Why a row was rejected, by code: stored untranslated with each rejection, translated when shown.
REASONS: dict[str, str] = {
    "missing_file": gettext_noop("The file is missing."),
    "missing_column": gettext_noop("A required column is missing."),
    "unknown_school": gettext_noop("No school with this sourcedId in orgs.csv."),
    "duplicate_id": gettext_noop("This sourcedId appears more than once."),
    "unknown_user": gettext_noop("No user with this sourcedId in users.csv."),
    "bad_date": gettext_noop("Not a date in YYYY-MM-DD form."),
    "unknown_language": gettext_noop("Not an Ed-Fi language code."),
    "bad_grade": gettext_noop("Not a grade Village knows (PK, KG, 01 to 13)."),
    "required": gettext_noop("This value is required."),
    "unknown_descriptor": gettext_noop("Not an Ed-Fi descriptor Village reads for student groups."),
    "never_stored": gettext_noop("Village never stores immigration status; this row was not read."),
    "no_school": gettext_noop("The student is not enrolled in any school of this district."),
    "bad_manifest": gettext_noop("The manifest does not say OneRoster 1.2."),
}
# Roster files are large by nature (every student, guardian and enrollment of a district).
LIMITS = Limits(max_bytes=500 * 1024 * 1024, max_rows=5_000_000)


def rejection(file: str, row: int, column: str, code: str, value: str = "") -> Rejection:
    return Rejection(file, row, column, code, value[:100], REASONS.get(code, ""))


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
    given_name: str
    family_name: str
    relationship: str
    email: str
    phone: str
    language: str


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

    def reject(self, file: str, row: int, column: str, code: str, value: str = "") -> None:
        self.report.reject(rejection(file, row, column, code, value))

    @property
    def rejections(self) -> list[Rejection]:
        return self.report.rejections

    @property
    def structural(self) -> bool:
        """A file or column is missing, or the manifest is not OneRoster 1.2: nothing can be applied."""
        return any(r.code in STRUCTURAL for r in self.rejections)


class _Source:
    """A folder or zip of CSV files, each read whole through `village.lib.imports`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip = zipfile.ZipFile(path) if path.is_file() else None
        self.tables: dict[str, Table] = {}

    def names(self) -> set[str]:
        if self.zip:
            return {Path(n).name for n in self.zip.namelist()}
        return {p.name for p in self.path.iterdir()}

    def table(self, name: str) -> Table:
        """The file read as a table (once); raises `UnreadableFile` when it cannot be read."""
        if name not in self.tables:
            if self.zip:
                member = next(n for n in self.zip.namelist() if Path(n).name == name)
                data = self.zip.read(member)
            else:
                data = (self.path / name).read_bytes()
            self.tables[name] = read_csv(data, name, limits=LIMITS)
        return self.tables[name]

    def rows(self, name: str) -> Iterator[tuple[int, dict[str, str]]]:
        """Each row's number in the file and its cells by column (a short row's missing cells are empty)."""
        table = self.table(name)
        header = {h for h in table.header if h}
        for row in table:
            complete = len(row.values) == len(header)
            yield row.number, row.values if complete else {column: row.values.get(column, "") for column in header}

    def header(self, name: str) -> list[str]:
        """The file's columns, or none when it has no rows (an empty file is checked by its rows)."""
        table = self.table(name)
        return [h for h in table.header if h] if len(table) else []


def _date(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def parse(path: Path) -> RosterPlan:
    """Read and validate every file; collect what to apply and every rejection.

    Raises `UnreadableFile` for a file that cannot be read as CSV at all, and `zipfile.BadZipFile`
    or `OSError` when the upload itself cannot be opened."""
    src = _Source(path)
    out = RosterPlan()
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
                out.schools[row["sourcedId"]] = SchoolRow(row["sourcedId"], row["name"][:200])

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
                email=row.get("email", "")[:254],
                phone=(row.get("phone") or row.get("sms", ""))[:40],
                language=to_edfi(language) if language else "",
            )
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
            if not out.students[user].school:
                out.students[user].school = row["schoolSourcedId"]
        elif row["role"].lower() == "teacher":
            out.class_teachers[row["classSourcedId"]].append(user)

    for sid, s in list(out.students.items()):
        if not s.school:
            out.reject("users.csv", s.row, "primaryOrgSourcedId", "no_school", sid)
            del out.students[sid]

    for number, row in src.rows("demographics.csv"):
        student = out.students.get(row["sourcedId"])
        if student is None:
            if row["sourcedId"] not in out.guardians and row["sourcedId"] not in out.teachers:
                out.reject("demographics.csv", number, "sourcedId", "unknown_user", row["sourcedId"])
            continue
        try:
            student.birth_date = _date(row.get("birthDate", ""))
        except ValueError:
            out.reject("demographics.csv", number, "birthDate", "bad_date", row.get("birthDate", ""))
            continue
        student.race_ethnicity = _race(row)

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

    # Households: one per first guardian; students without a guardian keep or get none.
    for s in out.students.values():
        s.household_key = next((a for a in s.agents if a in out.guardians), "")
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
