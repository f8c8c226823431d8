"""Demo volunteering at Lincoln: the clinic (the partner persona) posts a role tied to its
partnership with Lincoln and the coordinator posts one of the school's own; volunteers sign up
without accounts in their languages; the coordinator records their clearances (one expiring
soon, one missing) and approves those who are cleared; they log hours through their private
links, and the coordinator confirms some, which reach the partnership's shared resources."""

from __future__ import annotations

import datetime
import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from village.accounts.models import Membership, Role, User
from village.community.actions import (
    confirm_hours,
    decide_signup,
    log_hours,
    post_opportunity,
    record_clearance,
    sign_up,
)
from village.demo import mentoring as mentoring_demo
from village.events.actions import create_event, record_attendance
from village.events.rules import hosting_organization
from village.orgs.models import District, School
from village.partnerships.models import Partnership

# (name, email, language, clearances held: kind -> days until expiry, None for none)
VOLUNTEERS: list[tuple[str, str, str, dict[str, int | None]]] = [
    ("Huda Mansour", "huda.mansour@example.org", "ar", {"background_check": 700, "tb_test": 20}),
    ("Carmen Ortiz", "carmen.ortiz@example.org", "es", {"background_check": 400, "tb_test": 300}),
    ("Tran Van Minh", "tran.minh@example.org", "vi", {"background_check": 500}),
]


def _person(email: str) -> User | None:
    return User.objects.filter(email=email).first()


def build(riverbend: District, lincoln: School) -> None:
    membership = (
        Membership.objects.active()
        .filter(role=Role.SCHOOL_COORDINATOR, school=lincoln)
        .select_related("user")
        .order_by("user__email")
        .first()
    )
    if membership is None:
        return
    coordinator = membership.user
    family_night_that_took_place(coordinator, lincoln)
    partnership = Partnership.objects.filter(schools=lincoln, status="active").order_by("pk").first()
    if partnership is None:
        return
    staff = (
        Membership.objects.active()
        .filter(role=Role.PARTNER_STAFF, organization__partnerships=partnership)
        .select_related("user")
        .order_by("user__email")
    )
    partner = _person("partner@village.test") or next((m.user for m in staff), None)
    organization = hosting_organization(partner, lincoln) if partner is not None else None
    if partner is None or organization is None:
        return
    clinic_role = post_opportunity(
        partner,
        lincoln,
        fields={
            "role": "Health fair helper",
            "description": "Welcome families at the clinic day, show them where to go, help with forms.",
            "schedule": "Clinic days, 9 am to noon",
            "skills": "Friendly, organized",
            "languages": ["ar", "es", "vi"],
            "clearances": ["background_check", "tb_test"],
            "places": 6,
        },
        organization=organization,
        partnership=partnership,
    )
    post_opportunity(
        coordinator,
        lincoln,
        fields={
            "role": "Reading buddy",
            "description": "Read with a second grader once a week.",
            "schedule": "Tuesdays 3 to 4 pm",
            "languages": ["ar", "es"],
            "clearances": ["background_check", "training"],
            "places": 10,
        },
    )
    today = timezone.localdate()
    for name, email, language, held in VOLUNTEERS:
        signup = sign_up(clinic_role, name=name, email=email, language=language).signup
        for kind, days in held.items():
            expires = today + datetime.timedelta(days=days) if days is not None else None
            cleared = min(today, (expires or today) - datetime.timedelta(days=365))
            record_clearance(coordinator, signup.volunteer, kind=kind, cleared_on=cleared, expires_on=expires)
        if set(clinic_role.clearances) <= set(held):
            decide_signup(coordinator, signup, approve=True)
            first = log_hours(signup.volunteer, signup, date=today, hours=Decimal("3"), note="Clinic day welcome desk")
            confirm_hours(coordinator, first, confirm=True)
            log_hours(signup.volunteer, signup, date=today, hours=Decimal("1.5"), note="Sorted donated books")
    mentoring_demo.build(coordinator, partner, organization, lincoln)


def family_night_that_took_place(coordinator: User, lincoln: School) -> None:
    """Last week's family night, planned two weeks before it (recorded now, dated then), and who
    came, counted at the door by the coordinator."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    start = datetime.datetime.combine(timezone.localdate() - datetime.timedelta(days=7), datetime.time(18), tzinfo=zone)
    event = create_event(
        coordinator,
        lincoln,
        title="Back-to-school family night",
        description="Meet the teachers, tour the school, and dinner together.",
        source_language="en",
        fields={
            "kind": "family_night",
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=2),
            "time_zone": settings.TIME_ZONE,
            "venue": "Lincoln Elementary cafeteria",
            "address": "1200 Lincoln Avenue",
            "accessible_venue": True,
            "languages": ["en"],
            "interpretation": ["ar", "es", "vi"],
            "childcare": True,
            "food": True,
            "audience": "public",
        },
        now=start - datetime.timedelta(days=14),
    )
    families = {"en": 14, "es": 11, "ar": 6, "vi": 4, "zh-hans": 2, "other": 3}
    record_attendance(coordinator, event, families=families, people=96)
