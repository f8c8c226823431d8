"""Who may reach each families page and API operation (merged into tests/test_authorization_matrix.py)."""

from __future__ import annotations

from typing import Any

from conftest import World
from tests.matrix_support import ALL_SIGNED_IN, Page

# Layla (Amina's daughter) is in Lincoln; Sam is assigned to her as her teacher.
LAYLA_STAFF = ("dana", "rosa", "sam")
LAYLA_ALL = ("dana", "rosa", "sam", "amina")
SCHOOL_LEADS = ("dana", "rosa")


def _layla(w: World) -> dict[str, Any]:
    from village.families.models import EducatorAssignment

    EducatorAssignment.objects.get_or_create(
        educator=w.sam, student=w.layla, defaults={"district": w.riverbend, "role": "teacher"}
    )
    return {"pk": w.layla.pk}


def _consent(w: World) -> dict[str, Any]:
    from village.families.tests.helpers import make_consent

    _layla(w)
    return {"pk": make_consent(w).pk}


def _paper_consent(w: World) -> dict[str, Any]:
    from django.core.files.base import ContentFile

    from village.families.tests.helpers import PNG_BYTES, make_consent

    _layla(w)
    consent = make_consent(w, method="paper")
    consent.scan.save("consent-scan.png", ContentFile(PNG_BYTES))
    return {"pk": consent.pk}


def _need(w: World) -> dict[str, Any]:
    from village.families.models import Need

    _layla(w)
    need = Need.objects.create(
        district=w.riverbend, school=w.lincoln, student=w.layla, category="tutoring", source="family"
    )
    return {"pk": need.pk}


def _conversation(w: World) -> dict[str, Any]:
    from village.messaging.models import Conversation

    found = Conversation.objects.create(
        district=w.riverbend, school=w.lincoln, household=w.household, subject="Bus times", started_by=w.rosa
    )
    return {"pk": found.pk}


def _group_message(w: World) -> dict[str, Any]:
    from village.families.models import GroupMessage

    # The same record for every page that needs one (the axe sweep asks once per reader).
    found, _created = GroupMessage.objects.get_or_create(
        token="matrix",
        defaults={"district": w.riverbend, "school": w.lincoln, "author": w.rosa, "group": "all", "written_in": "en"},
    )
    return {"pk": found.pk}


def _hassan(w: World) -> dict[str, Any]:
    return {"pk": w.household.pk}


def _guardian(w: World) -> dict[str, Any]:
    from village.families.models import Guardian

    guardian, _created = Guardian.objects.get_or_create(
        district=w.riverbend,
        sourced_id="g-matrix",
        defaults={"household": w.household, "given_name": "Omar", "family_name": "Hassan", "relationship": "parent"},
    )
    return {"pk": guardian.pk}


def _letter(w: World) -> dict[str, Any]:
    from village.families.actions import invite_guardian
    from village.families.models import Guardian

    guardian = Guardian.objects.get(pk=_guardian(w)["pk"])
    return {"pk": invite_guardian(w.rosa, guardian, channel="letter").pk}


def _batch(w: World) -> dict[str, Any]:
    from village.families.models import FamilyInvitation, InvitationBatch

    batch = InvitationBatch.objects.create(
        district=w.riverbend, school=w.lincoln, status="applied", households=[w.household.pk]
    )
    FamilyInvitation.objects.filter(pk=_letter(w)["pk"]).update(batch=batch)
    return {"pk": batch.pk}


def _member(w: World) -> dict[str, Any]:
    from village.families.models import HouseholdMember

    return {"pk": HouseholdMember.objects.get(user=w.amina).pk}


PAGES: dict[str, Page] = {
    "families:profile": Page(allowed=("amina",)),
    "families:mobile": Page(allowed=("amina",)),
    "families:privacy": Page(public=True, allowed=ALL_SIGNED_IN),
    "families:student": Page(kwargs=_layla, allowed=LAYLA_ALL),
    "families:plan_edit": Page(kwargs=_layla, allowed=LAYLA_ALL),
    "families:goal_add": Page(kwargs=_layla, allowed=LAYLA_ALL),
    "families:need_add": Page(kwargs=_layla, allowed=LAYLA_ALL),
    "families:need_status": Page(kwargs=_need, allowed=LAYLA_ALL),
    "families:consents": Page(kwargs=_layla, allowed=LAYLA_ALL),
    "families:consent_new": Page(kwargs=_layla, allowed=("amina",)),
    "families:consent_paper": Page(kwargs=_layla, allowed=SCHOOL_LEADS),
    "families:consent_scan": Page(kwargs=_paper_consent, allowed=LAYLA_ALL),
    "families:consent_withdraw": Page(kwargs=_consent, allowed=("dana", "rosa", "amina")),
    "families:legal_basis_new": Page(kwargs=_layla, allowed=SCHOOL_LEADS),
    "families:legal_basis_end": Page(kwargs=lambda w: {"pk": 1}, method="POST"),
    "families:directory_opt_out": Page(kwargs=_layla, method="POST"),
    "families:disclosures": Page(kwargs=_layla, allowed=LAYLA_ALL),
    "families:share": Page(kwargs=_layla, allowed=SCHOOL_LEADS),
    "families:school_students": Page(kwargs=lambda w: {"pk": w.lincoln.pk}, allowed=LAYLA_STAFF),
    "families:needs_registry": Page(kwargs=lambda w: {"pk": w.lincoln.pk}, allowed=SCHOOL_LEADS),
    "families:needs_bulk": Page(kwargs=lambda w: {"pk": w.lincoln.pk}, allowed=SCHOOL_LEADS),
    "families:disclosure_export": Page(kwargs=lambda w: {"slug": w.riverbend.slug}, allowed=("dana",)),
    "families:roster": Page(kwargs=lambda w: {"slug": w.riverbend.slug}, allowed=("dana",)),
    "families:roster_sync": Page(kwargs=lambda w: {"pk": _sync(w)}, allowed=("dana",)),
    # Family accounts: the school's coordinators and the district's leads invite and link families
    # (the Hassans: Layla attends Lincoln); anyone may open a claim page (a code is the key).
    "families:school_families": Page(kwargs=lambda w: {"pk": w.lincoln.pk}, allowed=SCHOOL_LEADS),
    "families:invite_families": Page(kwargs=lambda w: {"pk": w.lincoln.pk}, method="POST"),
    "families:invitation_batch": Page(kwargs=_batch, allowed=SCHOOL_LEADS),
    "families:batch_letters": Page(kwargs=_batch, allowed=SCHOOL_LEADS),
    "families:school_conversations": Page(kwargs=lambda w: {"pk": w.lincoln.pk}, allowed=SCHOOL_LEADS),
    "families:conversation": Page(kwargs=_conversation, allowed=("dana", "rosa", "amina")),
    "families:conversation_close": Page(kwargs=_conversation, method="POST"),
    "families:family_conversations": Page(allowed=("amina",)),
    "families:school_group_messages": Page(kwargs=lambda w: {"pk": w.lincoln.pk}, allowed=SCHOOL_LEADS),
    "families:group_message": Page(kwargs=_group_message, allowed=SCHOOL_LEADS),
    "families:letters": Page(kwargs=lambda w: {"pk": w.lincoln.pk}, allowed=SCHOOL_LEADS),
    # No letter waits in the matrix's world: the PDF answers 404 to everyone (tested in test_letters.py).
    "families:letters_pdf": Page(kwargs=lambda w: {"pk": w.lincoln.pk}),
    "families:letters_printed": Page(kwargs=lambda w: {"pk": w.lincoln.pk}, method="POST"),
    "families:letters_by_email": Page(kwargs=lambda w: {"pk": w.lincoln.pk}, method="POST"),
    "families:household": Page(kwargs=_hassan, allowed=SCHOOL_LEADS),
    "families:member_add": Page(kwargs=_hassan, allowed=SCHOOL_LEADS),
    "families:member_remove": Page(kwargs=_member, method="POST"),
    "families:invite_guardian": Page(kwargs=_guardian, method="POST"),
    "families:invitation_letter": Page(kwargs=_letter, allowed=SCHOOL_LEADS),
    "families:invitation_withdraw": Page(kwargs=_letter, method="POST"),
    "families:claim_start": Page(public=True, allowed=ALL_SIGNED_IN),
    "families:claim": Page(kwargs=lambda w: {"code": "ABCDEFGHJKMN"}, public=True, allowed=ALL_SIGNED_IN),
}


def _sync(w: World) -> int:
    from village.families.models import RosterSync

    sync = RosterSync.objects.create(
        district=w.riverbend, stored_path="roster/test.zip", filename="test.zip", status="checked"
    )
    return sync.pk


API_OPERATIONS: dict[tuple[str, str], Any] = {
    ("GET", "/api/v1/disclosures"): ("dana",),
}
