"""Deleting the demo region, for `manage.py demo --reset`.

DIRECT WRITES: this is the one module of the demo that deletes rows itself. The product has no
way to remove a district and everything in it, and some of its records (consents, disclosures)
are append-only, so the reset goes around the actions here, and only here: a teardown of the
demo, not a state the demo shows.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.test.utils import override_settings

from village.accounts.models import Membership, User
from village.audit.actions import record
from village.audit.models import AuditEvent
from village.community.models import MentoringProgram, Opportunity, Pair, Volunteer
from village.directory.models import Location, Service
from village.events.models import Event, SchoolDate
from village.families.models import (
    Consent,
    DisclosureRecord,
    Household,
    HouseholdMember,
    OtherLegalBasis,
    RosterSync,
    Student,
)
from village.governance.models import Bylaws, Council, Decision, Proposal
from village.indicators.models import (
    Celebration,
    Indicator,
    Period,
    PracticeLog,
    PublishedRelease,
    Review,
    ReviewAction,
    Value,
)
from village.messaging.models import Outbox
from village.orgs.models import District, Organization, Region, School
from village.partnerships.models import Partnership
from village.referrals.models import ConsentRequest, FamilyAsk, Referral
from village.transit.models import FeedImport, FeedVersion, WantedWindow, WindowMatrix
from village.voice.models import ListeningSession, Survey, Theme


def delete_region(region: Region) -> None:
    """Delete the region and everything in it, people included, except people who also hold a
    role outside it. The demo's own audit events go too (they point at its districts, which
    cannot be deleted under them); a `demo.region.deleted` event notes the reset."""
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
        delete_governance(district_ids)
        delete_voice(district_ids)
        delete_events(district_ids)
        delete_community(district_ids)
        delete_indicators(district_ids)
        # Partnership rows protect their districts, organizations and people: delete them first.
        Partnership.objects.filter(district_id__in=district_ids).delete()
        Outbox.objects.filter(district_id__in=district_ids).delete()
        # Messages tied to no district (a daily summary spanning districts, account mail) that
        # went only to the people deleted here.
        leaving = user_ids - elsewhere
        theirs = list(
            Outbox.objects.filter(district__isnull=True, deliveries__recipient_id__in=leaving)
            .exclude(deliveries__recipient_id__in=User.objects.exclude(pk__in=leaving).values("pk"))
            .values_list("pk", flat=True)
            .distinct()
        )
        Outbox.objects.filter(pk__in=theirs).delete()
        memberships.delete()
        HouseholdMember.objects.filter(district_id__in=district_ids).delete()
        delete_casework(district_ids)
        Student.objects.filter(pk__in=student_ids).delete()
        Household.objects.filter(pk__in=household_ids).delete()
        User.objects.filter(pk__in=user_ids - elsewhere).delete()
        targets = Q(district_id__in=district_ids)
        for model, pks in (
            (User, list(user_ids - elsewhere)),
            (Service, list(Service.objects.filter(organization_id__in=org_ids).values_list("pk", flat=True))),
            (Location, list(Location.objects.filter(organization_id__in=org_ids).values_list("pk", flat=True))),
            (Region, [region.pk]),
            (District, district_ids),
            (School, school_ids),
            (Organization, org_ids),
            (Outbox, theirs),
        ):
            targets |= Q(target_type=ContentType.objects.get_for_model(model), target_id__in=[str(pk) for pk in pks])
        AuditEvent.objects.filter(targets).delete()
        delete_transit(region)
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
        record(None, "demo.region.deleted", None, name=name)


def delete_governance(district_ids: list[int]) -> None:
    Bylaws.objects.filter(district_id__in=district_ids).update(adopted_by=None)
    Decision.objects.filter(district_id__in=district_ids).delete()
    Proposal.objects.filter(district_id__in=district_ids).delete()
    Council.objects.filter(district_id__in=district_ids).delete()


def delete_transit(region: Region) -> None:
    """The region's bus feeds: versions (their stops and matrices go along), their imports, and
    the windows its families travel in; and the audit events about them."""
    versions = list(FeedVersion.objects.filter(region=region).values_list("pk", flat=True))
    imports = list(FeedImport.objects.filter(region=region).values_list("pk", flat=True))
    matrices = list(WindowMatrix.objects.filter(version_id__in=versions).values_list("pk", flat=True))
    about = Q()
    for model, pks in ((FeedVersion, versions), (FeedImport, imports), (WindowMatrix, matrices)):
        about |= Q(target_type=ContentType.objects.get_for_model(model), target_id__in=[str(pk) for pk in pks])
    AuditEvent.objects.filter(about).delete()
    FeedVersion.objects.filter(pk__in=versions).delete()
    FeedImport.objects.filter(pk__in=imports).delete()
    WantedWindow.objects.filter(region=region).delete()


def delete_events(district_ids: list[int]) -> None:
    Event.objects.filter(district_id__in=district_ids).delete()  # their answers go along
    SchoolDate.objects.filter(district_id__in=district_ids).delete()


def delete_community(district_ids: list[int]) -> None:
    Pair.objects.filter(district_id__in=district_ids).delete()  # meetings and check-ins go along
    MentoringProgram.objects.filter(district_id__in=district_ids).delete()  # mentors and mentees go along
    Opportunity.objects.filter(district_id__in=district_ids).delete()  # sign-ups and hours go along
    Volunteer.objects.filter(district_id__in=district_ids).delete()  # clearances go along


def delete_voice(district_ids: list[int]) -> None:
    Survey.objects.filter(district_id__in=district_ids).delete()  # questions, responses, respondents go along
    ListeningSession.objects.filter(district_id__in=district_ids).delete()
    Theme.objects.filter(district_id__in=district_ids).delete()


def delete_indicators(district_ids: list[int]) -> None:
    ReviewAction.objects.filter(district_id__in=district_ids).delete()
    Review.objects.filter(district_id__in=district_ids).delete()
    Celebration.objects.filter(district_id__in=district_ids).delete()
    PracticeLog.objects.filter(district_id__in=district_ids).delete()
    Value.objects.filter(district_id__in=district_ids).delete()
    PublishedRelease.objects.filter(district_id__in=district_ids).delete()
    Period.objects.filter(district_id__in=district_ids).delete()
    Indicator.objects.filter(district_id__in=district_ids).delete()


def delete_casework(district_ids: list[int]) -> None:
    """Referrals, consents (and their scans) and disclosure records, which the app itself never deletes."""
    FamilyAsk.objects.filter(district_id__in=district_ids).delete()
    ConsentRequest.objects.filter(district_id__in=district_ids).delete()
    Referral.objects.filter(district_id__in=district_ids).delete()
    scans = Consent.objects.filter(district_id__in=district_ids).exclude(scan="").values_list("scan", flat=True)
    for name in scans:
        default_storage.delete(name)
    # Append-only in the product; the demo reset is the one place that removes them, bypassing the guard.
    for model in (DisclosureRecord, OtherLegalBasis, Consent):
        rows = model.objects.filter(district_id__in=district_ids)
        rows._raw_delete(rows.db)
    Consent.history.filter(district_id__in=district_ids).delete()
    OtherLegalBasis.history.filter(district_id__in=district_ids).delete()
    RosterSync.objects.filter(district_id__in=district_ids).delete()
