"""A clinic service near Lincoln, a tutoring need for Layla, and a referral under Amina's consent."""

from __future__ import annotations

import uuid
from html.parser import HTMLParser
from typing import Any

from conftest import World


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


class _FormReader(HTMLParser):
    """The values a browser would post for the first form whose action ends with `action` (with no
    `action`, the first form posting to its own page)."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action = action
        self.inside = False
        self.done = False
        self.values: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def _add(self, name: str | None, value: str | None) -> None:
        if name:
            self.values.setdefault(name, []).append(value or "")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        target = a.get("action")
        matches = target is None if not self.action else (target or "").endswith(self.action)
        if tag == "form" and not self.done and matches:
            self.inside = True
        if not self.inside:
            return
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button"):
                self._add(a.get("name"), a.get("value") or ("on" if kind == "checkbox" else ""))
        elif tag == "textarea":
            self._textarea = a.get("name")
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self._add(self._select, a.get("value"))

    def handle_data(self, data: str) -> None:
        if self.inside and self._textarea:
            self._add(self._textarea, data.strip("\n"))
            self._textarea = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.inside:
            self.inside, self.done = False, True
        elif tag == "textarea" and self._textarea:
            self._add(self._textarea, "")
            self._textarea = None
        elif tag == "select":
            self._select = None


def served_form(html: str, action: str = "") -> dict[str, list[str]]:
    """What posting the form exactly as served sends (its hidden, ticked, selected and typed values)."""
    reader = _FormReader(action)
    reader.feed(html)
    return reader.values


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
