"""The cells of a release (`village.indicators.release`) and the forms a hidden cell takes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from village.indicators.models import Indicator
from village.lib.suppression import SUPPRESSED, Rate
from village.orgs.models import School

NO_DATA = Rate("–", None, "no_data")
HIDDEN = Rate(SUPPRESSED, None, "small_denominator")
COMPLEMENTARY = "**"
PENDING = Rate("…", None, "pending")  # the period's first release is being published

Scope = frozenset[int]  # school ids published together
CellKey = tuple[int, Scope, str]  # indicator, scope, group


@dataclass(frozen=True)
class Counts:
    numerator: int
    denominator: int
    students: int


def complementary() -> Rate:
    return Rate(COMPLEMENTARY, None, "complementary")


@dataclass
class Release:
    district_id: int
    period_id: int
    cells: dict[CellKey, Rate] = field(default_factory=dict)
    scopes: tuple[Scope, ...] = ()
    audited_targets: int = 0
    solves: int = 0
    hidden_complementary: int = 0
    pending: bool = False  # nothing published yet: every cell reads PENDING
    current: bool = True  # built from the figures as they are now (False: the last one published)

    def get(self, indicator: Indicator, schools: Sequence[School], group: str) -> Rate:
        if self.pending:
            return PENDING
        scope = frozenset(s.pk for s in schools)
        if scope not in self.scopes:
            return complementary() if scope else NO_DATA  # never published: nothing to show
        return self.cells.get((indicator.pk, scope, group), NO_DATA)
