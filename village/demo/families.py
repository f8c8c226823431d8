"""The demo's households and students, as a district's student information system would hold them.

Each district's roster is built as a checked roster plan (one guardian a household, each student
at their zone's school, program flags) and applied by the roster sync's own action
(`apply_roster_plan`), so the demo's families are exactly what a real sync writes.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from village.accounts.models import User
from village.demo.common import LINCOLN, RIVERBEND_HIGH, SEED, weighted
from village.demo.names import NameBank
from village.demo.regions import Zone
from village.families.actions import apply_roster_plan, link_member, link_student_account
from village.families.models import Household, RaceEthnicity, Relationship, Student
from village.families.roster import GuardianRow, RosterPlan, SchoolRow, StudentRow
from village.orgs.models import District, School

R = RaceEthnicity
# fmt: off
RACE_WEIGHTS: tuple[tuple[str, float], ...] = (
    (R.WHITE, 44), (R.HISPANIC, 28), (R.BLACK, 15), (R.ASIAN, 5), (R.MULTIRACIAL, 5), (R.AMERICAN_INDIAN, 1),
    (R.PACIFIC_ISLANDER, 0.4),
)
# Home language given race/ethnicity. Arab Americans are "White" in federal categories.
HOME_LANGUAGES: dict[str, tuple[tuple[str, float], ...]] = {
    R.HISPANIC: (("es", 0.72), ("en", 0.28)),
    R.WHITE: (("en", 0.95), ("ar", 0.05)),
    R.BLACK: (("en", 0.80), ("so", 0.10), ("ht", 0.10)),
    R.ASIAN: (("vi", 0.35), ("zh", 0.35), ("en", 0.30)),
}
# Share of children's given names from the family's own culture (the rest are US English names).
OWN_GIVEN_NAME: dict[str, float] = {
    "es": 0.85, "ar": 0.9, "vi": 0.65, "zh": 0.55, "so": 0.9, "ht": 0.85, "in": 0.5, "en": 1.0,
}
ECON_BY_RACE: dict[str, float] = {
    R.HISPANIC: 0.66, R.BLACK: 0.68, R.WHITE: 0.34, R.ASIAN: 0.38, R.MULTIRACIAL: 0.5, R.AMERICAN_INDIAN: 0.65,
    R.PACIFIC_ISLANDER: 0.6,
}
# fmt: on
HOUSEHOLD_SIZES = ((1, 0.5), (2, 0.35), (3, 0.15))


def _english_learner_rate(grade: int) -> float:
    """Among children in non-English-speaking homes; many are reclassified by middle school."""
    return 0.5 if grade <= 5 else 0.3 if grade <= 8 else 0.22


@dataclass
class _Family:
    race: str
    language: str
    family_name: str
    given_culture: str
    economically_disadvantaged: bool
    homeless: bool


def _family(rng: random.Random, names: NameBank) -> _Family:
    race = weighted(rng, RACE_WEIGHTS)
    language = weighted(rng, HOME_LANGUAGES.get(race, (("en", 1.0),)))
    if language != "en":
        family_culture = language
    elif race == R.HISPANIC:
        family_culture = "es"
    elif race == R.ASIAN:
        family_culture = weighted(rng, (("in", 0.4), ("zh", 0.35), ("vi", 0.25)))
    else:
        family_culture = "en"
    given_culture = family_culture if rng.random() < OWN_GIVEN_NAME.get(family_culture, 1.0) else "en"
    if language == "en" and family_culture != "en":
        given_culture = family_culture if rng.random() < 0.4 else "en"
    p_econ = ECON_BY_RACE.get(race, 0.5) + (0.05 if language != "en" else 0.0)
    econ = rng.random() < p_econ
    return _Family(
        race=race,
        language=language,
        family_name=names.family(family_culture),
        given_culture=given_culture,
        economically_disadvantaged=econ,
        homeless=econ and rng.random() < 0.04,
    )


def _grades(rng: random.Random, children: int) -> list[int]:
    first = rng.randint(0, 12)
    grades = [first]
    while len(grades) < children:
        g = first + rng.choice((-6, -5, -4, -3, -2, -1, 1, 2, 3, 4, 5, 6))
        if 0 <= g <= 12 and g not in grades:
            grades.append(g)
    return grades


def _student_flags(rng: random.Random, family: _Family, grade: int) -> dict[str, Any]:
    u = rng.random()
    return {
        "has_iep": u < 0.13,
        "has_504": 0.13 <= u < 0.155,
        "english_learner": family.language != "en" and rng.random() < _english_learner_rate(grade),
        "economically_disadvantaged": family.economically_disadvantaged,
        "homeless": family.homeless,
        "foster_care": rng.random() < 0.005,
        "race_ethnicity": family.race,
    }


class LocalIds:
    """Pseudonymous, non-sequential student IDs, unique within a district: RB-000123."""

    def __init__(self, rng: random.Random, code: str, count: int) -> None:
        self.code = code
        self._numbers = iter(rng.sample(range(1, 1_000_000), count))

    def next(self) -> str:
        return f"{self.code}-{next(self._numbers):06d}"


@dataclass(frozen=True)
class _Household:
    family: _Family
    zone: Zone
    students: list[tuple[str, StudentRow, set[str]]]  # local id, row, program flags


FLAG_NAMES = ("has_iep", "has_504", "english_learner", "economically_disadvantaged", "homeless", "foster_care")


def _households(
    rng: random.Random, names: NameBank, zones: list[Zone], count: int, ids: LocalIds
) -> Iterator[_Household]:
    remaining = count
    while remaining > 0:
        size = min(remaining, weighted(rng, HOUSEHOLD_SIZES))
        remaining -= size
        family = _family(rng, names)
        zone = zones[rng.randrange(len(zones))]
        students = []
        for grade in _grades(rng, size):
            school = zone.school_for(grade)
            local_id = ids.next()
            given = names.given(family.given_culture)
            flags = _student_flags(rng, family, grade)
            row = StudentRow(
                row=0,
                given_name=given,
                family_name=family.family_name,
                grade=grade,
                school=_school_id(school),
                agents=[],
                language=family.language,
                race_ethnicity=str(flags.pop("race_ethnicity")),
            )
            students.append((local_id, row, {f for f in FLAG_NAMES if flags[f]}))
        yield _Household(family, zone, students)


def _school_id(school: School) -> str:
    return school.sis_id or f"SCH-{school.pk:04d}"


class SisExport:
    """A district's roster as its student information system hands it over: one household a first
    guardian, each student enrolled at their zone's school. Applied by the roster sync's action."""

    def __init__(self, district: District) -> None:
        self.district = district
        self.plan = RosterPlan(flags={})
        self.guardian_names = NameBank(SEED + 17, random.Random(SEED + 17))
        for school in School.objects.filter(district=district).order_by("pk"):
            self.plan.schools[_school_id(school)] = SchoolRow(_school_id(school), school.name)

    def add(
        self,
        family_name: str,
        language: str,
        students: list[tuple[str, StudentRow, set[str]]],
        *,
        guardian: tuple[str, str] | None = None,
        culture: str = "en",
        sms: str = "",
    ) -> str:
        """A household: its first guardian (`guardian` is a given name and an email, else one is made
        up) and its students."""
        key = f"G-{students[0][0]}"
        given, email = guardian or (self.guardian_names.given(culture), "")
        self.plan.guardians[key] = GuardianRow(
            given_name=given,
            family_name=family_name,
            relationship=Relationship.PARENT,
            email=email,
            phone=sms,
            language=language,
            sms=sms,
        )
        for local_id, row, flags in students:
            row.row = len(self.plan.students) + 2
            row.agents = [key]
            row.household_key = key
            self.plan.students[local_id] = row
            assert self.plan.flags is not None
            self.plan.flags[local_id] = flags
        self.plan.total = len(self.plan.students)
        return key

    def apply(self, lead: User) -> int:
        apply_roster_plan(lead, self.district, self.plan, source="Student information system (demo)")
        return len(self.plan.students)


def sis_students(
    rng: random.Random, names: NameBank, export: SisExport, zones: list[Zone], count: int, ids: LocalIds
) -> None:
    """`count` students in households near the district's schools, added to the district's export."""
    for household in _households(rng, names, zones, count, ids):
        family = household.family
        export.add(family.family_name, family.language, household.students, culture=family.given_culture)


AMINA_MOBILE = "+16125550123"


def persona_students(export: SisExport, schools: dict[str, School], family: User, ids: LocalIds) -> tuple[str, str]:
    """Amina Hassan's household (Arabic at home, two children at Lincoln Elementary, Amina the
    guardian the school has on file) and Lucas Pereira's, as the roster holds them. Returns the
    Hassan household's roster ID and Lucas's student ID."""
    lincoln = _school_id(schools[LINCOLN])
    white = RaceEthnicity.WHITE
    hassan = [
        (ids.next(), StudentRow(0, "Yusuf", "Hassan", 4, lincoln, [], "ar", race_ethnicity=white), {"english_learner"}),
        (
            ids.next(),
            StudentRow(0, "Layla", "Hassan", 2, lincoln, [], "ar", race_ethnicity=white),
            {"english_learner", "has_iep"},
        ),
    ]
    for _, _, flags in hassan:
        flags.add("economically_disadvantaged")
    household = export.add(
        "Hassan",
        "ar",
        hassan,
        guardian=(family.name.split()[0], family.email),
        # A number reserved for fiction (555-01xx): Amina chose text messages.
        sms=AMINA_MOBILE,
    )
    high = _school_id(schools[RIVERBEND_HIGH])
    lucas = StudentRow(0, "Lucas", "Pereira", 10, high, [], "pt", race_ethnicity=RaceEthnicity.MULTIRACIAL)
    lucas_id = ids.next()
    export.add("Pereira", "pt", [(lucas_id, lucas, set())])
    return household, lucas_id


def link_personas(riverbend: District, ids: tuple[str, str], lead: User, family: User, student: User) -> None:
    """The district lead links Amina to her household and Lucas's own account to his record, as
    staff do in Village."""
    household, lucas_id = ids
    hassan = Household.objects.get(district=riverbend, sourced_id=household)
    link_member(lead, hassan, email=family.email, name=family.name, relationship=Relationship.PARENT)
    lucas = Student.objects.get(district=riverbend, local_id=lucas_id)
    link_student_account(lead, lucas, student)
