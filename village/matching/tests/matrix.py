"""Who reaches each matching page (merged into tests/test_authorization_matrix.py).

Layla's need at Lincoln: its school staff (Dana, Rosa; Sam teaches her) and her mother Amina see
the services that fit. Seats are shared by Lincoln's coordinator and the district's lead.
"""

from __future__ import annotations

from typing import Any

from conftest import World
from tests.matrix_support import Page
from village.matching.models import AllocationRun
from village.referrals.tests.helpers import layla_need


def lincoln_allocation(w: World) -> AllocationRun:
    return AllocationRun.objects.create(district=w.riverbend, school=w.lincoln, created_by=w.rosa)


def _need(w: World) -> dict[str, Any]:
    return {"pk": layla_need(w).pk}


PAGES: dict[str, Page] = {
    "matching:match": Page(kwargs=_need, allowed=("dana", "rosa", "sam", "amina")),
    "matching:allocation_new": Page(kwargs=lambda w: {"pk": w.lincoln.pk}, allowed=("dana", "rosa")),
    "matching:allocation": Page(kwargs=lambda w: {"pk": lincoln_allocation(w).pk}, allowed=("dana", "rosa")),
    "matching:allocation_approve": Page(kwargs=lambda w: {"pk": 1}, method="POST"),
    # The gap map: district leads for their districts' schools, coordinators for their own.
    "matching:gaps": Page(allowed=("dana", "rosa", "omar")),
    "matching:gaps_csv": Page(allowed=("dana", "rosa", "omar")),
}
