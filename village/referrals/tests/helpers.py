"""A clinic service near Lincoln, a tutoring need for Layla, and a referral under Amina's consent."""

from __future__ import annotations

import uuid
from typing import Any

from conftest import World
from tests.served_forms import served_forms


def lincoln_located(w: World) -> None:
    w.lincoln.latitude, w.lincoln.longitude = 41.88, -87.63
    w.lincoln.save()


def clinic_tutoring(w: World, **fields: Any) -> Any:
    from village.directory.models import Service
    from village.directory.tests.factories import add_service, need_terms

    found = Service.objects.filter(name__en="Clinic homework club").first()
    if found is not None:
        return found
    tutoring = next(t for t in need_terms() if t.code == "tutoring")
    values: dict[str, Any] = {
        "slots": ((2, 17, 19),),
        "languages": ("ar", "en"),
        "seats_total": 10,
        "seats_available": 2,
    }
    values.update(fields)
    return add_service(
        w.clinic, name="Clinic homework club", latitude=41.885, longitude=-87.63, categories=[tutoring], **values
    )


def layla_need(w: World) -> Any:
    from village.families.models import EducatorAssignment, Need

    EducatorAssignment.objects.get_or_create(
        educator=w.sam, student=w.layla, defaults={"district": w.riverbend, "role": "teacher"}
    )
    lincoln_located(w)
    need = Need.objects.filter(student=w.layla, category="tutoring").first()
    return need or Need.objects.create(
        district=w.riverbend, school=w.lincoln, student=w.layla, category="tutoring", source="family"
    )


def layla_referral(w: World) -> Any:
    from village.families.tests.helpers import make_consent
    from village.referrals.actions import refer
    from village.referrals.models import Referral

    found = Referral.objects.filter(student=w.layla).first()
    if found is not None:
        return found
    need = layla_need(w)
    make_consent(w)
    return refer(
        w.rosa, w.layla, clinic_tutoring(w), elements=["name", "grade"], need=need, submission_key=uuid.uuid4().hex
    )


def served_form(html: str, action: str = "") -> dict[str, list[str]]:
    """What posting the first POST form whose action ends with `action` (with no `action`, the first
    posting to its own page) exactly as served sends, as the test client's post data (read by
    `tests.served_forms`; the CSRF token and the submit button left out)."""
    for form in served_forms(html):
        if form.method == "post" and (form.action.endswith(action) if action else not form.action):
            data: dict[str, list[str]] = {}
            for name, value in form.data:
                if name != "csrfmiddlewaretoken":
                    data.setdefault(name, []).append(value)
            return data
    raise AssertionError(f"no POST form for {action!r}")


def layla_consent_request(w: World, **options: Any) -> Any:
    """Rosa asked Amina to let the clinic's homework club receive Layla's name and grade."""
    from village.referrals.actions import request_consent
    from village.referrals.models import ConsentRequest

    found = ConsentRequest.objects.filter(student=w.layla).first()
    if found is not None:
        return found
    return request_consent(
        w.rosa, w.layla, clinic_tutoring(w), elements=["name", "grade"], need=layla_need(w), **options
    )
