"""The demo's households and students, as a district's student information system would hold them.

DIRECT WRITES, for now: `write_batch` and `persona_households` create Household and Student rows
themselves (in batches of BATCH_SIZE), as the roster sync does. The roster sync is being rewritten
as a families action; the demo will feed these households and students through it once it lands.
Apart from `village.demo.directory`, everything else in the demo goes through the owners' actions.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from village.accounts.models import User
from village.demo.common import BATCH_SIZE, LINCOLN, RIVERBEND_HIGH, weighted
from village.demo.names import NameBank
from village.demo.regions import Zone
from village.families.actions import link_member, link_student_account
from village.families.models import Household, RaceEthnicity, Relationship, Student
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


def households_and_students(
    rng: random.Random, names: NameBank, district: District, zones: list[Zone], count: int, ids: LocalIds
) -> Iterator[tuple[Household, list[Student]]]:
    remaining = count
    while remaining > 0:
        size = min(remaining, weighted(rng, HOUSEHOLD_SIZES))
        remaining -= size
        family = _family(rng, names)
        zone = zones[rng.randrange(len(zones))]
        household = Household(district=district, name=family.family_name, home_language=family.language)
        students = []
        for grade in _grades(rng, size):
            students.append(
                Student(
                    district=district,
                    school=zone.school_for(grade),
                    local_id=ids.next(),
                    given_name=names.given(family.given_culture),
                    family_name=family.family_name,
                    grade=grade,
                    **_student_flags(rng, family, grade),
                )
            )
        yield household, students


def write_batch(batch: list[tuple[Household, list[Student]]]) -> int:
    households = Household.objects.bulk_create([h for h, _ in batch], batch_size=BATCH_SIZE)
    students: list[Student] = []
    for household, (_, kids) in zip(households, batch, strict=True):
        for kid in kids:
            kid.household = household
            students.append(kid)
    Student.objects.bulk_create(students, batch_size=BATCH_SIZE)
    return len(students)


def write_students(
    rng: random.Random,
    names: NameBank,
    district: District,
    zones: list[Zone],
    count: int,
    ids: LocalIds,
    progress: Callable[[int], object],
) -> None:
    """`count` students in households near the district's schools, written a batch at a time."""
    batch: list[tuple[Household, list[Student]]] = []
    in_batch = 0
    for household, kids in households_and_students(rng, names, district, zones, count, ids):
        batch.append((household, kids))
        in_batch += len(kids)
        if in_batch >= BATCH_SIZE:
            progress(write_batch(batch))
            batch, in_batch = [], 0
    if batch:
        progress(write_batch(batch))


def persona_households(
    riverbend: District, schools: dict[str, School], lead: User, family: User, student: User, ids: LocalIds
) -> None:
    """Amina Hassan's household (Arabic at home, two children at Lincoln Elementary) and Lucas
    Pereira's student record, as the roster holds them; the district lead then links Amina to her
    household and Lucas's own account to his record, as staff do in Village."""
    lincoln = schools[LINCOLN]
    hassan = Household.objects.create(district=riverbend, name="Hassan", home_language="ar")
    link_member(lead, hassan, email=family.email, name=family.name, relationship=Relationship.PARENT)
    common = {
        "district": riverbend,
        "school": lincoln,
        "household": hassan,
        "family_name": "Hassan",
        "race_ethnicity": RaceEthnicity.WHITE,
        "economically_disadvantaged": True,
    }
    Student.objects.create(local_id=ids.next(), given_name="Yusuf", grade=4, english_learner=True, **common)
    Student.objects.create(
        local_id=ids.next(), given_name="Layla", grade=2, english_learner=True, has_iep=True, **common
    )

    pereira = Household.objects.create(district=riverbend, name="Pereira", home_language="pt")
    lucas = Student.objects.create(
        district=riverbend,
        school=schools[RIVERBEND_HIGH],
        household=pereira,
        local_id=ids.next(),
        given_name="Lucas",
        family_name="Pereira",
        grade=10,
        race_ethnicity=RaceEthnicity.MULTIRACIAL,
    )
    link_student_account(lead, lucas, student)
