"""The demo generator: a stable, realistic region with working personas."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q

from village.accounts.models import Membership, Role, User
from village.audit.models import AuditEvent
from village.demo import common, generator, names, people
from village.families.models import Household, HouseholdMember, Relationship, Student
from village.orgs.models import District, Organization, PartnerType, Region, School

pytestmark = pytest.mark.django_db

PERSONA_ROLES = {
    "lead@village.test": Role.DISTRICT_LEAD,
    "coordinator@village.test": Role.SCHOOL_COORDINATOR,
    "educator@village.test": Role.EDUCATOR,
    "partner@village.test": Role.PARTNER_STAFF,
    "family@village.test": Role.FAMILY_MEMBER,
    "student@village.test": Role.STUDENT,
    "council@village.test": Role.COUNCIL_MEMBER,
}


@pytest.fixture(autouse=True)
def fast_hashing(settings: Any) -> None:
    # Argon2 is deliberately slow; the tests only need a password that checks.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def run(*args: str) -> str:
    out = StringIO()
    call_command("demo", "--no-progress", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "regions": Region.objects.count(),
        "districts": District.objects.count(),
        "schools": School.objects.count(),
        "organizations": Organization.objects.count(),
        "households": Household.objects.count(),
        "students": Student.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def test_the_demo_region_as_built() -> None:
    """One build (each costs tens of seconds), then every check that only reads what it built."""
    output = run("--students", "300")
    _check_builds_the_region(output)
    _check_personas_hold_their_roles()
    _check_family_persona_has_two_children_at_lincoln()
    _check_the_partner_persona_has_laylas_referral_in_its_inbox()
    _check_student_persona_has_a_student_record()
    _check_staff_have_no_usable_password()
    _check_students_fit_their_schools_and_households()
    _check_records_an_audit_event()
    _check_the_demo_indicators_have_values_a_review_closed_and_one_open()
    _check_the_mentoring_cohort_at_lincoln_is_paired_and_meeting()
    _check_the_family_told_lincoln_why_she_cannot_come_to_the_clinic_day()


def test_a_full_size_demo_looks_like_a_us_district() -> None:
    run("--students", "2000")
    _check_student_groups_resemble_a_us_district()
    _check_names_follow_home_language()


def _check_builds_the_region(output: str) -> None:
    region = Region.objects.get(slug=common.DEMO_REGION_SLUG)
    assert region.name == "Riverbend Region"
    assert set(District.objects.values_list("slug", flat=True)) == {"riverbend", "lakeside"}
    assert School.objects.count() == 12
    assert set(School.objects.values_list("level", flat=True)) >= {"elementary", "middle", "high"}
    assert not School.objects.filter(Q(latitude__isnull=True) | Q(address="")).exists()
    assert Student.objects.count() == 300
    assert Organization.objects.count() >= 140
    assert set(Organization.objects.values_list("partner_type", flat=True)) == set(PartnerType.values)
    assert Organization.objects.filter(name="Iglesia Nueva Esperanza").exists()
    for org in Organization.objects.all()[:20]:
        org.full_clean()
        assert org.website.endswith(".example.org/")
    assert "students" in output
    assert "lead@village.test" in output


def _check_personas_hold_their_roles() -> None:
    for email, role in PERSONA_ROLES.items():
        user = User.objects.get(email=email)
        assert user.check_password(common.DEMO_PASSWORD), email
        assert Membership.objects.active().filter(user=user, role=role).count() == 1, email
    lincoln = School.objects.get(name="Lincoln Elementary School", district__slug="riverbend")
    for email in ("coordinator@village.test", "educator@village.test", "council@village.test"):
        assert Membership.objects.get(user__email=email).school == lincoln
    assert Membership.objects.get(user__email="lead@village.test").district.slug == "riverbend"  # type: ignore[union-attr]
    partner = Membership.objects.get(user__email="partner@village.test").organization
    assert partner is not None
    assert partner.name == "Northside Family Health Clinic"
    assert partner.partner_type == PartnerType.HEALTH
    assert {row[0] for row in people.persona_table()} >= set(PERSONA_ROLES)


def _check_family_persona_has_two_children_at_lincoln() -> None:
    amina = User.objects.get(email="family@village.test")
    assert amina.name == "Amina Hassan"
    assert amina.preferred_language == "ar"
    link = HouseholdMember.objects.get(user=amina)
    assert link.relationship == Relationship.PARENT
    assert link.household.home_language == "ar"
    children = link.household.students.order_by("grade")
    assert [c.grade for c in children] == [2, 4]
    assert {c.school.name for c in children} == {"Lincoln Elementary School"}
    assert {c.family_name for c in children} == {"Hassan"}


def _check_the_partner_persona_has_laylas_referral_in_its_inbox() -> None:
    from village.families.models import DisclosureRecord
    from village.referrals.models import Referral

    referral = Referral.objects.get(student__given_name="Layla", student__family_name="Hassan")
    assert referral.organization.name == "Northside Family Health Clinic" and referral.status == "sent"
    assert referral.consent is not None
    # Two disclosures to the clinic: the coordinator's summary for the dental referral, then the referral.
    disclosed = DisclosureRecord.objects.filter(student=referral.student, recipient=referral.organization)
    assert list(disclosed.order_by("pk").values_list("channel", flat=True)) == ["summary", "referral"]


def test_a_coordinator_can_share_out_the_demo_after_school_program() -> None:
    from village.directory.models import Service
    from village.families.models import Need
    from village.matching.actions import compute_run
    from village.matching.models import AllocationRun
    from village.orgs.models import School

    run("--students", "300")

    lincoln = School.objects.get(name="Lincoln Elementary School")
    needs = list(Need.objects.filter(school=lincoln, category="after_school", status="open"))
    assert len(needs) >= 8  # twelve at full demo size; fewer students in this small build
    from village.families.models import Consent

    partner = Consent.objects.filter(student__in=[n.student for n in needs]).first().recipient
    program = Service.objects.filter(organization=partner, seats_available=4, categories__code="after_school").first()
    coordinator = User.objects.get(email="coordinator@village.test")
    allocation = AllocationRun.objects.create(district=lincoln.district, school=lincoln, created_by=coordinator)
    allocation.services.set([program])
    allocation.needs.set(needs)
    compute_run(allocation)
    placed = [row for row in allocation.result if row["service"]]
    assert allocation.status == "ready" and 1 <= len(placed) <= 4


def _check_student_persona_has_a_student_record() -> None:
    lucas = Student.objects.get(user__email="student@village.test")
    assert (lucas.given_name, lucas.family_name) == ("Lucas", "Pereira")
    assert lucas.school.level == "high"
    assert lucas.school.district.slug == "riverbend"


def _check_staff_have_no_usable_password() -> None:
    staff = User.objects.filter(email__endswith="@example.org")
    assert staff.count() > 40
    assert not any(u.has_usable_password() for u in staff)
    for school in School.objects.all():
        roles = list(Membership.objects.filter(school=school).values_list("role", flat=True))
        assert roles.count(Role.SCHOOL_COORDINATOR) == 1, school
        assert 2 <= roles.count(Role.EDUCATOR) <= 4, school
    partner_orgs = Membership.objects.filter(role=Role.PARTNER_STAFF).values("organization").distinct()
    assert 15 <= partner_orgs.count() <= 25


def _check_students_fit_their_schools_and_households() -> None:
    assert not Student.objects.filter(Q(grade__lt=F("school__lowest_grade")) | Q(grade__gt=F("school__highest_grade")))
    assert not Student.objects.exclude(district=F("school__district")).exists()
    assert all(re.fullmatch(r"(RB|LK)-\d{6}", i) for i in Student.objects.values_list("local_id", flat=True))
    sizes = Household.objects.annotate(n=Count("students")).values_list("n", flat=True)
    assert set(sizes) <= {1, 2, 3}
    for household in Household.objects.prefetch_related("students"):
        assert {s.family_name for s in household.students.all()} <= {household.name.removesuffix(" household")}
        assert {s.district_id for s in household.students.all()} <= {household.district_id}


def test_second_run_changes_nothing() -> None:
    run("--students", "300")
    before = counts()

    output = run("--students", "300")

    assert "already exists" in output
    assert counts() == before


def test_reset_rebuilds_the_same_region() -> None:
    run("--students", "300")
    first = list(Student.objects.order_by("pk").values_list("given_name", "family_name", "local_id")[:5])
    first_orgs = list(Organization.objects.order_by("pk").values_list("name", "description")[:5])

    run("--students", "300", "--reset")

    assert Region.objects.count() == 1
    assert Student.objects.count() == 300
    assert list(Student.objects.order_by("pk").values_list("given_name", "family_name", "local_id")[:5]) == first
    assert list(Organization.objects.order_by("pk").values_list("name", "description")[:5]) == first_orgs
    assert User.objects.filter(email="family@village.test").count() == 1


def test_reset_leaves_nothing_behind() -> None:
    from village.messaging.actions import Rendered, queue_email
    from village.messaging.models import Outbox

    run("--students", "300")
    # Mail tied to no district: to a demo person (a daily summary spanning districts, account
    # mail), and to someone outside the demo, whose message stays.
    lead = User.objects.get(email="lead@village.test")
    outsider = User.objects.create_user(email="outside@example.org", password=None)
    queue_email("messaging.digest", [Rendered(lead, "Your day", "Three things.", "en")])
    kept = queue_email("messaging.digest", [Rendered(outsider, "Your day", "One thing.", "en")])
    generator.reset()

    assert not Region.objects.exists()
    assert not Student.objects.exists()
    assert not Household.objects.exists()
    assert list(User.objects.all()) == [outsider]
    assert list(Outbox.objects.all()) == [kept]
    assert not Membership.objects.exists()
    assert kept is not None
    left = AuditEvent.objects.exclude(target_id=str(kept.pk), code="messaging.outbox.queued")
    assert list(left.values_list("code", flat=True)) == ["demo.region.deleted"]
    assert generator.reset() is False


def _check_records_an_audit_event() -> None:
    event = AuditEvent.objects.get(code="demo.region.created")
    assert event.target_label == "Riverbend Region"
    assert event.details["students"] == 300


def _check_student_groups_resemble_a_us_district() -> None:
    students = Student.objects.all()
    n = students.count()
    assert n == 2000

    def share(**flags: Any) -> float:
        return students.filter(**flags).count() / n

    disability = students.filter(Q(has_iep=True) | Q(has_504=True)).count() / n
    assert 0.10 <= disability <= 0.20
    assert 0.09 <= share(has_iep=True) <= 0.17
    assert 0.06 <= share(english_learner=True) <= 0.14
    assert 0.40 <= share(economically_disadvantaged=True) <= 0.60
    assert 0.005 <= share(homeless=True) <= 0.04
    assert share(foster_care=True) <= 0.02
    assert 0.22 <= share(race_ethnicity="hispanic") <= 0.34
    assert 0.38 <= share(race_ethnicity="white") <= 0.50
    assert 0.11 <= share(race_ethnicity="black") <= 0.19
    # English learners live in homes that speak another language.
    assert not students.filter(english_learner=True, household__home_language="en").exists()
    languages = set(Household.objects.values_list("home_language", flat=True))
    assert languages >= {"en", "es", "ar", "vi", "so", "ht", "zh"}
    spanish = Household.objects.filter(home_language="es").count() / Household.objects.count()
    assert 0.14 <= spanish <= 0.26


def _check_names_follow_home_language() -> None:
    def family_names(language: str) -> set[str]:
        return set(Student.objects.filter(household__home_language=language).values_list("family_name", flat=True))

    assert family_names("so") <= set(names.SOMALI_FAMILY)
    assert family_names("ht") <= set(names.HAITIAN_FAMILY)
    assert family_names("ar") <= set(names.ARABIC_FAMILY)
    assert family_names("vi") & {"Nguyễn", "Trần", "Lê", "Phạm"}
    # Everything is in Latin script, as US school records keep names.
    assert all(n.isascii() or "LATIN" in _script(n) for n in family_names("zh") | family_names("vi"))


def _script(text: str) -> str:
    import unicodedata

    return " ".join(unicodedata.name(c, "") for c in text if not c.isascii())


def test_too_few_students_is_refused() -> None:
    with pytest.raises(CommandError):
        run("--students", "2")


def test_the_gap_map_shows_needs_nothing_in_the_demo_directory_fits(client: Any, settings: Any) -> None:
    from django.urls import reverse

    run("--students", "300")

    settings.VILLAGE_MFA_REQUIRED = False  # the demo staff enrol their own authenticator
    coordinator = User.objects.get(email="coordinator@village.test")
    coordinator.preferred_language = "en"
    coordinator.save(update_fields=["preferred_language"])
    client.force_login(coordinator)
    response = client.get(reverse("matching:gaps"))
    assert response.status_code == 200
    found = response.context["found"]
    assert found.gaps >= 3, (found.gaps, found.needs_checked)
    languages = {key.language for key, _count in found.rows}
    assert {"Pashto", "Amharic", "Burmese"} <= languages, languages
    assert any(key.barrier == "Language" for key, _count in found.rows)
    assert found.recruit


def _check_the_mentoring_cohort_at_lincoln_is_paired_and_meeting() -> None:
    from village.community.mentoring import alerts, suggestions, waiting_referrals
    from village.community.models import CheckIn, Meeting, MentoringProgram, Pair

    program = MentoringProgram.objects.get(school__name="Lincoln Elementary School")
    pairs = Pair.objects.filter(program=program, ended_on__isnull=True)
    found = {
        "mentors": program.mentors.count(),
        "pairs": pairs.count(),
        "meetings": Meeting.objects.filter(pair__program=program).count(),
        "check_ins": CheckIn.objects.filter(pair__program=program, answered_at__isnull=False).count(),
        "alerts": sorted(a.kind for a in alerts(MentoringProgram.objects.filter(pk=program.pk))),
        "waiting_with_suggestions": sum(bool(s.suggestions) for s in suggestions(program)),
        "referrals_waiting": waiting_referrals(program).count(),
    }
    assert found["mentors"] == 3 and found["pairs"] >= 4, found
    assert found["meetings"] >= 4 * found["pairs"] and found["check_ins"] == 2 * found["pairs"], found
    assert found["alerts"] == ["check_in", "stalled"], found
    assert found["waiting_with_suggestions"] == 1 and found["referrals_waiting"] == 1, found


def _check_the_family_told_lincoln_why_she_cannot_come_to_the_clinic_day() -> None:
    from village.events.models import Rsvp
    from village.voice.barriers import dashboard

    answer = Rsvp.objects.get(person__email="family@village.test", event__kind="clinic_day")
    assert (answer.status, answer.reason) == ("declined", "schedule")
    lincoln = School.objects.get(name="Lincoln Elementary School", district__slug="riverbend")
    row = next(r for r in dashboard(lincoln) if r.code == "schedule")
    assert row.declines.display() == "*"  # one family: hidden on the dashboard like any small count


def _check_the_demo_indicators_have_values_a_review_closed_and_one_open() -> None:
    from village.indicators.models import Celebration, Indicator, Review, Value

    riverbend = District.objects.get(slug="riverbend")
    indicators = Indicator.objects.filter(district=riverbend)
    assert indicators.count() == 12  # the eleven starters and one fed by the family survey
    with_values = {
        code
        for code in indicators.values_list("code", flat=True)
        if Value.objects.filter(indicator__code=code).exists()
    }
    assert with_values == set(indicators.values_list("code", flat=True))  # every indicator has figures
    assert Review.objects.filter(district=riverbend, status="closed").count() >= 1
    assert Review.objects.filter(district=riverbend).exclude(status="closed").exists()
    assert Celebration.objects.filter(district=riverbend).exists()


def test_amina_chose_text_and_gets_yusufs_referral_updates_in_arabic(
    django_capture_on_commit_callbacks: Any, _texts_in_tmp: Any
) -> None:
    from village.messaging.models import Channel, Delivery

    with django_capture_on_commit_callbacks(execute=True):
        run("--students", "300")

    amina = User.objects.get(email="family@village.test")
    texts = Delivery.objects.filter(recipient=amina, channel=Channel.SMS, outbox__kind="referrals.family_update")
    assert texts.count() >= 3 and {t.language for t in texts} == {"ar"}
    assert {t.address for t in texts} == {"+16125550123"} and all(t.segments for t in texts)
    written = [p.read_text(encoding="utf-8") for p in sorted(_texts_in_tmp.glob("*.txt"))]
    to_amina = [w for w in written if "To: +16125550123" in w]
    # "Did Yusuf get the help he needed? Answer نعم or لا", in Arabic, with a link to the referral.
    assert [w for w in to_amina if "Yusuf" in w and "نعم" in w and "http://testserver/referrals/" in w]
