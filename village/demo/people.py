"""The people of the demo: the sign-in personas and the staff of its schools and partners."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from typing import Any

from village.accounts.actions import grant_membership, set_language, set_password
from village.accounts.models import Role, User
from village.demo.common import (
    DEMO_PASSWORD,
    LINCOLN,
    NORTHSIDE_CLINIC,
    RIVERBEND_HIGH,
    STAFF_EMAIL_DOMAIN,
    weighted,
)
from village.demo.names import NameBank
from village.demo.regions import LAKESIDE, RIVERBEND
from village.orgs.models import District, Organization, School, SchoolLevel


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


# The persona who leads each district of DISTRICTS, in that order.
DISTRICT_LEADS = ("lead@village.test", "lead.lakeside@village.test")


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


class Staff:
    """Gives staff (people without a usable password) their roles, granted by a district lead."""

    def __init__(self, rng: random.Random, names: NameBank) -> None:
        self.rng = rng
        self.names = names
        self.emails: set[str] = set(
            User.objects.filter(email__iendswith=f"@{STAFF_EMAIL_DOMAIN}").values_list("email", flat=True)
        )

    def add(
        self,
        role: str,
        title: str,
        *,
        granted_by: User,
        school: School | None = None,
        organization: Organization | None = None,
    ) -> None:
        culture = weighted(self.rng, STAFF_CULTURES)
        given, family = self.names.given(culture), self.names.family(culture)
        local = f"{_ascii(given)}.{_ascii(family)}".strip(".") or "staff"
        email, n = f"{local}@{STAFF_EMAIL_DOMAIN}", 1
        while email in self.emails:
            n += 1
            email = f"{local}{n}@{STAFF_EMAIL_DOMAIN}"
        self.emails.add(email)
        grant_membership(
            granted_by,
            email=email,
            name=f"{given} {family}",
            role=role,
            school=school,
            organization=organization,
            title=title,
        )


def create_personas(
    districts: dict[str, District], schools: dict[str, School], orgs: dict[str, Organization]
) -> dict[str, User]:
    """The sign-in personas, each with their role at their place and the published demo password.

    Nobody grants them their roles (the demo is set up by an operator, like a new region); each
    then chooses their own language.
    """
    users: dict[str, User] = {}
    for p in PERSONAS:
        place: dict[str, Any]
        if p.role == Role.PARTNER_STAFF:
            place = {"organization": orgs[p.place]}
        elif p.place in schools:
            place = {"school": schools[p.place]}
        else:
            place = {"district": districts[p.district]}
        membership = grant_membership(None, email=p.email, name=p.name, role=p.role, title=p.title, **place)
        user = membership.user
        set_password(None, user, DEMO_PASSWORD)
        if p.preferred_language:
            set_language(user, p.preferred_language)
        users[p.email] = user
    return users


def create_staff(
    rng: random.Random,
    names: NameBank,
    schools_by_district: list[list[School]],
    organizations: list[Organization],
    orgs_by_name: dict[str, Organization],
    leads: dict[int, User],
) -> None:
    """Each school's coordinator and a few educators, granted by their district's lead (`leads`, by
    district id); one or two staff at about twenty partners, granted by the first district's lead."""
    staff = Staff(rng, names)
    for district_schools in schools_by_district:
        for school in district_schools:
            lead = leads[school.district_id]
            if school.name != LINCOLN:  # Lincoln's coordinator is a persona
                staff.add(Role.SCHOOL_COORDINATOR, rng.choice(COORDINATOR_TITLES), granted_by=lead, school=school)
            titles = EDUCATOR_TITLES.get(school.level, EDUCATOR_TITLES[SchoolLevel.ELEMENTARY])
            for title in rng.sample(titles, k=rng.randint(2, 4) - (1 if school.name == LINCOLN else 0)):
                staff.add(Role.EDUCATOR, title, granted_by=lead, school=school)
    others = [o for o in organizations if o.name != NORTHSIDE_CLINIC]
    partner_orgs = [orgs_by_name[NORTHSIDE_CLINIC], *rng.sample(others, k=min(19, len(others)))]
    partners_lead = leads[schools_by_district[0][0].district_id]
    for org in partner_orgs:
        for title in rng.sample(PARTNER_TITLES, k=rng.randint(1, 2)):
            staff.add(Role.PARTNER_STAFF, title, granted_by=partners_lead, organization=org)
