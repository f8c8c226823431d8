"""The demo's districts and their schools: names, a layout per scale, and a feeder pattern by geography."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from village.demo.common import address, phone
from village.orgs.actions import create_school
from village.orgs.models import District, School, SchoolLevel

ScaleName = Literal["demo", "district"]


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


@dataclass
class Zone:
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


def build_schools(
    rng: random.Random, district: District, spec: DistrictSpec, layout: Layout, spread_km: float
) -> list[Zone]:
    """Create the district's schools with a feeder pattern: elementary -> middle -> high, by geography."""
    if layout.elementary > len(spec.elementary_names) or layout.k8 > len(spec.k8_names):
        raise ValueError(f"Not enough school names for {spec.slug}.")

    def make(name: str, level: str, low: int, high: int, where: _Point) -> School:
        return create_school(
            None,
            district,
            name=name,
            level=level,
            lowest_grade=low,
            highest_grade=high,
            address=address(rng),
            city=spec.city,
            postal_code=rng.choice(spec.postal_codes),
            latitude=Decimal(f"{where.lat:.6f}"),
            longitude=Decimal(f"{where.lon:.6f}"),
            phone=phone(rng),
        )

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
        Zone(
            elementary=elementary[i],
            middle=middles[middle_of[i]] if i in middle_of else None,
            high=highs[high_of[i]],
        )
        for i in range(len(zone_specs))
    ]
