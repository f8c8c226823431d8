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


def _need(w: World) -> dict[str, Any]:
    from village.families.models import Need

    _layla(w)
    need = Need.objects.create(
        district=w.riverbend, school=w.lincoln, student=w.layla, category="tutoring", source="family"
    )
    return {"pk": need.pk}


PAGES: dict[str, Page] = {
    "families:profile": Page(allowed=("amina",)),
    "families:privacy": Page(public=True, allowed=ALL_SIGNED_IN),
    "families:student": Page(kwargs=_layla, allowed=LAYLA_ALL),
    "families:plan_edit": Page(kwargs=_layla, allowed=LAYLA_ALL),
    "families:goal_add": Page(kwargs=_layla, allowed=LAYLA_ALL),
    "families:need_add": Page(kwargs=_layla, allowed=LAYLA_ALL),
    "families:need_status": Page(kwargs=_need, allowed=LAYLA_ALL),
    "families:consents": Page(kwargs=_layla, allowed=LAYLA_ALL),
    "families:consent_new": Page(kwargs=_layla, allowed=("amina",)),
    "families:consent_paper": Page(kwargs=_layla, allowed=SCHOOL_LEADS),
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
