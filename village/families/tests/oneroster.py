"""Write OneRoster 1.2 CSV fixtures from students in the database (tests and the benchmark use it)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def _write(path: Path, header: list[str], rows: Iterable[list[Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def grade_code(grade: int) -> str:
    return {-1: "PK", 0: "KG"}.get(grade, f"{grade:02d}")


def write_oneroster(folder: Path, students: Iterable[Any], *, schools: Iterable[Any], teacher_email: str = "") -> Path:
    """Write manifest, orgs, users, roles, enrollments, demographics and programs CSVs for these students."""
    folder.mkdir(parents=True, exist_ok=True)
    students = list(students)
    _write(
        folder / "manifest.csv", ["propertyName", "value"], [["manifest.version", "1.0"], ["oneroster.version", "1.2"]]
    )
    _write(
        folder / "orgs.csv",
        ["sourcedId", "status", "dateLastModified", "name", "type", "identifier", "parentSourcedId"],
        [[f"school-{s.pk}", "active", "", s.name, "school", "", "district"] for s in schools],
    )
    users: list[list[Any]] = []
    roles: list[list[Any]] = []
    enrollments: list[list[Any]] = []
    demographics: list[list[Any]] = []
    programs: list[list[Any]] = []
    header = [
        "sourcedId",
        "status",
        "dateLastModified",
        "enabledUser",
        "username",
        "givenName",
        "familyName",
        "email",
        "phone",
        "agentSourcedIds",
        "grades",
        "primaryOrgSourcedId",
        "metadata.homeLanguage",
    ]
    if teacher_email:
        users.append(["teacher-1", "active", "", "true", "", "Sam", "Teacher", teacher_email, "", "", "", "", ""])
        roles.append(["teacher-1", "teacher", "school-x"])
    for s in students:
        school = f"school-{s.school_id}"
        agents = f"guardian-{s.household_id}" if s.household_id else ""
        users.append(
            [
                s.local_id,
                "active",
                "",
                "true",
                "",
                s.given_name,
                s.family_name,
                "",
                "",
                agents,
                grade_code(s.grade),
                school,
                "",
            ]
        )
        roles.append([s.local_id, "student", school])
        enrollments.append(
            [
                f"enr-{s.local_id}",
                "active",
                "",
                f"class-{s.school_id}-{s.grade}",
                school,
                s.local_id,
                "student",
                "true",
                "",
                "",
            ]
        )
        demographics.append(
            [
                s.local_id,
                "active",
                "",
                s.birth_date.isoformat() if s.birth_date else "",
                "true" if s.race_ethnicity == "hispanic" else "false",
                "true" if s.race_ethnicity == "asian" else "false",
            ]
        )
        for flag, descriptor in (
            ("has_iep", "ProgramTypeDescriptor#Special Education"),
            ("has_504", "ProgramTypeDescriptor#Section 504 Placement"),
            ("english_learner", "ProgramTypeDescriptor#English as a Second Language (ESL)"),
            ("economically_disadvantaged", "StudentCharacteristicDescriptor#Economic Disadvantaged"),
            ("homeless", "StudentCharacteristicDescriptor#Homeless"),
            ("foster_care", "StudentCharacteristicDescriptor#Foster Care"),
        ):
            if getattr(s, flag):
                programs.append([s.local_id, f"uri://ed-fi.org/{descriptor}"])
        if teacher_email:
            enrollments.append(
                [
                    f"enr-t-{s.local_id}",
                    "active",
                    "",
                    f"class-{s.school_id}-{s.grade}",
                    school,
                    "teacher-1",
                    "teacher",
                    "true",
                    "",
                    "",
                ]
            )
    guardians = {s.household_id: s for s in students if s.household_id}
    for hid, s in guardians.items():
        users.append(
            [
                f"guardian-{hid}",
                "active",
                "",
                "true",
                "",
                "Parent",
                s.family_name,
                f"g{hid}@example.org",
                "",
                "",
                "",
                "",
                "ara",
            ]
        )
        roles.append([f"guardian-{hid}", "guardian", ""])
    if teacher_email:
        roles = [[u, r, o if o != "school-x" else f"school-{students[0].school_id}"] for u, r, o in roles]
        enrollments = [e for e in enrollments if e[4] != "school-x"]
    _write(folder / "users.csv", header, users)
    _write(folder / "roles.csv", ["userSourcedId", "role", "orgSourcedId"], roles)
    _write(
        folder / "enrollments.csv",
        [
            "sourcedId",
            "status",
            "dateLastModified",
            "classSourcedId",
            "schoolSourcedId",
            "userSourcedId",
            "role",
            "primary",
            "beginDate",
            "endDate",
        ],
        enrollments,
    )
    _write(
        folder / "demographics.csv",
        ["sourcedId", "status", "dateLastModified", "birthDate", "hispanicOrLatinoEthnicity", "asian"],
        demographics,
    )
    _write(folder / "programs.csv", ["userSourcedId", "descriptor"], programs)
    return folder
