"""Who reaches every partnerships page and API operation.

The fixture partnership `clinic_partnership` links Lincoln Elementary (Riverbend) with
Northside Family Health Clinic: Dana (district lead) and Rosa (Lincoln's coordinator) are its
school side, Mai (clinic staff) its partner side. Pat (another organization), Omar (another
district), educators, families, students and council members never see it.
"""

from __future__ import annotations

from typing import Any

from conftest import World
from tests.matrix_support import Page

SIDES = ("dana", "rosa", "mai")
SCHOOL_SIDE = ("dana", "rosa")
LEAD = ("dana",)


def clinic_partnership(w: World) -> Any:
    from village.partnerships.models import Partnership, PartnershipOrganization

    found = Partnership.objects.filter(name="Lincoln health partnership").first()
    if found is None:
        found = Partnership.objects.create(
            district=w.riverbend, name="Lincoln health partnership", partner_type="health", shared_goals="Healthy kids"
        )
        found.schools.add(w.lincoln)
        PartnershipOrganization.objects.create(partnership=found, organization=w.clinic, signer=w.mai)
        found.school_signer = w.rosa
        found.save()
    return found


def clinic_agreement(w: World) -> Any:
    import datetime

    from village.partnerships.models import Agreement, AgreementVersion

    p = clinic_partnership(w)
    agreement = Agreement.objects.filter(partnership=p).first()
    if agreement is None:
        agreement = Agreement.objects.create(partnership=p, district=w.riverbend, title="Clinic MOU")
        AgreementVersion.objects.create(
            agreement=agreement,
            number=1,
            purpose="p",
            school_roles="s",
            partner_roles="r",
            decision_authority="d",
            start_date=datetime.date(2026, 1, 1),
            end_date=datetime.date(2027, 6, 30),
        )
    return agreement


def clinic_task(w: World) -> Any:
    import datetime

    from village.partnerships.models import PlanTask

    p = clinic_partnership(w)
    task = PlanTask.objects.filter(partnership=p).first()
    if task is None:
        task = PlanTask.objects.create(
            partnership=p, title="Book the room", owner=w.rosa, due_date=datetime.date(2026, 3, 1)
        )
    return task


def _p(w: World) -> dict[str, Any]:
    return {"pk": clinic_partnership(w).pk}


def _a(w: World) -> dict[str, Any]:
    return {"pk": clinic_agreement(w).pk}


PAGES: dict[str, Page] = {
    "partnerships:list": Page(allowed=("dana", "rosa", "mai", "omar", "pat")),
    # Partner staff propose partnerships to districts in their organization's region.
    "partnerships:create": Page(kwargs=lambda w: {"slug": w.riverbend.slug}, allowed=(*SCHOOL_SIDE, "mai", "pat")),
    "partnerships:detail": Page(kwargs=_p, allowed=SIDES),
    "partnerships:edit": Page(kwargs=_p, allowed=SCHOOL_SIDE),
    "partnerships:partner_side": Page(
        kwargs=lambda w: {"pk": clinic_partnership(w).pk, "organization_pk": w.clinic.pk}, allowed=SIDES
    ),
    "partnerships:status": Page(kwargs=_p, method="POST"),
    "partnerships:agreement_create": Page(kwargs=_p, allowed=SIDES),
    "partnerships:agreement": Page(kwargs=_a, allowed=SIDES),
    "partnerships:agreement_revise": Page(kwargs=_a, allowed=SIDES),
    "partnerships:agreement_sign": Page(kwargs=lambda w: {**_a(w), "number": 1}, method="POST"),
    "partnerships:agreement_print": Page(kwargs=_a, allowed=SIDES),
    "partnerships:agreement_pdf": Page(kwargs=_a, allowed=SIDES),
    "partnerships:plan": Page(kwargs=_p, allowed=SIDES),
    "partnerships:task_edit": Page(kwargs=lambda w: {"pk": clinic_task(w).pk}, allowed=SCHOOL_SIDE),
    "partnerships:resources": Page(kwargs=_p, allowed=SIDES),
    "partnerships:funding": Page(kwargs=_p, allowed=SIDES),
    "partnerships:funding_mix": Page(kwargs=lambda w: {"slug": w.riverbend.slug}, allowed=LEAD),
    "partnerships:equity": Page(kwargs=lambda w: {"slug": w.riverbend.slug}, allowed=LEAD),
    "partnerships:import": Page(kwargs=lambda w: {"slug": w.riverbend.slug}, allowed=LEAD),
    "partnerships:export": Page(kwargs=lambda w: {"slug": w.riverbend.slug, "kind": "partnerships"}, allowed=LEAD),
}

API_OPERATIONS: dict[tuple[str, str], Any] = {
    ("GET", "/api/v1/partnerships"): ("dana", "rosa", "sam", "mai", "amina", "lucas", "grace", "omar", "pat"),
    ("GET", "/api/v1/partnerships/{partnership_id}"): SIDES,
}


def API_IDS(w: World) -> dict[str, Any]:
    return {"partnership_id": clinic_partnership(w).pk}
