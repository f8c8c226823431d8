"""Deterministic demo data: one region, two districts, their schools, families and partners.

Everything here is fictional. The same seed gives the same region on every run, so the
persona accounts, the sample families and the numbers on every dashboard stay stable
between demos and screenshots. Students and households are written with bulk_create in
batches; only the persona accounts get a (slow, Argon2) password.
"""

from __future__ import annotations

import math
import random
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any, Literal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model, Q
from django.test.utils import override_settings
from django.utils.text import slugify
from faker import Faker
from tqdm import tqdm

from village.accounts.actions import grant_membership
from village.accounts.models import Membership, Role, User
from village.audit.actions import record
from village.audit.models import AuditEvent
from village.families.models import Household, HouseholdMember, RaceEthnicity, Relationship, Student
from village.governance import demo as governance_demo
from village.orgs.models import District, Organization, PartnerType, Region, School, SchoolLevel
from village.voice import demo as voice_demo

SEED = 2026
BATCH_SIZE = 2000

DEMO_REGION_SLUG = "demo-region"
DEMO_REGION_NAME = "Riverbend Region"
DEMO_PASSWORD = "village-demo-2026"  # noqa: S105 - a published demo password, never used outside the demo
STAFF_EMAIL_DOMAIN = "example.org"

# The demo acts as nobody: audit events it writes have no actor.
_NOBODY: Any = None

ScaleName = Literal["demo", "district"]

# --------------------------------------------------------------------------------------
# Districts and schools
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DistrictSpec:
    slug: str
    name: str
    code: str  # prefix of the pseudonymous student IDs, e.g. RB-000123
    city: str
    latitude: float
    longitude: float
    postal_codes: tuple[str, ...]
    elementary_names: tuple[str, ...]
    k8_names: tuple[str, ...]
    middle_names: tuple[str, ...]
    high_names: tuple[str, ...]


# fmt: off
RIVERBEND = DistrictSpec(
    slug="riverbend",
    name="Riverbend Unified School District",
    code="RB",
    city="Riverbend",
    latitude=41.88,
    longitude=-87.63,
    postal_codes=("60990", "60991", "60992", "60993", "60994", "60995"),
    elementary_names=(
        "Lincoln", "César Chávez", "Maple Grove", "Mae Jemison", "Frederick Douglass", "Sally Ride", "Roberto Clemente",
        "Ida B. Wells", "Willow Creek", "Gwendolyn Brooks", "Rachel Carson", "Sunnyside", "Thurgood Marshall",
        "Cedar Hill", "Langston Hughes", "Dolores Huerta", "Prairie View", "Amelia Earhart", "Katherine Johnson",
        "Brookside", "John Muir", "Mary McLeod Bethune", "Oak Park", "Fred Korematsu", "Hillcrest", "Patsy Mink",
        "Riverside", "Sequoyah", "Walt Whitman", "Meadowbrook", "Ellen Ochoa", "Pine Ridge",
    ),
    k8_names=("Harriet Tubman", "Benito Juárez", "Pablo Casals"),
    middle_names=(
        "Jane Addams", "Benjamin Banneker", "Carl Sandburg", "Jefferson", "George Washington Carver", "Madison",
        "Anne Frank", "Lorraine Hansberry", "Cedar Park",
    ),
    high_names=("Riverbend", "Roosevelt", "Dunbar", "Kennedy", "Marquette", "Southport"),
)

LAKESIDE = DistrictSpec(
    slug="lakeside",
    name="Lakeside School District",
    code="LK",
    city="Lakeside",
    latitude=41.935,
    longitude=-87.655,
    postal_codes=("60980", "60981", "60982", "60983"),
    elementary_names=(
        "Lakeview", "Harbor Point", "Jackie Robinson", "Grace Hopper", "Eleanor Roosevelt", "Wilma Mankiller",
        "Sandburg", "Northgate", "Fairview", "Maya Angelou", "Sojourner Truth", "Daniel Inouye", "Beacon Hill",
        "Shoreline", "Dunes", "Bluebird", "Lighthouse", "Westfield", "Evergreen", "Birchwood", "Ruby Bridges",
    ),
    k8_names=("Marie Curie", "Dr. Martin Luther King Jr."),
    middle_names=("Lakeside", "Hawthorne", "Emerson", "Thoreau", "Edison", "Bay View"),
    high_names=("Lakeside", "Harbor", "North Shore", "Lakeside East"),
)
# fmt: on

DISTRICTS: tuple[DistrictSpec, ...] = (RIVERBEND, LAKESIDE)


@dataclass(frozen=True)
class Layout:
    """How many schools of each kind a district has. K-8 schools count as elementary (as NCES does)."""

    elementary: int
    k8: int
    middle: int
    high: int

    @property
    def total(self) -> int:
        return self.elementary + self.k8 + self.middle + self.high


@dataclass(frozen=True)
class Scale:
    name: ScaleName
    students: int
    layouts: tuple[Layout, ...]  # one per entry of DISTRICTS
    spread_km: float  # how far schools sit from the district's centre


SCALES: dict[str, Scale] = {
    # 12 schools, 5,000 students.
    "demo": Scale("demo", 5_000, (Layout(4, 1, 1, 1), Layout(3, 0, 1, 1)), spread_km=3.5),
    # 80 schools, 50,000 students (625 a school on average), the size DOMAIN.md designs for.
    "district": Scale("district", 50_000, (Layout(30, 3, 9, 6), Layout(20, 2, 6, 4)), spread_km=7.0),
}

LINCOLN = "Lincoln Elementary School"
RIVERBEND_HIGH = "Riverbend High School"
NORTHSIDE_CLINIC = "Northside Family Health Clinic"

# fmt: off
STREETS = (
    "Oak Street", "Maple Avenue", "Cedar Lane", "Lakeshore Drive", "River Road", "Prairie Avenue", "Elm Street",
    "Washington Boulevard", "Chestnut Street", "Harbor Road", "Willow Avenue", "Main Street", "Park Avenue",
    "Division Street", "Birch Street", "Hillside Drive", "Mill Road", "Spring Street", "Grand Avenue", "Sheridan Road",
    "Union Street", "Garfield Boulevard", "Orchard Lane", "Fulton Street",
)
# fmt: on
AREA_CODES = ("312", "773", "872")


def _phone(rng: random.Random) -> str:
    # 555-0100 to 555-0199 are reserved for fiction.
    return f"({rng.choice(AREA_CODES)}) 555-01{rng.randrange(100):02d}"


def _address(rng: random.Random) -> str:
    return f"{rng.randrange(100, 9900, 2)} {rng.choice(STREETS)}"


@dataclass
class _Zone:
    """An attendance zone: the elementary (or K-8) school a household is near, and where it feeds."""

    elementary: School
    middle: School | None
    high: School

    def school_for(self, grade: int) -> School:
        if grade <= self.elementary.highest_grade:
            return self.elementary
        if grade <= 8 and self.middle is not None:
            return self.middle
        return self.high


@dataclass
class _Point:
    lat: float
    lon: float


def _spot(rng: random.Random, spec: DistrictSpec, spread_km: float) -> _Point:
    """A point uniformly inside a disc of radius spread_km around the district's centre."""
    r = spread_km * math.sqrt(rng.random())
    theta = rng.random() * 2 * math.pi
    dlat = r * math.sin(theta) / 111.0
    dlon = r * math.cos(theta) / (111.0 * math.cos(math.radians(spec.latitude)))
    return _Point(spec.latitude + dlat, spec.longitude + dlon)


def _centroid(points: Sequence[_Point], rng: random.Random) -> _Point:
    lat = sum(p.lat for p in points) / len(points) + rng.uniform(-0.004, 0.004)
    lon = sum(p.lon for p in points) / len(points) + rng.uniform(-0.004, 0.004)
    return _Point(lat, lon)


def _blocks(count: int, groups: int) -> list[int]:
    """Split `count` items, in order, into `groups` contiguous blocks: the block index of each item."""
    return [min(groups - 1, i * groups // max(count, 1)) for i in range(count)]


def _build_schools(
    rng: random.Random, district: District, spec: DistrictSpec, layout: Layout, spread_km: float
) -> list[_Zone]:
    """Create the district's schools with a feeder pattern: elementary -> middle -> high, by geography."""
    if layout.elementary > len(spec.elementary_names) or layout.k8 > len(spec.k8_names):
        raise ValueError(f"Not enough school names for {spec.slug}.")

    def make(name: str, level: str, low: int, high: int, where: _Point) -> School:
        school = School(
            district=district,
            name=name,
            level=level,
            lowest_grade=low,
            highest_grade=high,
            address=_address(rng),
            city=spec.city,
            postal_code=rng.choice(spec.postal_codes),
            latitude=Decimal(f"{where.lat:.6f}"),
            longitude=Decimal(f"{where.lon:.6f}"),
            phone=_phone(rng),
        )
        school.full_clean(validate_unique=False, validate_constraints=False)  # checked by the database
        school.save()
        return school

    # Zones first: elementary schools, then K-8s. The first zone is Riverbend's Lincoln Elementary.
    zone_specs = [(f"{n} Elementary School", 5) for n in spec.elementary_names[: layout.elementary]]
    zone_specs += [(f"{n} K-8 Academy", 8) for n in spec.k8_names[: layout.k8]]
    spots = [_spot(rng, spec, spread_km) for _ in zone_specs]

    def bearing(i: int) -> float:
        return math.atan2(spots[i].lat - spec.latitude, spots[i].lon - spec.longitude)

    # Neighbouring zones (by bearing from the centre) share a middle and a high school.
    order = sorted(range(len(zone_specs)), key=bearing)
    high_of = dict(zip(order, _blocks(len(order), layout.high), strict=True))
    k5_order = [i for i in order if zone_specs[i][1] == 5]
    middle_of = dict(zip(k5_order, _blocks(len(k5_order), layout.middle), strict=True))

    elementary = [make(name, SchoolLevel.ELEMENTARY, 0, top, spots[i]) for i, (name, top) in enumerate(zone_specs)]
    middles = []
    for m, name in enumerate(spec.middle_names[: layout.middle]):
        feeders = [spots[i] for i, g in middle_of.items() if g == m] or [_spot(rng, spec, spread_km)]
        middles.append(make(f"{name} Middle School", SchoolLevel.MIDDLE, 6, 8, _centroid(feeders, rng)))
    highs = []
    for h, name in enumerate(spec.high_names[: layout.high]):
        feeders = [spots[i] for i, g in high_of.items() if g == h] or [_spot(rng, spec, spread_km)]
        highs.append(make(f"{name} High School", SchoolLevel.HIGH, 9, 12, _centroid(feeders, rng)))

    return [
        _Zone(
            elementary=elementary[i],
            middle=middles[middle_of[i]] if i in middle_of else None,
            high=highs[high_of[i]],
        )
        for i in range(len(zone_specs))
    ]


# --------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------

# Faker has no Somali (so) or Haitian Creole (ht) locale, so those households draw on these
# short lists of common names. Somali "family names" are in fact a father's or grandfather's
# given name, which is how they are usually recorded in US school systems.
# fmt: off
SOMALI_MALE = (
    "Abdirahman", "Abdullahi", "Mohamed", "Ahmed", "Hassan", "Abdi", "Farah", "Omar", "Yusuf", "Liban", "Mukhtar",
    "Bashir", "Said",
)
SOMALI_FEMALE = (
    "Hodan", "Fadumo", "Amina", "Sahra", "Hibaaq", "Ifrah", "Asha", "Nimco", "Ayaan", "Ubah", "Khadra", "Sagal", "Hawa",
)
SOMALI_FAMILY = (
    "Mohamed", "Ahmed", "Ali", "Hassan", "Abdi", "Farah", "Warsame", "Jama", "Osman", "Yusuf", "Hersi", "Elmi", "Dahir",
    "Nur", "Aden", "Mohamud",
)
HAITIAN_MALE = (
    "Jean", "Pierre", "Wesley", "Kervens", "Peterson", "Jameson", "Stanley", "Ricardo", "Emmanuel", "Wilner",
    "Jonathan", "Fritz", "Widmarc",
)
HAITIAN_FEMALE = (
    "Marie", "Nadège", "Roselyne", "Guerline", "Mirlande", "Stéphanie", "Widline", "Judith", "Daphnée", "Fabienne",
    "Nathalie", "Christelle", "Lovely",
)
HAITIAN_FAMILY = (
    "Jean-Baptiste", "Pierre", "Joseph", "Louis", "Charles", "Desir", "Saint-Louis", "Alexis", "Jean-Louis", "Etienne",
    "Paul", "Augustin", "Célestin", "Dorvil", "Exantus", "Toussaint",
)
# Arabic-speaking households: US school systems record names in Latin script, and Faker's
# ar_AA / ar_SA locales only produce Arabic script, so these are common romanized names.
ARABIC_MALE = (
    "Omar", "Yusuf", "Ahmed", "Mohammed", "Ali", "Hassan", "Khalid", "Karim", "Adam", "Ibrahim", "Zaid", "Tariq",
    "Samir", "Bilal", "Hamza", "Mustafa", "Rami", "Nabil",
)
ARABIC_FEMALE = (
    "Fatima", "Layla", "Mariam", "Noor", "Amira", "Yasmin", "Huda", "Rania", "Salma", "Zainab", "Aisha", "Lina", "Hana",
    "Dina", "Sara", "Reem",
)
ARABIC_FAMILY = (
    "Haddad", "Khoury", "Mansour", "Saleh", "Hussein", "Abdullah", "Nasser", "Ibrahim", "Qasim", "Darwish", "Hamdan",
    "Yousef", "Aziz", "Suleiman", "Farah", "Khalil", "Awad", "Jaber", "Najjar", "Shami", "Al-Masri", "Hassan",
)
# fmt: on

# Name cultures: home languages, plus "in" (South Asian, from Faker's en_IN) for English-speaking Asian families.
FAKER_LOCALES = {"en": "en_US", "es": "es_MX", "vi": "vi_VN", "zh": "zh_CN", "in": "en_IN"}
HARDCODED = {
    "so": (SOMALI_MALE, SOMALI_FEMALE, SOMALI_FAMILY),
    "ht": (HAITIAN_MALE, HAITIAN_FEMALE, HAITIAN_FAMILY),
    "ar": (ARABIC_MALE, ARABIC_FEMALE, ARABIC_FAMILY),
}
_POOL_SIZE = 600


@cache
def _name_pools(seed: int) -> dict[tuple[str, str], tuple[str, ...]]:
    """Pools of names per culture and kind ("m", "f", "family"), drawn from seeded Faker instances.

    Drawing pools once keeps Faker's name frequencies and is far faster than calling Faker
    for each of 50,000 students; the pools depend only on the seed, so they are cached.
    """
    Faker.seed(seed)
    pools: dict[tuple[str, str], tuple[str, ...]] = {}
    for i, (culture, locale) in enumerate(FAKER_LOCALES.items()):
        fake = Faker(locale)
        fake.seed_instance(seed + i)
        if culture == "zh":
            # Chinese names as US records hold them: in pinyin (zh_CN's romanized names).
            male: Callable[[], str] = fake.first_romanized_name
            female: Callable[[], str] = fake.first_romanized_name
            family: Callable[[], str] = fake.last_romanized_name
        else:
            male, female, family = fake.first_name_male, fake.first_name_female, fake.last_name
        pools[culture, "m"] = tuple(male() for _ in range(_POOL_SIZE))
        pools[culture, "f"] = tuple(female() for _ in range(_POOL_SIZE))
        pools[culture, "family"] = tuple(family() for _ in range(_POOL_SIZE))
    for culture, (m, f, fam) in HARDCODED.items():
        pools[culture, "m"], pools[culture, "f"], pools[culture, "family"] = m, f, fam
    return pools


class NameBank:
    """Realistic names for a culture, sampled from the pools with the generator's own rng."""

    def __init__(self, seed: int, rng: random.Random) -> None:
        self.rng = rng
        self.pools = _name_pools(seed)

    def given(self, culture: str) -> str:
        return self.rng.choice(self.pools[culture, self.rng.choice(("m", "f"))])

    def family(self, culture: str) -> str:
        return self.rng.choice(self.pools[culture, "family"])


def _weighted[T](rng: random.Random, options: Sequence[tuple[T, float]]) -> T:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


# --------------------------------------------------------------------------------------
# Families and students
# --------------------------------------------------------------------------------------

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
    race = _weighted(rng, RACE_WEIGHTS)
    language = _weighted(rng, HOME_LANGUAGES.get(race, (("en", 1.0),)))
    if language != "en":
        family_culture = language
    elif race == R.HISPANIC:
        family_culture = "es"
    elif race == R.ASIAN:
        family_culture = _weighted(rng, (("in", 0.4), ("zh", 0.35), ("vi", 0.25)))
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


class _LocalIds:
    """Pseudonymous, non-sequential student IDs, unique within a district: RB-000123."""

    def __init__(self, rng: random.Random, code: str, count: int) -> None:
        self.code = code
        self._numbers = iter(rng.sample(range(1, 1_000_000), count))

    def next(self) -> str:
        return f"{self.code}-{next(self._numbers):06d}"


def _households_and_students(
    rng: random.Random, names: NameBank, district: District, zones: list[_Zone], count: int, ids: _LocalIds
) -> Iterator[tuple[Household, list[Student]]]:
    remaining = count
    while remaining > 0:
        size = min(remaining, _weighted(rng, HOUSEHOLD_SIZES))
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


def _write_batch(batch: list[tuple[Household, list[Student]]]) -> int:
    households = Household.objects.bulk_create([h for h, _ in batch], batch_size=BATCH_SIZE)
    students: list[Student] = []
    for household, (_, kids) in zip(households, batch, strict=True):
        for kid in kids:
            kid.household = household
            students.append(kid)
    Student.objects.bulk_create(students, batch_size=BATCH_SIZE)
    return len(students)


# --------------------------------------------------------------------------------------
# Partner organizations
# --------------------------------------------------------------------------------------

P = PartnerType
# fmt: off
ORGANIZATIONS: dict[str, tuple[str, ...]] = {
    P.HEALTH: (
        NORTHSIDE_CLINIC, "Eastside Community Health Center", "Southport Family Health Clinic",
        "Riverbend Community Mental Health Center", "Lakeside Behavioral Health Services", "Cedar Park Pediatrics",
        "Millbrook Children's Dental Clinic", "Harbor Point Family Medicine",
        "Lakeside Children's Hospital – Community Care", "ClearView Mobile Eye Clinic",
        "Oak Hill Speech & Language Therapy", "Great Lakes Autism & Developmental Center",
        "Westfield Occupational Therapy Associates", "New Roots Refugee Health Program",
        "Lakeview Women's and Children's Clinic", "Riverbend Free Clinic", "Healing Circles Trauma Counseling",
        "Prairie Glen Youth Counseling Center", "Riverbend Smiles Mobile Dentistry",
        "Maple Heights Hearing & Audiology",
    ),
    P.LIBRARY: (
        "Riverbend Public Library – Central Library", "Riverbend Public Library – East Branch",
        "Riverbend Public Library – West Branch", "Riverbend Public Library – North Branch",
        "Riverbend Public Library – Southport Branch", "Riverbend Public Library – Cedar Park Branch",
        "Lakeside Public Library", "Lakeside Public Library – Harbor Point Branch",
        "Lakeside Public Library – Lakeview Branch", "Millbrook Township Library",
    ),
    P.MUSEUM_ARTS: (
        "Riverbend Science Center", "Lakeside Children's Museum", "Riverbend Art Museum",
        "Riverbend Historical Society", "Eastside Arts Collective", "Lakeside Youth Symphony",
        "Riverbend Youth Theatre Company", "Harbor Point Community Murals Project", "Casa de la Cultura Riverbend",
        "Riverbend Botanic Garden", "Great Lakes Maritime Museum", "Northside Dance Collective",
        "Millbrook Clay & Craft Studio",
    ),
    P.COLLEGE: (
        "Riverbend Community College", "Lakeside State University", "Lakeside State University – College of Education",
        "Great Lakes Technical Institute", "St. Brendan University",
        "Riverbend Community College – Adult Education Center", "Lakeside State University – School of Social Work",
        "Prairie Lakes College of Nursing",
    ),
    P.GOVERNMENT: (
        "City of Riverbend Parks & Recreation Department", "Riverbend Department of Public Health",
        "Riverbend Police Department – Youth Services Division", "Riverbend County Workforce Center",
        "Riverbend Housing Authority", "City of Riverbend Office of New Americans",
        "Riverbend Regional Transit Authority", "Riverbend County Department of Children and Family Services",
        "Riverbend County WIC Office", "Lakeside Park District",
        "City of Lakeside Fire Department – Community Risk Reduction",
        "Riverbend County Juvenile Court – Diversion Program", "Riverbend County Extension Office",
        "Riverbend County Family Benefits Office",
    ),
    P.FAITH: (
        "Iglesia Nueva Esperanza", "St. Brigid Catholic Church", "First Baptist Church of Riverbend",
        "Masjid Al-Noor Islamic Center", "Temple Beth Shalom", "Greater Hope Missionary Baptist Church",
        "Église Baptiste Haïtienne Bethel", "Chùa Từ Bi Vietnamese Buddhist Temple",
        "Riverbend Chinese Christian Church", "Holy Trinity Lutheran Church", "Lakeside United Methodist Church",
        "Masjid Al-Huda", "St. Vincent de Paul Society – St. Brigid Conference", "Iglesia Pentecostal Fuente de Vida",
        "Grace Community Church", "Riverbend Interfaith Council", "Catholic Charities of Riverbend",
        "Jewish Family Services of Lakeside",
    ),
    P.NONPROFIT: (
        "Lakeside Boys & Girls Club", "Riverbend Boys & Girls Club – Eastside Clubhouse", "Northside YMCA",
        "Riverbend YWCA", "Big Brothers Big Sisters of Riverbend", "Riverbend Food Bank",
        "Eastside Community Food Pantry", "Southport Food Pantry", "Reading Buddies Riverbend",
        "Riverbend Literacy Council", "Somali Community Association of Riverbend",
        "Haitian American Community Center of Riverbend", "Vietnamese Mutual Aid Association of Riverbend",
        "Arab American Community Center of Riverbend", "Chinese American Family Services of Lakeside",
        "Centro Latino de Riverbend", "Refugee Resettlement Services of Riverbend", "Lakeside Legal Aid Clinic",
        "Riverbend Tenant Rights Coalition", "Safe Harbor Family Shelter", "Northside Homeless Youth Network",
        "Riverbend Diaper Bank", "Riverbend Bike Collective", "STEM Sprouts Riverbend", "Girls Who Build Lakeside",
        "Math Circle of Riverbend", "Riverbend Youth Soccer League", "Lakeside Little League",
        "Summer Bridges Riverbend", "Riverbend Community Tutoring Project", "Lakeside Mentoring Alliance",
        "Riverbend Clothing Closet", "Open Door Immigrant Family Support", "Riverbend Special Olympics",
        "Millbrook Community Garden Network", "Second Chance Workforce Partners", "Lakeside Early Learning Coalition",
    ),
    P.BUSINESS: (
        "Lakeshore Credit Union", "Riverbend Savings Bank", "Greenway Grocers", "Midwest Energy Cooperative",
        "TechBridge Software", "Riverbend Hardware & Supply", "Harbor Point Pharmacy", "Prairie Rail Logistics",
        "Maple & Main Bakery", "Lakeside Auto Repair", "BrightPath Internet", "Riverbend Chamber of Commerce",
        "Northside Printing Co.", "Cedar Park Medical Supply", "Riverbend Hotel & Conference Center",
        "Eastside Barbershop Collective", "Golden Dragon Restaurant", "La Estrella Panadería",
    ),
    P.FAMILY_ORG: (
        "Riverbend PTA Council", "Lincoln Elementary PTO", "Riverbend High School Parent Association",
        "Riverbend Special Education Parent Advisory Council", "Padres Unidos de Riverbend",
        "Lakeside Parents for Inclusion", "Fathers in Action Riverbend", "Lakeside PTA Council",
        "Riverbend Parent Mentor Network", "Somali Parents Association of Riverbend", "Haitian Parents United",
        "Riverbend Foster & Adoptive Families Network", "Grandparents Raising Grandchildren of Riverbend",
        "Riverbend Parents of English Learners", "Lakeside Family Engagement Network",
    ),
}

# What an organization of each type plausibly offers (any two of these fit any such partner).
SERVICES: dict[str, tuple[str, ...]] = {
    P.HEALTH: (
        "help enrolling in Medicaid and CHIP", "sliding-scale fees for uninsured families",
        "appointments after school hours", "care coordination with school nurses", "telehealth visits",
    ),
    P.LIBRARY: (
        "homework help after school", "free computer and Wi-Fi access", "story time for young children",
        "English conversation circles for adults", "laptop and hotspot lending", "summer reading challenges",
    ),
    P.MUSEUM_ARTS: (
        "free field trips for school groups", "family free days", "summer camps", "classroom residencies",
        "after-school workshops",
    ),
    P.COLLEGE: (
        "college visits and application help", "tutoring by college students", "student-teacher placements",
        "research partnerships with schools", "summer bridge programs",
    ),
    P.GOVERNMENT: (
        "help for families applying for public programs", "staff who come to school family nights",
        "information sessions for parents", "referrals to other city and county services",
    ),
    P.FAITH: (
        "a weekly food pantry", "an after-school homework club", "emergency rent and utility help", "free ESL classes",
        "a summer day camp", "a winter coat drive",
    ),
    P.NONPROFIT: (
        "after-school programs", "one-to-one mentoring", "summer learning programs", "family case management",
        "volunteers for school events", "help connecting families to benefits",
    ),
    P.BUSINESS: (
        "job shadowing and internships for high school students", "volunteer reading buddies",
        "donated school supplies", "sponsorship of family events", "career days",
    ),
    P.FAMILY_ORG: (
        "parent workshops", "family nights", "parent leadership training", "welcome circles for new families",
        "interpretation at school meetings",
    ),
}
# fmt: on
# A signature service for organizations whose name says what they do; checked in order, first match wins.
SIGNATURE_SERVICES: tuple[tuple[str, str], ...] = (
    ("Dental", "dental cleanings, sealants and fillings for children"),
    ("Smiles", "dental cleanings, sealants and fillings for children"),
    ("Eye", "vision screening and free glasses"),
    ("Hearing", "hearing screening and hearing aids for children"),
    ("Speech", "speech, language and feeding therapy"),
    ("Occupational", "occupational and physical therapy for children"),
    ("Autism", "developmental and autism evaluations"),
    ("Mental", "counseling and psychiatric care for children and teens"),
    ("Behavioral", "counseling and psychiatric care for children and teens"),
    ("Counseling", "individual and family counseling for young people"),
    ("Trauma", "trauma-informed therapy for children and families"),
    ("Refugee Health", "health screenings for newly arrived refugee families"),
    ("Women's", "prenatal care and well-child visits"),
    ("Pediatrics", "well-child visits, immunizations and sports physicals"),
    ("Clinic", "primary care, immunizations and school physicals"),
    ("Health Center", "primary care, immunizations and school physicals"),
    ("Family Medicine", "primary care, immunizations and school physicals"),
    ("Hospital", "specialist care and a school-based health program"),
    ("Library", "homework help after school"),
    ("Science", "hands-on science workshops"),
    ("Symphony", "free music lessons and student concerts"),
    ("Theatre", "youth theatre productions and drama classes"),
    ("Dance", "after-school dance classes"),
    ("Mural", "youth mural projects with local artists"),
    ("Clay", "ceramics classes for children and teens"),
    ("Botanic", "garden field trips and science-of-plants lessons"),
    ("Maritime", "field trips on Great Lakes history and ecology"),
    ("Historical", "local history programs for classrooms"),
    ("Cultura", "Latin American music, dance and art classes"),
    ("Art Museum", "gallery tours and studio art classes"),
    ("Children's Museum", "play-based learning for young children"),
    ("Education", "student teachers and tutoring by education students"),
    ("Social Work", "social work interns placed in schools"),
    ("Nursing", "nursing students who run health screenings at schools"),
    ("Adult Education", "adult English, GED and citizenship classes"),
    ("Technical", "career and technical training for high school students"),
    ("College", "dual-credit courses for high school students"),
    ("University", "dual-credit courses and campus visits for high school students"),
    ("Parks", "youth sports, swimming lessons and summer camps"),
    ("Public Health", "vaccination clinics and lead screening"),
    ("Police", "youth mentoring and restorative-justice circles"),
    ("Juvenile", "diversion programs that keep young people in school"),
    ("Workforce", "job training and placement for parents"),
    ("Housing", "housing vouchers and help with rent"),
    ("New Americans", "help for newly arrived immigrant families"),
    ("Transit", "reduced-fare transit passes for students"),
    ("Children and Family Services", "support for children in foster care and their caregivers"),
    ("WIC", "nutrition help for young children and expecting parents"),
    ("Family Benefits", "enrollment in SNAP, childcare subsidies and health coverage"),
    ("Fire", "fire-safety education and free smoke alarms"),
    ("Extension", "4-H clubs and school gardens"),
    ("Boys & Girls", "after-school and summer programs"),
    ("YMCA", "swimming lessons, youth sports and after-school care"),
    ("YWCA", "early childhood programs and support for survivors of violence"),
    ("Big Brothers", "one-to-one mentoring"),
    ("Mentoring", "one-to-one mentoring"),
    ("Food", "free groceries and weekend food backpacks"),
    ("Reading", "one-to-one reading tutoring"),
    ("Literacy", "reading tutoring and adult literacy classes"),
    ("Tutoring", "free tutoring in math and reading"),
    ("Legal", "free legal help with housing and immigration"),
    ("Tenant", "help for families facing eviction"),
    ("Shelter", "emergency shelter for families"),
    ("Homeless", "drop-in services for young people without stable housing"),
    ("Diaper", "free diapers and baby supplies"),
    ("Bike", "free bikes and bike-safety classes"),
    ("STEM", "STEM clubs for elementary and middle school students"),
    ("Build", "engineering and robotics clubs for girls"),
    ("Math", "math circles and competitions"),
    ("Soccer", "youth soccer with fee waivers"),
    ("Little League", "youth baseball and softball with fee waivers"),
    ("Special Olympics", "unified sports for students with and without disabilities"),
    ("Clothing", "free clothing and school uniforms"),
    ("Garden", "community gardens and cooking classes"),
    ("Early Learning", "playgroups and kindergarten readiness"),
    ("Summer", "summer learning programs"),
    ("Immigrant", "help for immigrant families with school enrollment"),
    ("Resettlement", "resettlement support for refugee families"),
    ("Workforce Partners", "job training for parents returning to work"),
    ("Second Chance", "job training for parents returning to work"),
    ("Credit Union", "financial literacy workshops and student savings accounts"),
    ("Bank", "financial literacy workshops and student savings accounts"),
    ("Internet", "discounted home internet for families"),
    ("Software", "coding clubs run by volunteer engineers"),
    ("Pharmacy", "free flu shots for families"),
    ("Grocers", "donated food for school pantries"),
    ("Bakery", "donated food for family events"),
    ("Panadería", "donated food for family events"),
    ("Restaurant", "donated meals for family events"),
    ("Chamber", "a network of employers offering internships"),
    ("Special Education", "peer support for parents of children with disabilities"),
    ("Inclusion", "peer support for parents of children with disabilities"),
    ("Foster", "support groups for foster and adoptive families"),
    ("Grandparents", "support groups for grandparents raising grandchildren"),
    ("English Learners", "help for parents of English learners"),
    ("Fathers", "fathers' groups and school volunteering"),
    ("PTA", "school fundraising and parent volunteers"),
    ("PTO", "school fundraising and parent volunteers"),
    ("Parent", "parent-to-parent support"),
    ("Padres", "parent-to-parent support in Spanish"),
    ("Interfaith", "a network of congregations supporting families"),
    ("Charities", "emergency help with food, rent and utilities"),
    ("St. Vincent", "emergency help with rent and utilities"),
)
ORG_LANGUAGES = ("Spanish", "Arabic", "Vietnamese", "Somali", "Haitian Creole", "Chinese")
# Names that say which community an organization grew from, and so which language its staff speak.
# fmt: off
NAME_LANGUAGES: tuple[tuple[str, str], ...] = (
    ("Iglesia", "Spanish"), ("Latino", "Spanish"), ("Padres", "Spanish"), ("Cultura", "Spanish"),
    ("Panadería", "Spanish"), ("Somali", "Somali"), ("Haiti", "Haitian Creole"), ("Église", "Haitian Creole"),
    ("Vietnamese", "Vietnamese"), ("Chùa", "Vietnamese"), ("Chinese", "Chinese"), ("Golden Dragon", "Chinese"),
    ("Arab", "Arabic"), ("Masjid", "Arabic"), ("Refugee", "Arabic"),
)
# fmt: on
ORG_LEADS: dict[str, str] = {
    P.HEALTH: "is a health provider for children and families",
    P.LIBRARY: "is a public library open to every resident, with free library cards for children",
    P.MUSEUM_ARTS: "brings arts, culture and learning to children and families",
    P.COLLEGE: "works with local schools on learning, careers and research",
    P.GOVERNMENT: "is a public agency that works with schools for children and families",
    P.FAITH: "is a faith community that serves all its neighbors, whatever their beliefs",
    P.NONPROFIT: "is a community-based nonprofit for children and families",
    P.BUSINESS: "is a local business that supports students and schools",
    P.FAMILY_ORG: "is a family-led organization that helps parents and caregivers take part in school life",
}


def _join(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _description(rng: random.Random, name: str, partner_type: str) -> str:
    signature = next((service for keyword, service in SIGNATURE_SERVICES if keyword in name), None)
    generic = [s for s in SERVICES[partner_type] if s != signature]
    services = ([signature] if signature else []) + rng.sample(generic, k=2 if signature else 3)
    text = f"{name} {ORG_LEADS[partner_type]}. It offers {_join(services)}."
    languages = [language for keyword, language in NAME_LANGUAGES if keyword in name][:1]
    if not languages:
        languages = rng.sample(ORG_LANGUAGES, k=rng.choice((0, 0, 1, 1, 2)))
    if languages:
        text += f" Staff speak {_join(['English', *languages])}."
    return text


def _domain(name: str) -> str:
    return f"{slugify(name)[:63].strip('-')}.{STAFF_EMAIL_DOMAIN}"


def _city(name: str) -> str:
    for city in ("Lakeside", "Millbrook", "Harbor Point"):
        if city in name:
            return city
    return "Riverbend"


def _build_organizations(rng: random.Random, region: Region) -> list[Organization]:
    organizations = []
    for partner_type, names in ORGANIZATIONS.items():
        for name in names:
            domain = _domain(name)
            org = Organization(
                region=region,
                name=name,
                partner_type=partner_type,
                description=_description(rng, name, partner_type),
                website=f"https://{domain}/",
                email=f"info@{domain}",
                phone=_phone(rng),
                city=_city(name),
            )
            org.full_clean(validate_unique=False, validate_constraints=False)  # checked by the database
            org.save()
            organizations.append(org)
    return organizations


# --------------------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Persona:
    email: str
    name: str
    role: str
    place: str
    district: str  # slug of the district the place belongs to ("" for a partner)
    preferred_language: str = ""
    title: str = ""


PERSONAS: tuple[Persona, ...] = (
    Persona(
        "lead@village.test",
        "Dana Whitfield",
        Role.DISTRICT_LEAD,
        RIVERBEND.name,
        "riverbend",
        title="Director of Community Partnerships",
    ),
    Persona(
        "coordinator@village.test",
        "Rosa Martínez",
        Role.SCHOOL_COORDINATOR,
        LINCOLN,
        "riverbend",
        title="Community School Coordinator",
    ),
    Persona(
        "educator@village.test", "Samuel Okafor", Role.EDUCATOR, LINCOLN, "riverbend", title="Special Education Teacher"
    ),
    Persona(
        "partner@village.test", "Mai Nguyen", Role.PARTNER_STAFF, NORTHSIDE_CLINIC, "", title="Community Health Worker"
    ),
    Persona(
        "family@village.test", "Amina Hassan", Role.FAMILY_MEMBER, RIVERBEND.name, "riverbend", preferred_language="ar"
    ),
    Persona("student@village.test", "Lucas Pereira", Role.STUDENT, RIVERBEND_HIGH, "riverbend"),
    Persona(
        "council@village.test", "Grace Liu", Role.COUNCIL_MEMBER, LINCOLN, "riverbend", title="Community representative"
    ),
    # One more signed-in view: the other district's lead, to see that district data stays apart.
    Persona(
        "lead.lakeside@village.test",
        "Marcus Bell",
        Role.DISTRICT_LEAD,
        LAKESIDE.name,
        "lakeside",
        title="Family and Community Engagement Manager",
    ),
)


def persona_table() -> list[tuple[str, str, str]]:
    """(email, role, place) for every demo account with a password (DEMO_PASSWORD)."""
    return [(p.email, str(Role(p.role).label), p.place) for p in PERSONAS]


COORDINATOR_TITLES = ("Community School Coordinator", "Family Engagement Coordinator")
# fmt: off
EDUCATOR_TITLES: dict[str, tuple[str, ...]] = {
    SchoolLevel.ELEMENTARY: (
        "Kindergarten Teacher", "Grade 2 Teacher", "Grade 4 Teacher", "Special Education Teacher", "ESL Teacher",
        "Reading Specialist", "School Counselor", "School Social Worker", "Speech-Language Pathologist",
        "School Psychologist",
    ),
    SchoolLevel.MIDDLE: (
        "Math Teacher", "English Language Arts Teacher", "Science Teacher", "Special Education Teacher", "ESL Teacher",
        "School Counselor", "School Social Worker", "Behavior Specialist",
    ),
    SchoolLevel.HIGH: (
        "English Teacher", "Math Teacher", "Biology Teacher", "Special Education Case Manager", "ESL Teacher",
        "College and Career Counselor", "School Social Worker", "Transition Specialist",
    ),
}
PARTNER_TITLES = (
    "Program Manager", "Youth Program Coordinator", "Family Navigator", "Outreach Specialist", "Case Manager",
    "Volunteer Coordinator", "Executive Director",
)
STAFF_CULTURES = (
    ("en", 0.62), ("es", 0.16), ("in", 0.05), ("vi", 0.04), ("zh", 0.04), ("ar", 0.04), ("so", 0.025), ("ht", 0.025),
)
# fmt: on


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and (c.isalnum() or c in ".-")).lower()


class _Staff:
    """Builds staff users (no usable password) and their memberships, for one bulk write."""

    def __init__(self, rng: random.Random, names: NameBank) -> None:
        self.rng = rng
        self.names = names
        self.emails: set[str] = set(
            User.objects.filter(email__iendswith=f"@{STAFF_EMAIL_DOMAIN}").values_list("email", flat=True)
        )
        self.users: list[User] = []
        self.memberships: list[Membership] = []

    def add(
        self, role: str, title: str, *, school: School | None = None, organization: Organization | None = None
    ) -> None:
        culture = _weighted(self.rng, STAFF_CULTURES)
        given, family = self.names.given(culture), self.names.family(culture)
        local = f"{_ascii(given)}.{_ascii(family)}".strip(".") or "staff"
        email, n = f"{local}@{STAFF_EMAIL_DOMAIN}", 1
        while email in self.emails:
            n += 1
            email = f"{local}{n}@{STAFF_EMAIL_DOMAIN}"
        self.emails.add(email)
        user = User(email=email, name=f"{given} {family}")
        user.set_unusable_password()
        self.users.append(user)
        self.memberships.append(
            Membership(
                user=user,
                role=role,
                district=school.district if school else None,
                school=school,
                organization=organization,
                title=title,
            )
        )

    def save(self) -> None:
        # bulk_create sets the users' primary keys, which the memberships then pick up.
        User.objects.bulk_create(self.users, batch_size=BATCH_SIZE)
        Membership.objects.bulk_create(self.memberships, batch_size=BATCH_SIZE)


# --------------------------------------------------------------------------------------
# The whole region
# --------------------------------------------------------------------------------------


@dataclass
class Summary:
    region: Region
    districts: int = 0
    schools: int = 0
    organizations: int = 0
    households: int = 0
    students: int = 0
    people: int = 0
    memberships: int = 0
    shares: dict[str, float] = field(default_factory=dict)


def demo_region() -> Region | None:
    return Region.objects.filter(slug=DEMO_REGION_SLUG).first()


def generate(*, scale: ScaleName = "demo", students: int | None = None, progress: bool = False) -> Summary:
    """Build the demo region in one transaction (nested in the caller's, if any)."""
    plan = SCALES[scale]
    total = plan.students if students is None else students
    if total < 3:
        raise ValueError("The demo needs at least 3 students (the family and student personas' own).")
    rng = random.Random(SEED)
    names = NameBank(SEED, rng)
    with transaction.atomic():
        region = Region.objects.create(name=DEMO_REGION_NAME, slug=DEMO_REGION_SLUG)
        districts: dict[str, District] = {}
        zones: dict[str, list[_Zone]] = {}
        for spec, layout in zip(DISTRICTS, plan.layouts, strict=True):
            district = District.objects.create(region=region, name=spec.name, slug=spec.slug)
            districts[spec.slug] = district
            zones[spec.slug] = _build_schools(rng, district, spec, layout, plan.spread_km)
        schools = {s.name: s for slug in zones for z in zones[slug] for s in (z.elementary, z.middle, z.high) if s}
        organizations = _build_organizations(rng, region)
        orgs_by_name = {o.name: o for o in organizations}

        # Students are split between districts by number of schools; 3 are the personas' own.
        school_counts = [layout.total for layout in plan.layouts]
        generated = total - 3
        shares = [generated * c // sum(school_counts) for c in school_counts]
        shares[0] += generated - sum(shares)
        riverbend_ids = _LocalIds(rng, RIVERBEND.code, shares[0] + 3)
        id_pools = {RIVERBEND.slug: riverbend_ids, LAKESIDE.slug: _LocalIds(rng, LAKESIDE.code, shares[1])}

        with tqdm(
            total=total, unit=" students", desc="Students", disable=not progress, file=sys.stderr, leave=False
        ) as bar:
            for spec, count in zip(DISTRICTS, shares, strict=True):
                batch: list[tuple[Household, list[Student]]] = []
                in_batch = 0
                for household, kids in _households_and_students(
                    rng, names, districts[spec.slug], zones[spec.slug], count, id_pools[spec.slug]
                ):
                    batch.append((household, kids))
                    in_batch += len(kids)
                    if in_batch >= BATCH_SIZE:
                        bar.update(_write_batch(batch))
                        batch, in_batch = [], 0
                if batch:
                    bar.update(_write_batch(batch))
            _create_personas(districts, schools, orgs_by_name, riverbend_ids)
            bar.update(3)

        staff = _Staff(rng, names)
        for slug in zones:
            for school in sorted({s for z in zones[slug] for s in (z.elementary, z.middle, z.high) if s}, key=_pk):
                if school.name != LINCOLN:  # Lincoln's coordinator is a persona
                    staff.add(Role.SCHOOL_COORDINATOR, rng.choice(COORDINATOR_TITLES), school=school)
                titles = EDUCATOR_TITLES.get(school.level, EDUCATOR_TITLES[SchoolLevel.ELEMENTARY])
                for title in rng.sample(titles, k=rng.randint(2, 4) - (1 if school.name == LINCOLN else 0)):
                    staff.add(Role.EDUCATOR, title, school=school)
        others = [o for o in organizations if o.name != NORTHSIDE_CLINIC]
        partner_orgs = [orgs_by_name[NORTHSIDE_CLINIC], *rng.sample(others, k=min(19, len(others)))]
        for org in partner_orgs:
            for title in rng.sample(PARTNER_TITLES, k=rng.randint(1, 2)):
                staff.add(Role.PARTNER_STAFF, title, organization=org)
        staff.save()
        _build_directory(region, schools)

        _generate_families_work(rng, districts[RIVERBEND.slug], schools[LINCOLN], orgs_by_name)
        _generate_referrals_work(districts[RIVERBEND.slug], orgs_by_name)
        _needs_no_service_fits(districts[RIVERBEND.slug])
        _past_referrals(districts[RIVERBEND.slug], schools[LINCOLN])
        _generate_partnerships_work(rng, districts, schools, orgs_by_name)
        voice_demo.build(districts[RIVERBEND.slug], schools[LINCOLN])
        from village.indicators import demo as indicators_demo

        indicators_demo.build(districts[RIVERBEND.slug], schools[LINCOLN])
        governance_demo.build(districts[RIVERBEND.slug], schools[LINCOLN])
        summary = _summarize(region)
        record(_NOBODY, "demo.region.created", region, scale=scale, students=summary.students)
    return summary


def _pk(model: Model) -> int:
    return int(model.pk)


def _create_personas(
    districts: dict[str, District], schools: dict[str, School], orgs: dict[str, Organization], ids: _LocalIds
) -> None:
    riverbend = districts[RIVERBEND.slug]
    users: dict[str, User] = {}
    for p in PERSONAS:
        place: dict[str, Any]
        if p.role == Role.PARTNER_STAFF:
            place = {"organization": orgs[p.place]}
        elif p.place in schools:
            place = {"school": schools[p.place]}
        else:
            place = {"district": districts[p.district]}
        membership = grant_membership(_NOBODY, email=p.email, name=p.name, role=p.role, title=p.title, **place)
        user = membership.user
        user.set_password(DEMO_PASSWORD)
        user.preferred_language = p.preferred_language
        user.save(update_fields=["password", "preferred_language"])
        users[p.email] = user

    # Amina Hassan's household: Arabic at home, two children at Lincoln Elementary.
    lincoln = schools[LINCOLN]
    hassan = Household.objects.create(district=riverbend, name="Hassan", home_language="ar")
    HouseholdMember.objects.create(
        household=hassan, user=users["family@village.test"], relationship=Relationship.PARENT, district=riverbend
    )
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

    # Lucas Pereira signs in as a student: his own account is linked to his student record.
    pereira = Household.objects.create(district=riverbend, name="Pereira", home_language="pt")
    Student.objects.create(
        district=riverbend,
        school=schools[RIVERBEND_HIGH],
        household=pereira,
        user=users["student@village.test"],
        local_id=ids.next(),
        given_name="Lucas",
        family_name="Pereira",
        grade=10,
        race_ethnicity=RaceEthnicity.MULTIRACIAL,
    )


def _summarize(region: Region) -> Summary:
    districts = District.objects.filter(region=region)
    students = Student.objects.filter(district__in=districts)
    n = students.count()
    members = Membership.objects.filter(Q(district__in=districts) | Q(organization__region=region))
    shares: dict[str, float] = {}
    if n:
        for label, condition in (
            ("IEP", Q(has_iep=True)),
            ("504 plan", Q(has_504=True)),
            ("English learners", Q(english_learner=True)),
            ("Economically disadvantaged", Q(economically_disadvantaged=True)),
            ("Homeless", Q(homeless=True)),
            ("Foster care", Q(foster_care=True)),
        ):
            shares[label] = students.filter(condition).count() / n
        for race in RaceEthnicity:
            shares[str(race.label)] = students.filter(race_ethnicity=race).count() / n
    return Summary(
        region=region,
        districts=districts.count(),
        schools=School.objects.filter(district__in=districts).count(),
        organizations=Organization.objects.filter(region=region).count(),
        households=Household.objects.filter(district__in=districts).count(),
        students=n,
        people=members.values("user").distinct().count(),
        memberships=members.count(),
        shares=shares,
    )


def summary() -> Summary | None:
    region = demo_region()
    return _summarize(region) if region else None


def reset() -> bool:
    """Delete the demo region and everything in it, people included. False if there was none.

    The demo's own audit events go too (they point at its districts, which cannot be deleted
    under them); a `demo.region.deleted` event notes the reset.
    """
    region = demo_region()
    if region is None:
        return False
    district_ids = list(District.objects.filter(region=region).values_list("pk", flat=True))
    school_ids = list(School.objects.filter(district_id__in=district_ids).values_list("pk", flat=True))
    org_ids = list(Organization.objects.filter(region=region).values_list("pk", flat=True))
    household_ids = list(Household.objects.filter(district_id__in=district_ids).values_list("pk", flat=True))
    student_ids = list(Student.objects.filter(district_id__in=district_ids).values_list("pk", flat=True))
    memberships = Membership.objects.filter(
        Q(district_id__in=district_ids) | Q(school_id__in=school_ids) | Q(organization_id__in=org_ids)
    )
    user_ids = set(memberships.values_list("user_id", flat=True))
    user_ids |= set(HouseholdMember.objects.filter(district_id__in=district_ids).values_list("user_id", flat=True))
    user_ids |= {
        uid for uid in Student.objects.filter(pk__in=student_ids).values_list("user_id", flat=True) if uid is not None
    }
    # People who also hold a role outside the demo keep their accounts.
    elsewhere = set(
        Membership.objects.filter(user_id__in=user_ids)
        .exclude(pk__in=memberships.values("pk"))
        .values_list("user_id", flat=True)
    )
    name = region.name
    with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
        governance_demo.reset(district_ids)
        voice_demo.reset(district_ids)
        from village.indicators import demo as indicators_demo

        indicators_demo.reset(district_ids)
        _reset_partnerships(district_ids)
        memberships.delete()
        HouseholdMember.objects.filter(district_id__in=district_ids).delete()
        _reset_families_work(district_ids)
        Student.objects.filter(pk__in=student_ids).delete()
        Household.objects.filter(pk__in=household_ids).delete()
        User.objects.filter(pk__in=user_ids - elsewhere).delete()
        targets = Q(district_id__in=district_ids)
        for model, pks in (
            (Region, [region.pk]),
            (District, district_ids),
            (School, school_ids),
            (Organization, org_ids),
        ):
            targets |= Q(target_type=ContentType.objects.get_for_model(model), target_id__in=[str(pk) for pk in pks])
        AuditEvent.objects.filter(targets).delete()
        School.objects.filter(pk__in=school_ids).delete()
        District.objects.filter(pk__in=district_ids).delete()
        Organization.objects.filter(pk__in=org_ids).delete()
        region.delete()
        for history, pks in (
            (Student.history, student_ids),
            (Household.history, household_ids),
            (School.history, school_ids),
            (District.history, district_ids),
            (Organization.history, org_ids),
        ):
            history.filter(id__in=pks).delete()
        record(_NOBODY, "demo.region.deleted", None, name=name)
    return True


# --- Directory (community asset map) ------------------------------------------------------


def _build_directory(region: Region, schools: dict[str, School], services: int = 600) -> int:
    """About `services` HSDS services across the region's organizations, near its schools.

    Seeded and uneven on purpose: Spanish is offered often, Somali and Haitian Creole
    rarely; legal help, housing and disability services are scarce; so the coverage view
    shows real gaps. Lincoln Elementary always has an Arabic-speaking evening tutoring
    service nearby, for the family persona to find.
    """
    import datetime as dt

    from village.directory.models import Location, Schedule, Service, ServiceAtLocation, ServiceLanguage, TaxonomyTerm
    from village.directory.search.index import reindex

    rng = random.Random(SEED + 303)
    organizations = list(Organization.objects.filter(region=region).order_by("pk"))
    terms = {t.code: t for t in TaxonomyTerm.objects.filter(taxonomy__name="Village needs")}
    if not organizations or not terms:
        return 0
    needs = [
        ("tutoring", 14, ("Homework Club", "Reading Buddies", "Math Lab", "Study Hall")),
        ("after_school", 12, ("After-School Club", "Kids' Corner", "Afternoon Program")),
        ("health", 9, ("Family Clinic Hours", "Well-Child Visits", "School Physicals")),
        ("mental_health", 7, ("Counseling for Families", "Teen Support Group", "Play Therapy")),
        ("mentoring", 7, ("Mentoring Circle", "Big Siblings", "Career Mentors")),
        ("summer", 6, ("Summer Camp", "Summer Reading", "Summer STEM Week")),
        ("arts", 7, ("Art Studio", "Music Lessons", "Youth Theater")),
        ("sports", 7, ("Youth Soccer", "Swim Lessons", "Basketball League")),
        ("food", 8, ("Food Pantry", "Community Meals", "Weekend Backpacks")),
        ("parent_education_work", 6, ("ESL for Parents", "Job Readiness", "Parent Workshops")),
        ("language", 5, ("Interpretation Help", "Translation Desk")),
        ("transport", 3, ("Ride Program", "Bus Pass Help")),
        ("disability", 3, ("Special Education Advocacy", "Adaptive Sports")),
        ("housing", 2, ("Housing Help Desk", "Rent Assistance")),
        ("legal", 2, ("Immigration Legal Clinic", "Family Law Clinic")),
    ]
    languages = [("es", 0.45), ("ar", 0.15), ("vi", 0.12), ("zh", 0.08), ("so", 0.05), ("ht", 0.05)]
    arabic = {"Homework Club": "نادي الواجبات المدرسية", "Food Pantry": "بنك الطعام", "Math Lab": "مختبر الرياضيات"}
    spanish = {
        "Homework Club": "Club de tareas",
        "Food Pantry": "Despensa de alimentos",
        "Summer Camp": "Campamento de verano",
    }
    school_list = sorted((s for s in schools.values() if s.latitude is not None), key=_pk)
    now = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)

    def place(school: School, max_km: float) -> tuple[float, float]:
        r, theta = rng.uniform(0.2, max_km), rng.uniform(0, 2 * math.pi)
        lat = float(school.latitude) + r * math.sin(theta) / 111.2  # type: ignore[arg-type]
        lon = float(school.longitude) + r * math.cos(theta) / (111.2 * math.cos(math.radians(lat)))  # type: ignore[arg-type]
        return round(lat, 6), round(lon, 6)

    created: list[Service] = []
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        org_locations: dict[int, list[Location]] = {}
        for org in organizations:
            school = rng.choice(school_list)
            lat, lon = place(school, 4.0)
            org_locations[org.pk] = [
                Location.objects.create(
                    organization=org,
                    name=org.name,
                    address_1=_address(rng),
                    city=org.city or "Riverbend",
                    state_province="IL",
                    postal_code="60990",
                    latitude=lat,
                    longitude=lon,
                    accessibility=rng.sample(
                        ["wheelchair", "restroom", "parking", "elevator", "transit", "quiet_space"], k=rng.randint(0, 3)
                    ),
                )
            ]
        weights = [w for _, w, _ in needs]
        for i in range(services):
            code, _w, titles = rng.choices(needs, weights=weights)[0]
            org = organizations[i % len(organizations)]
            title = rng.choice(titles)
            name = {"en": title}
            if title in arabic and rng.random() < 0.5:
                name["ar"] = arabic[title]
            if title in spanish and rng.random() < 0.6:
                name["es"] = spanish[title]
            low = rng.choice([None, 3, 5, 6, 11, 14])
            seats = rng.choice([None, 12, 20, 30])
            service = Service.objects.create(
                organization=org,
                name=name,
                description={"en": f"{title} offered by {org.name}."},
                cost=rng.choices(["free", "sliding", "fee"], weights=[6, 2, 2])[0],
                min_age=low,
                max_age=None if low is None else low + rng.choice([4, 6, 10]),
                seats_total=seats,
                seats_available=None if seats is None else rng.randint(0, seats),
                phone=_phone(rng),
                last_verified_at=now - dt.timedelta(days=rng.choice([5, 30, 90, 150, 200, 400])),
            )
            service.categories.set([terms[code]])
            ServiceAtLocation.objects.create(service=service, location=rng.choice(org_locations[org.pk]))
            offered = {"en"} | {lang for lang, p in languages if rng.random() < p}
            ServiceLanguage.objects.bulk_create([ServiceLanguage(service=service, code=c) for c in sorted(offered)])
            days = rng.sample([1, 2, 3, 4, 5], k=rng.randint(1, 3))
            if rng.random() < 0.25:
                days.append(rng.choice([6, 7]))
            opens = rng.choice([9, 10, 13, 15, 16, 17])
            Schedule.objects.bulk_create(
                [
                    Schedule(service=service, weekday=d, opens_at=dt.time(opens), closes_at=dt.time(min(opens + 3, 21)))
                    for d in sorted(days)
                ]
            )
            created.append(service)
        # The family persona's search: Arabic-speaking evening tutoring near Lincoln Elementary.
        lincoln = schools.get(LINCOLN)
        if lincoln is not None and lincoln.latitude is not None:
            org = organizations[0]
            lat, lon = place(lincoln, 1.5)
            location = Location.objects.create(
                organization=org,
                name="Crescent Community Center",
                address_1=_address(rng),
                city="Riverbend",
                state_province="IL",
                postal_code="60990",
                latitude=lat,
                longitude=lon,
                accessibility=["wheelchair", "restroom"],
            )
            service = Service.objects.create(
                organization=org,
                name={
                    "en": "Evening Homework Club",
                    "ar": "نادي الواجبات المسائي",
                    "es": "Club de tareas por la tarde",
                },
                description={
                    "en": "Tutoring in Arabic and English for elementary students, Tuesday and Thursday evenings.",
                    "ar": "دروس تقوية باللغتين العربية والإنجليزية لتلاميذ المرحلة الابتدائية، مساء الثلاثاء والخميس.",
                },
                cost="free",
                min_age=5,
                max_age=11,
                min_grade=0,
                max_grade=5,
                seats_total=20,
                seats_available=6,
                phone=_phone(rng),
                last_verified_at=now,
            )
            service.categories.set([terms["tutoring"]])
            ServiceAtLocation.objects.create(service=service, location=location)
            ServiceLanguage.objects.bulk_create([ServiceLanguage(service=service, code=c) for c in ("ar", "en")])
            Schedule.objects.bulk_create(
                [Schedule(service=service, weekday=d, opens_at=dt.time(17), closes_at=dt.time(19)) for d in (2, 4)]
            )
            created.append(service)
    reindex([s.pk for s in created])
    return len(created)


# --------------------------------------------------------------------------------------
# Families: consents (some withdrawn), plans, needs with barriers, disclosures, profiles
# --------------------------------------------------------------------------------------


def _generate_families_work(
    rng: random.Random, riverbend: District, lincoln: School, orgs: dict[str, Organization]
) -> None:
    """Lincoln's families: Amina Hassan's profile and plans, needs from a screening, consents and disclosures."""
    from datetime import time, timedelta

    from django.utils import timezone

    from village.families.actions import disclose
    from village.families.models import (
        AvailabilityWindow,
        Consent,
        EducatorAssignment,
        FamilyProfile,
        Goal,
        Need,
        Plan,
    )
    from village.families.vocab import Barrier, Channel, NeedCategory, NeedSource, NeedStatus, Urgency

    now = timezone.now()
    today = timezone.localdate()
    clinic = orgs[NORTHSIDE_CLINIC]
    partners = [o for o in sorted(orgs.values(), key=_pk) if o.region_id == riverbend.region_id][:12]
    hassan = Household.objects.get(district=riverbend, name="Hassan", members__user__email="family@village.test")
    profile = FamilyProfile.objects.create(
        district=riverbend,
        household=hassan,
        preferred_language="ara",
        preferred_channels=["text", "phone"],
        best_times="After 6 pm on weekdays",
        travel_modes=["bus", "walking"],
        max_travel_minutes=30,
        accommodations=["interpreter", "childcare"],
    )
    AvailabilityWindow.objects.bulk_create(
        [
            AvailabilityWindow(district=riverbend, profile=profile, weekday=d, starts=s, ends=e)
            for d, s, e in ((2, time(18), time(20)), (4, time(18), time(20)), (6, time(10), time(14)))
        ]
    )
    for child in Student.objects.filter(household=hassan).order_by("given_name"):
        plan = Plan.objects.create(
            district=riverbend,
            student=child,
            success_in_own_words="أن يحب المدرسة ويقرأ بثقة. (To love school and read with confidence.)",
        )
        Goal.objects.create(
            district=riverbend,
            plan=plan,
            text="Read a chapter book every week",
            target_date=today + timedelta(days=120),
        )
        Need.objects.create(
            district=riverbend,
            school=child.school,
            student=child,
            category=NeedCategory.TUTORING if child.given_name == "Yusuf" else NeedCategory.HEALTH,
            description="Reading help after school" if child.given_name == "Yusuf" else "Dental check-up",
            urgency=Urgency.SOON,
            source=NeedSource.FAMILY,
            barriers=[Barrier.TRANSPORTATION, Barrier.LANGUAGE],
            supports_in_place="Arabic interpreter at parent meetings",
        )
        if child.given_name == "Layla":
            consent = Consent.objects.create(
                district=riverbend,
                student=child,
                household=hassan,
                recipient=clinic,
                elements=["name", "grade", "school", "needs", "home_language"],
                purpose="referral",
                valid_from=today - timedelta(days=20),
                valid_until=today + timedelta(days=345),
                signed_by=hassan.members.get().user,
                signer_name="Amina Hassan",
                signer_relationship="parent",
                signed_at=now - timedelta(days=20),
                language="ar",
                method="electronic",
            )
            disclose(
                None,
                child,
                clinic,
                ["name", "grade", "needs"],
                "referral",
                Channel.REFERRAL,
                purpose_detail="Dental check-up referral",
            )

    # A screening at Lincoln: needs with barriers for about one student in eight; consents for some, a few withdrawn.
    coordinator = Membership.objects.filter(school=lincoln, role=Role.SCHOOL_COORDINATOR).select_related("user").first()
    educators = list(Membership.objects.filter(school=lincoln, role=Role.EDUCATOR).select_related("user"))
    students = list(Student.objects.filter(school=lincoln, status="enrolled").exclude(household=hassan).order_by("pk"))
    categories = list(NeedCategory.values)
    barriers = list(Barrier.values)
    needs: list[Need] = []
    assignments: list[EducatorAssignment] = []
    for i, student in enumerate(students):
        if educators:
            assignments.append(
                EducatorAssignment(
                    district=riverbend, educator=educators[i % len(educators)].user, student=student, role="teacher"
                )
            )
        if rng.random() < 0.125:
            needs.append(
                Need(
                    district=riverbend,
                    school=lincoln,
                    student=student,
                    category=rng.choice(categories),
                    urgency=rng.choice(list(Urgency.values)),
                    source=rng.choice(list(NeedSource.values)),
                    barriers=rng.sample(barriers, k=rng.randint(0, 3)),
                    status=rng.choice([NeedStatus.OPEN, NeedStatus.OPEN, NeedStatus.IN_PROGRESS, NeedStatus.MET]),
                    created_at=now - timedelta(days=rng.randint(1, 120)),
                )
            )
    Need.objects.bulk_create(needs, batch_size=BATCH_SIZE)
    EducatorAssignment.objects.bulk_create(assignments, batch_size=BATCH_SIZE, ignore_conflicts=True)
    hassan_children = Student.objects.filter(household=hassan)
    EducatorAssignment.objects.bulk_create(
        [
            EducatorAssignment(district=riverbend, educator=m.user, student=c, role="teacher")
            for m in educators[:1]
            for c in hassan_children
        ],
        ignore_conflicts=True,
    )
    for need in needs[:40]:
        partner = rng.choice(partners)
        consent = Consent.objects.create(
            district=riverbend,
            student=need.student,
            household=need.student.household,
            recipient=partner,
            elements=["name", "grade", "needs"],
            purpose="referral",
            valid_from=today - timedelta(days=60),
            valid_until=today + timedelta(days=300),
            signer_name=f"Parent of {need.student.given_name}",
            signer_relationship="parent",
            signed_at=now - timedelta(days=60),
            language="en",
            method="paper",
            recorded_by=coordinator.user if coordinator else None,
        )
        if rng.random() < 0.5:
            disclose(
                coordinator.user if coordinator else None,
                need.student,
                partner,
                ["name", "needs"],
                "referral",
                Channel.REFERRAL,
            )
        if rng.random() < 0.2:
            consent.withdrawn_at = now - timedelta(days=rng.randint(1, 30))
            consent.withdrawn_by = coordinator.user if coordinator else None
            consent.save(update_fields=["withdrawn_at", "withdrawn_by"])


def _generate_referrals_work(riverbend: District, orgs: dict[str, Organization]) -> None:
    """Layla's dental check-up referred to the clinic (Mai's inbox), under Amina's consent."""
    from village.directory.models import Service, ServiceStatus
    from village.families.models import Need
    from village.referrals.actions import refer

    clinic = orgs[NORTHSIDE_CLINIC]
    need = Need.objects.filter(district=riverbend, student__given_name="Layla", category="health").first()
    service = (
        Service.objects.filter(organization=clinic, status=ServiceStatus.ACTIVE, categories__code="health")
        .order_by("pk")
        .first()
    )
    coordinator = (
        Membership.objects.filter(
            district=riverbend, role=Role.SCHOOL_COORDINATOR, user__email="coordinator@village.test"
        )
        .select_related("user")
        .first()
    )
    if need is None or service is None or coordinator is None:
        return
    refer(
        coordinator.user,
        need.student,
        service,
        elements=["name", "grade", "needs"],
        need=need,
        submission_key=f"demo-referral-{need.pk}",
    )
    _full_after_school_program(riverbend, coordinator.user)


def _past_referrals(riverbend: District, lincoln: School) -> None:
    """Referrals Lincoln sent over the past months, worked by partner staff to completion or closed
    unmet, so outcome figures (completion, days to service) have a history."""
    from datetime import timedelta

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from village.directory.models import Service, ServiceStatus
    from village.families.disclosure import NotCovered
    from village.families.models import Consent, Need
    from village.families.vocab import NeedSource, Urgency
    from village.referrals.actions import move, refer
    from village.referrals.models import Referral, ReferralEvent, Status

    coordinator = Membership.objects.filter(school=lincoln, role=Role.SCHOOL_COORDINATOR).select_related("user").first()
    if coordinator is None:
        return
    staff = {
        m.organization_id: m.user
        for m in Membership.objects.filter(role=Role.PARTNER_STAFF, organization__region_id=riverbend.region_id)
        .select_related("user")
        .order_by("pk")
    }
    now = timezone.now()
    by_category: dict[str, list[tuple[Service, Any]]] = {}
    offered = (
        Service.objects.filter(
            organization_id__in=list(staff), status=ServiceStatus.ACTIVE, seats_available__isnull=True
        )
        .prefetch_related("categories")
        .order_by("pk")
    )
    for service in offered:
        for term in service.categories.all():
            by_category.setdefault(term.code, []).append((service, staff[service.organization_id]))
    students = list(
        Student.objects.filter(school=lincoln, status="enrolled", household__isnull=False)
        .exclude(household__profile__isnull=False)
        .order_by("pk")
    )
    categories = sorted(by_category)
    made = 0
    for i in range(24 if students and categories else 0):
        student = students[i % len(students)]
        category = categories[i % len(categories)]
        service, partner = by_category[category][i % len(by_category[category])]
        need = Need.objects.create(
            district=riverbend,
            school=lincoln,
            student=student,
            category=category,
            urgency=Urgency.ROUTINE,
            source=NeedSource.EDUCATOR,
            created_at=now - timedelta(days=30 + 9 * i),
        )
        Consent.objects.create(
            district=riverbend,
            student=need.student,
            household=need.student.household,
            recipient=service.organization,
            elements=["name", "grade", "needs"],
            purpose="referral",
            valid_from=now.date() - timedelta(days=240),
            valid_until=now.date() + timedelta(days=120),
            signer_name=f"Parent of {need.student.given_name}",
            signer_relationship="parent",
            signed_at=now - timedelta(days=240),
            language="en",
            method="paper",
            recorded_by=coordinator.user,
        )
        try:
            referral = refer(
                coordinator.user,
                need.student,
                service,
                elements=["name", "grade"],
                need=need,
                submission_key=f"demo-past-{need.pk}",
            )
            steps = [Status.ACCEPTED, Status.IN_SERVICE]
            steps.append(Status.CLOSED_UNMET if made % 4 == 3 else Status.COMPLETED)
            for step in steps:
                reason = "The family moved before the sessions began." if step == Status.CLOSED_UNMET else ""
                referral = move(partner, referral, step, reason)
        except (NotCovered, ValidationError):
            continue
        # Back-date the history: sent some weeks ago, answered in days, served within weeks.
        sent = need.created_at + timedelta(days=2)
        answered = sent + timedelta(days=1 + made % 4)
        started = answered + timedelta(days=3 + 2 * (made % 9))
        closed = min(now, started + timedelta(days=21))
        Referral.objects.filter(pk=referral.pk).update(
            created_at=sent, first_response_at=answered, service_started_at=started, closed_at=closed, updated_at=closed
        )
        for event, at in zip(referral.events.order_by("at", "pk"), (sent, answered, started, closed), strict=False):
            ReferralEvent.objects.filter(pk=event.pk).update(at=at)
        made += 1


def _needs_no_service_fits(riverbend: District) -> None:
    """Lincoln families whose needs nothing in the directory fits: languages no partner offers
    (Pashto, Dari, Burmese), free only early on Sunday, on foot within fifteen minutes. These are
    the gaps the gap map shows and the partners a district would go and recruit."""
    from datetime import time

    from village.families.models import AvailabilityWindow, FamilyProfile, Need
    from village.families.vocab import Barrier, NeedSource, Urgency

    lincoln = School.objects.get(district=riverbend, name=LINCOLN)
    taken = set(Need.objects.filter(school=lincoln).values_list("student_id", flat=True))
    candidates = Student.objects.filter(school=lincoln, status="enrolled", household__isnull=False).exclude(
        household__profile__isnull=False
    )
    students = sorted(candidates, key=lambda s: (s.pk in taken, s.pk))[:9]  # students without needs first
    languages = ["pus", "amh", "bur"]
    categories = ["mental_health", "tutoring", "health"]
    barriers = [
        [Barrier.LANGUAGE],
        [Barrier.LANGUAGE, Barrier.TRANSPORTATION],
        [Barrier.SCHEDULE, Barrier.TRANSPORTATION],
    ]
    profiled: set[int] = set()
    for i, student in enumerate(students):
        assert student.household_id is not None
        if student.household_id not in profiled:
            profiled.add(student.household_id)
            profile = FamilyProfile.objects.create(
                district=riverbend,
                household_id=student.household_id,
                preferred_language=languages[i % 3],
                travel_modes=["walking"],
                max_travel_minutes=15,
                accommodations=["interpreter"],
            )
            AvailabilityWindow.objects.create(
                district=riverbend, profile=profile, weekday=7, starts=time(7), ends=time(8)
            )
        Need.objects.create(
            district=riverbend,
            school=lincoln,
            student=student,
            category=categories[i % 3],
            urgency=Urgency.SOON,
            source=NeedSource.FAMILY,
            barriers=barriers[i % 3],
            description="Help in our language at a time we can come",
        )


def _full_after_school_program(riverbend: District, coordinator: Any) -> None:
    """Twelve Lincoln students need an after-school program and the nearest one has four seats
    left: the case a coordinator shares out with "Share program seats fairly"."""
    from datetime import timedelta

    from django.utils import timezone

    from village.directory.models import Service, ServiceStatus
    from village.families.models import Consent, Need
    from village.families.vocab import NeedSource, Urgency
    from village.matching.runs import km_between

    lincoln = School.objects.get(district=riverbend, name=LINCOLN)
    if lincoln.latitude is None or lincoln.longitude is None:
        return
    programs = Service.objects.filter(
        status=ServiceStatus.ACTIVE,
        categories__code="after_school",
        seats_total__isnull=False,
        organization__region_id=riverbend.region_id,
    ).prefetch_related("service_at_locations__location")

    def distance(service: Service) -> float:
        places = [sal.location for sal in service.service_at_locations.all() if sal.location.latitude is not None]
        return min(
            (km_between(float(lincoln.latitude), float(lincoln.longitude), p.latitude, p.longitude) for p in places),  # type: ignore[arg-type]
            default=1e9,
        )

    nearest = min(programs, key=lambda s: (distance(s), s.pk), default=None)
    if nearest is None:
        return
    nearest.seats_available = min(4, nearest.seats_total or 4)
    nearest.save(update_fields=["seats_available"])
    taken = set(Need.objects.filter(school=lincoln).values_list("student_id", flat=True))
    students = [
        s for s in Student.objects.filter(school=lincoln, status="enrolled").order_by("pk") if s.pk not in taken
    ][:12]
    urgencies = [Urgency.URGENT, Urgency.SOON, Urgency.ROUTINE]
    now = timezone.now()
    for i, student in enumerate(students):
        Need.objects.create(
            district=riverbend,
            school=lincoln,
            student=student,
            category="after_school",
            urgency=urgencies[i % 3],
            source=NeedSource.EDUCATOR,
            description="A safe place after school while parents work",
            created_at=now - timedelta(days=30 - i),
        )
        if i % 2 == 0:  # half the families already consented to share with the program
            Consent.objects.create(
                district=riverbend,
                student=student,
                household=student.household,
                recipient=nearest.organization,
                elements=["name", "grade", "school", "needs"],
                purpose="referral",
                valid_from=now.date() - timedelta(days=10),
                valid_until=now.date() + timedelta(days=300),
                signer_name=f"Parent of {student.given_name}",
                signer_relationship="parent",
                signed_at=now - timedelta(days=10),
                language="en",
                method="paper",
                recorded_by=coordinator,
            )


def _reset_families_work(district_ids: list[int]) -> None:
    """Remove the demo's consents and disclosure records, which the app itself never deletes."""
    from village.families.models import Consent, DisclosureRecord, OtherLegalBasis, RosterSync
    from village.referrals.models import ConsentRequest, Referral

    ConsentRequest.objects.filter(district_id__in=district_ids).delete()
    Referral.objects.filter(district_id__in=district_ids).delete()

    # Append-only in the product; the demo reset is the one place that removes them, bypassing the guard.
    for model in (DisclosureRecord, OtherLegalBasis, Consent):
        rows = model.objects.filter(district_id__in=district_ids)
        rows._raw_delete(rows.db)
    Consent.history.filter(district_id__in=district_ids).delete()
    OtherLegalBasis.history.filter(district_id__in=district_ids).delete()
    RosterSync.objects.filter(district_id__in=district_ids).delete()


# --- Partnerships (agreements, action plans, resources, funding) ---------------------------


def _reset_partnerships(district_ids: list[int]) -> None:
    """Partnership rows protect their districts, organizations and people: delete them first."""
    from village.messaging.models import Outbox
    from village.partnerships.models import Partnership

    Partnership.objects.filter(district_id__in=district_ids).delete()
    Outbox.objects.filter(district_id__in=district_ids).delete()


def _generate_partnerships_work(
    rng: random.Random, districts: dict[str, District], schools: dict[str, School], orgs: dict[str, Organization]
) -> int:
    """About 40 partnerships with agreements in every state, plans, resources and funding.

    Riverbend's funding leans on grants (the concentration warning trips there); the
    partnerships favour the schools with the fewest high-need students, so high-need
    schools come out flagged. Lincoln and Northside Family Health Clinic have an agreement
    the coordinator persona signed and that awaits the partner persona's signature.
    """
    import datetime as dt

    from django.utils import timezone as tz

    from village.partnerships.models import (
        Agreement,
        AgreementMetric,
        AgreementVersion,
        FundingSource,
        Milestone,
        Partnership,
        PartnershipOrganization,
        PlanTask,
        ResourceShare,
        Signature,
        StatusChange,
    )

    today = tz.localdate()
    people = {u.email: u for u in User.objects.filter(email__endswith="@village.test")}
    coordinator, partner, lead = (
        people["coordinator@village.test"],
        people["partner@village.test"],
        people["lead@village.test"],
    )
    staff_by_org: dict[int, list[User]] = {}
    for m in Membership.objects.filter(role=Role.PARTNER_STAFF, organization__in=list(orgs.values())).select_related(
        "user"
    ):
        staff_by_org.setdefault(int(m.organization_id or 0), []).append(m.user)
    leads = {
        int(m.district_id or 0): m.user
        for m in Membership.objects.filter(role=Role.DISTRICT_LEAD, school__isnull=True).select_related("user")
    }
    staffed = sorted((o for o in orgs.values() if o.pk in staff_by_org), key=_pk)
    created = 0

    def version_for(agreement: Agreement, number: int, start: dt.date, end: dt.date) -> AgreementVersion:
        version = AgreementVersion.objects.create(
            agreement=agreement,
            number=number,
            purpose="Help every student attend, learn and stay healthy.",
            school_roles="Provide space, share schedules, refer families with consent.",
            partner_roles="Staff the program, report participation each quarter.",
            decision_authority="A joint steering group of both champions meets monthly and decides by consensus.",
            data_elements=["participation", "attendance"],
            data_purposes="Measure reach and follow up on missed sessions.",
            start_date=start,
            end_date=end,
            renewal_terms="Renews for one year when both parties sign a new version 60 days before the end.",
        )
        AgreementMetric.objects.create(
            version=version,
            name="Students served",
            target=f"{rng.randint(4, 20) * 10} a year",
            measurement="Program sign-in sheets",
            frequency="quarterly",
        )
        return version

    for district_slug, count, grant_heavy in ((RIVERBEND.slug, 26, True), (LAKESIDE.slug, 14, False)):
        district = districts[district_slug]
        district_schools = sorted((s for s in schools.values() if s.district_id == district.pk), key=_pk)
        # Fewer high-need students first: opportunity follows advantage, as it too often does.
        need = dict(
            Student.objects.filter(school__in=district_schools)
            .values("school")
            .annotate(n=models_count_need())
            .values_list("school", "n")
        )
        favoured = sorted(district_schools, key=lambda s: need.get(s.pk, 0))[: max(2, len(district_schools) * 2 // 3)]
        district_lead = leads.get(district.pk)
        for i in range(count):
            org = staffed[(i * 7 + (0 if district_slug == RIVERBEND.slug else 3)) % len(staffed)]
            is_persona_pair = district_slug == RIVERBEND.slug and i == 0
            if is_persona_pair:
                org = orgs[NORTHSIDE_CLINIC]
                served = [schools[LINCOLN]]
            else:
                served = rng.sample(favoured, k=min(len(favoured), rng.randint(1, 2)))
            status = "exploring" if i % 9 == 8 else ("renewing" if i % 11 == 10 else "active")
            p = Partnership.objects.create(
                district=district,
                name=f"{served[0].name.split()[0]} × {org.name}"[:200],
                partner_type=org.partner_type,
                shared_goals="Better attendance and well-being through services at school.",
                services=(org.description or "")[:500],
                seats=rng.choice((15, 20, 30, 40, 60)),
                status=status,
                school_champion=coordinator if is_persona_pair else district_lead,
                school_signer=coordinator if is_persona_pair else district_lead,
                created_by=coordinator if is_persona_pair else district_lead,
            )
            p.schools.set(served)
            org_staff = staff_by_org.get(org.pk, [])
            signer = partner if is_persona_pair else (org_staff[0] if org_staff else None)
            PartnershipOrganization.objects.create(
                partnership=p,
                organization=org,
                champion=signer,
                backup=org_staff[1] if len(org_staff) > 1 else None,
                signer=signer,
            )
            StatusChange.objects.create(partnership=p, to_status=status, changed_by=p.created_by)
            agreement = Agreement.objects.create(partnership=p, district=district, title=f"MOU: {p.name}"[:200])
            kind = "awaiting" if is_persona_pair else ("expiring", "active", "expired", "active", "draft")[i % 5]
            if kind == "expiring":
                start, end = today - dt.timedelta(days=330), today + dt.timedelta(days=rng.choice((5, 25, 50)))
            elif kind == "expired":
                start, end = today - dt.timedelta(days=500), today - dt.timedelta(days=rng.randint(10, 90))
            else:
                start, end = today - dt.timedelta(days=rng.randint(30, 200)), today + dt.timedelta(days=300)
            version = version_for(agreement, 1, start, end)
            if kind in ("expiring", "active", "expired") and signer is not None and p.school_signer is not None:
                Signature.objects.create(version=version, organization=None, signer=p.school_signer)
                Signature.objects.create(version=version, organization=org, signer=signer)
                agreement.active_version = version
                agreement.save(update_fields=["active_version"])
            elif kind == "awaiting":
                Signature.objects.create(version=version, organization=None, signer=coordinator)
            owner_school = p.school_champion or lead
            Milestone.objects.create(
                partnership=p, title="Program launch", date=start + dt.timedelta(days=30), owner=owner_school
            )
            if signer is not None:
                PlanTask.objects.create(
                    partnership=p,
                    title="Send the quarterly participation report",
                    owner=signer,
                    organization=org,
                    due_date=today + dt.timedelta(days=rng.randint(-20, 40)),
                    status=rng.choice(("todo", "in_progress", "done")),
                )
            PlanTask.objects.create(
                partnership=p,
                title="Reserve a room for sessions",
                owner=owner_school,
                due_date=today + dt.timedelta(days=rng.randint(-10, 30)),
                status=rng.choice(("todo", "done")),
            )
            ResourceShare.objects.create(
                partnership=p,
                kind="space",
                direction="school_to_partner",
                description="Classroom after school",
                value=Decimal(rng.randint(5, 30) * 100),
                date=today - dt.timedelta(days=rng.randint(1, 120)),
            )
            ResourceShare.objects.create(
                partnership=p,
                kind=rng.choice(("staff_time", "volunteers", "expertise")),
                direction="partner_to_school",
                description="Program staff and volunteers",
                hours=Decimal(rng.randint(20, 200)),
                date=today - dt.timedelta(days=rng.randint(1, 120)),
            )
            source = "grant" if grant_heavy and i % 4 != 3 else rng.choice(("corporate", "district_budget", "in_kind"))
            FundingSource.objects.create(
                partnership=p,
                district=district,
                source_type=source,
                funder="State Community Schools Grant" if source == "grant" else f"{org.name} and partners"[:200],
                amount=Decimal(rng.randint(10, 90) * 1000),
                start_date=today - dt.timedelta(days=200),
                end_date=today + dt.timedelta(days=rng.choice((90, 150, 300, 500))),
                restrictions="Program staff only" if source == "grant" else "",
            )
            created += 1
    return created


def models_count_need() -> Any:
    from django.db.models import Count

    return Count("id", filter=Q(economically_disadvantaged=True) | Q(english_learner=True) | Q(has_iep=True))
