"""Shared test fixtures: a small region and named personas whose names say their access.

- Dana Whitfield, district lead of Riverbend
- Rosa Martínez, coordinator at Lincoln Elementary (Riverbend)
- Samuel Okafor, educator at Lincoln Elementary
- Mai Nguyen, partner staff at Northside Family Health Clinic
- Amina Hassan, family member: her daughter Layla attends Lincoln Elementary
- Lucas Pereira, student at Lincoln Elementary
- Grace Liu, council member at Lincoln Elementary
- Omar Farah, coordinator at Bayview Elementary in another district (Lakeside)
- Pat Kim, partner staff at another organization (Eastside Tutoring)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

if settings.VILLAGE_ENV != "test":
    raise RuntimeError("Run the tests with VILLAGE_ENV=test (make test does this).")

PASSWORD = "correct-horse-battery-staple"
# Official schemas and real data sets live in shared/ beside the repository (never copied in).
# CI clones the repository with shared/ beside it; VILLAGE_SHARED_DIR points elsewhere if needed.
SHARED = Path(os.environ.get("VILLAGE_SHARED_DIR") or Path(__file__).resolve().parent.parent / "shared")


@cache
def password_hash() -> str:
    # Argon2 is deliberately slow; hash the shared test password once per process.
    from django.contrib.auth.hashers import make_password

    return make_password(PASSWORD)


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Throttling counters live in the cache; no test inherits another's."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _texts_in_tmp(tmp_path: Path, settings: Any) -> Path:
    """Text messages go to the file backend in a folder of the test's own, never var/sms/."""
    settings.VILLAGE_SMS_BACKEND = "file"
    settings.VILLAGE_SMS_DIR = tmp_path / "sms"
    return settings.VILLAGE_SMS_DIR


@pytest.fixture(autouse=True)
def _reports_in_tmp(tmp_path: Path, settings: Any) -> None:
    """Stored report PDFs go to a folder of the test's own: no test reads another's."""
    settings.VILLAGE_REPORTS_DIR = tmp_path / "reports"


@pytest.fixture(autouse=True)
def _default_language() -> None:
    """A request leaves its reader's language active in the thread; no test inherits it."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@dataclass
class World:
    region: Any
    riverbend: Any
    lakeside: Any
    lincoln: Any
    washington: Any
    bayview: Any
    clinic: Any
    tutoring: Any
    household: Any
    layla: Any
    dana: Any
    rosa: Any
    sam: Any
    mai: Any
    amina: Any
    lucas: Any
    grace: Any
    omar: Any
    pat: Any

    def persona(self, name: str) -> Any:
        return getattr(self, name)


STAFF_PERSONAS = ("dana", "rosa", "sam", "mai", "omar", "pat")
PERSONAS = ("anonymous", "dana", "rosa", "sam", "mai", "amina", "lucas", "grace", "omar", "pat")


def _user(email: str, name: str, language: str = "") -> Any:
    from village.accounts.models import User

    return User.objects.create(email=email, name=name, password=password_hash(), preferred_language=language)


def enrol_totp(user: Any) -> None:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())


@pytest.fixture
def world(db: Any) -> World:
    from village.accounts.models import Membership, Role
    from village.families.models import Household, HouseholdMember, Student
    from village.orgs.models import District, Organization, PartnerType, Region, School

    region = Region.objects.create(name="Riverbend Region", slug="riverbend-region")
    riverbend = District.objects.create(region=region, name="Riverbend Unified", slug="riverbend")
    lakeside = District.objects.create(region=region, name="Lakeside Schools", slug="lakeside")
    lincoln = School.objects.create(district=riverbend, name="Lincoln Elementary", lowest_grade=0, highest_grade=5)
    washington = School.objects.create(
        district=riverbend, name="Washington High", level="high", lowest_grade=9, highest_grade=12
    )
    bayview = School.objects.create(district=lakeside, name="Bayview Elementary", lowest_grade=0, highest_grade=5)
    clinic = Organization.objects.create(
        region=region, name="Northside Family Health Clinic", partner_type=PartnerType.HEALTH
    )
    tutoring = Organization.objects.create(region=region, name="Eastside Tutoring", partner_type=PartnerType.NONPROFIT)

    dana = _user("dana@example.org", "Dana Whitfield")
    rosa = _user("rosa@example.org", "Rosa Martínez", "es")
    sam = _user("sam@example.org", "Samuel Okafor")
    mai = _user("mai@example.org", "Mai Nguyen", "vi")
    amina = _user("amina@example.org", "Amina Hassan", "ar")
    lucas = _user("lucas@example.org", "Lucas Pereira")
    grace = _user("grace@example.org", "Grace Liu")
    omar = _user("omar@example.org", "Omar Farah")
    pat = _user("pat@example.org", "Pat Kim")

    Membership.objects.bulk_create(
        [
            Membership(user=dana, role=Role.DISTRICT_LEAD, district=riverbend),
            Membership(user=rosa, role=Role.SCHOOL_COORDINATOR, district=riverbend, school=lincoln),
            Membership(user=sam, role=Role.EDUCATOR, district=riverbend, school=lincoln),
            Membership(user=mai, role=Role.PARTNER_STAFF, organization=clinic),
            Membership(user=amina, role=Role.FAMILY_MEMBER, district=riverbend),
            Membership(user=lucas, role=Role.STUDENT, district=riverbend, school=lincoln),
            Membership(user=grace, role=Role.COUNCIL_MEMBER, district=riverbend, school=lincoln),
            Membership(user=omar, role=Role.SCHOOL_COORDINATOR, district=lakeside, school=bayview),
            Membership(user=pat, role=Role.PARTNER_STAFF, organization=tutoring),
        ]
    )
    household = Household.objects.create(district=riverbend, name="Hassan", home_language="ar")
    HouseholdMember.objects.create(household=household, user=amina, relationship="parent", district=riverbend)
    layla = Student.objects.create(
        district=riverbend,
        school=lincoln,
        household=household,
        local_id="RB-1",
        given_name="Layla",
        family_name="Hassan",
        grade=3,
        english_learner=True,
    )
    Student.objects.create(
        district=riverbend,
        school=lincoln,
        user=lucas,
        local_id="RB-2",
        given_name="Lucas",
        family_name="Pereira",
        grade=5,
    )
    w = World(**{k: v for k, v in locals().items() if k in World.__dataclass_fields__})
    for name in STAFF_PERSONAS:
        enrol_totp(w.persona(name))
    return w


@pytest.fixture
def login(client: Any, world: World) -> Any:
    """`login("rosa")` signs the test client in as a persona (anonymous stays signed out).

    Personas read their own languages (Rosa Spanish, Mai Vietnamese, Amina Arabic); a test
    about behaviour rather than language may pass `language="en"` to read the English text.
    """

    def _login(name: str, language: str | None = None) -> Any:
        client.logout()
        if name != "anonymous":
            user = world.persona(name)
            if language is not None:
                user.preferred_language = language
                user.save(update_fields=["preferred_language"])
            client.force_login(user)
        return client

    return _login


def skip_or_fail(reason: str) -> None:
    """Skip a test whose tool or data is missing here; in CI (VILLAGE_REQUIRE_BROWSER=1) fail instead."""
    if os.environ.get("VILLAGE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"Required in CI: {reason}")
    pytest.skip(reason)
