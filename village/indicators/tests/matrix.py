"""Who reaches each indicators page (merged into tests/test_authorization_matrix.py).

Dana leads Riverbend: she sets up the framework and sees every school. Lincoln's coordinator
(Rosa), educator (Sam) and council member (Grace) see Lincoln's dashboard; Rosa and Sam log
practices. Omar coordinates a school in another district. Public reports need no account.
"""

from __future__ import annotations

from typing import Any

from conftest import World
from tests.matrix_support import ALL_SIGNED_IN, Page


def _indicator(w: World) -> dict[str, Any]:
    from village.indicators.actions import ensure_starter
    from village.indicators.models import Indicator

    ensure_starter(w.riverbend)
    return {"slug": "riverbend", "pk": Indicator.objects.filter(district=w.riverbend).first().pk}  # type: ignore[union-attr]


def lincoln_review(w: World) -> Any:
    import datetime as dt

    from village.indicators.actions import ensure_starter
    from village.indicators.models import Indicator, Period, Review

    ensure_starter(w.riverbend)
    period, _ = Period.objects.get_or_create(
        district=w.riverbend, label="Q1", defaults={"starts": dt.date(2026, 7, 1), "ends": dt.date(2026, 9, 30)}
    )
    review, _ = Review.objects.get_or_create(
        indicator=Indicator.objects.get(district=w.riverbend, code="attendance"),
        period=period,
        school=w.lincoln,
        group="english_learner",
        defaults={"district": w.riverbend, "reason": "gap", "due": dt.date(2026, 12, 1)},
    )
    return review


RIVERBEND = {"slug": "riverbend"}
LINCOLN_BOARD = ("dana", "rosa", "sam", "grace")

PAGES: dict[str, Page] = {
    "indicators:framework": Page(kwargs=lambda w: RIVERBEND, allowed=("dana",)),
    "indicators:indicator_new": Page(kwargs=lambda w: RIVERBEND, allowed=("dana",)),
    "indicators:indicator_edit": Page(kwargs=_indicator, allowed=("dana",)),
    "indicators:indicator_translate": Page(kwargs=lambda w: {**_indicator(w), "language": "ar"}, allowed=("dana",)),
    "indicators:period_new": Page(kwargs=lambda w: RIVERBEND, allowed=("dana",)),
    "indicators:refresh": Page(kwargs=lambda w: RIVERBEND, method="POST"),
    "indicators:import": Page(kwargs=lambda w: RIVERBEND, allowed=("dana",)),
    "indicators:import_attendance": Page(kwargs=lambda w: RIVERBEND, allowed=("dana",)),
    "indicators:dashboard": Page(kwargs=lambda w: RIVERBEND, allowed=("dana",)),
    "indicators:dashboard_csv": Page(kwargs=lambda w: RIVERBEND, allowed=("dana",)),
    "indicators:celebration_new": Page(kwargs=lambda w: RIVERBEND, allowed=("dana",)),
    "indicators:school_dashboard": Page(kwargs=lambda w: {"pk": w.lincoln.pk}, allowed=LINCOLN_BOARD),
    "indicators:school_dashboard_csv": Page(kwargs=lambda w: {"pk": w.lincoln.pk}, allowed=LINCOLN_BOARD),
    "indicators:practice": Page(kwargs=lambda w: {"pk": w.lincoln.pk}, allowed=("rosa", "sam")),
    "indicators:partner_dashboard": Page(kwargs=lambda w: {"pk": w.clinic.pk}, allowed=("mai",)),
    # Everyone signed in has a list of the reviews they take part in (often empty).
    "indicators:reviews": Page(allowed=ALL_SIGNED_IN),
    "indicators:review": Page(kwargs=lambda w: {"pk": lincoln_review(w).pk}, allowed=("dana", "rosa")),
    "indicators:review_action_add": Page(kwargs=lambda w: {"pk": 1}, method="POST"),
    "indicators:review_action_done": Page(kwargs=lambda w: {"pk": 1, "action_pk": 1}, method="POST"),
    "indicators:review_close": Page(kwargs=lambda w: {"pk": 1}, method="POST"),
}
