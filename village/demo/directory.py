"""The region's community asset map: about 600 HSDS services and their locations, near its schools.

The district lead enters them through the directory's actions, as staff enter a listing by hand
(`save_location`, `create_service`); each keeps the date it was last verified, so the directory
shows listings of every age.
"""

from __future__ import annotations

import datetime as dt
import math
import random

from django.test.utils import override_settings

from village.accounts.models import User
from village.demo.common import LINCOLN, SEED, address, by_pk, phone
from village.directory.actions import create_service, save_location
from village.directory.models import Location, Service, TaxonomyTerm
from village.orgs.models import Organization, Region, School


def build_directory(lead: User, region: Region, schools: dict[str, School], services: int = 600) -> int:
    """About `services` HSDS services across the region's organizations, near its schools.

    Seeded and uneven on purpose: Spanish is offered often, Somali and Haitian Creole
    rarely; legal help, housing and disability services are scarce; so the coverage view
    shows real gaps. Lincoln Elementary always has an Arabic-speaking evening tutoring
    service nearby, for the family persona to find.
    """
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
    school_list = sorted((s for s in schools.values() if s.latitude is not None), key=by_pk)
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
                _location(
                    lead,
                    organization=org,
                    name=org.name,
                    address_1=address(rng),
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
            # The random draws in the order the listing has always been drawn in, so the demo stays the same.
            fields = {
                "name": name,
                "description": {"en": f"{title} offered by {org.name}."},
                "cost": rng.choices(["free", "sliding", "fee"], weights=[6, 2, 2])[0],
                "min_age": low,
                "max_age": None if low is None else low + rng.choice([4, 6, 10]),
                "seats_total": seats,
                "seats_available": None if seats is None else rng.randint(0, seats),
                "phone": phone(rng),
                "last_verified_at": now - dt.timedelta(days=rng.choice([5, 30, 90, 150, 200, 400])),
            }
            location = rng.choice(org_locations[org.pk])
            offered = {"en"} | {lang for lang, p in languages if rng.random() < p}
            days = rng.sample([1, 2, 3, 4, 5], k=rng.randint(1, 3))
            if rng.random() < 0.25:
                days.append(rng.choice([6, 7]))
            opens = rng.choice([9, 10, 13, 15, 16, 17])
            service = create_service(
                lead,
                org,
                categories=[terms[code]],
                languages=sorted(offered),
                locations=[location],
                schedules=[(d, dt.time(opens), dt.time(min(opens + 3, 21))) for d in sorted(days)],
                verified=False,
                **fields,
            )
            created.append(service)
        # The family persona's search: Arabic-speaking evening tutoring near Lincoln Elementary.
        lincoln = schools.get(LINCOLN)
        if lincoln is not None and lincoln.latitude is not None:
            org = organizations[0]
            lat, lon = place(lincoln, 1.5)
            location = _location(
                lead,
                organization=org,
                name="Crescent Community Center",
                address_1=address(rng),
                city="Riverbend",
                state_province="IL",
                postal_code="60990",
                latitude=lat,
                longitude=lon,
                accessibility=["wheelchair", "restroom"],
            )
            service = create_service(
                lead,
                org,
                categories=[terms["tutoring"]],
                languages=("ar", "en"),
                locations=[location],
                schedules=[(d, dt.time(17), dt.time(19)) for d in (2, 4)],
                verified=False,
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
                phone=phone(rng),
                last_verified_at=now,
            )
            created.append(service)
    return len(created)


def _location(lead: User, **fields: object) -> Location:
    location = Location(**fields)
    return save_location(lead, location, sorted(fields))
