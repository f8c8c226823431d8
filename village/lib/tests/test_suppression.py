"""Small-number suppression: no suppressed figure can be worked back from what is published."""

from __future__ import annotations

import csv
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SHARED, skip_or_fail
from village.lib.suppression import SuppressedTable, suppress_rate, suppress_table

N = 10


def _rank(rows: list[list[Fraction]]) -> int:
    """Rank by plain Gaussian elimination (kept apart from the code under test on purpose)."""
    m = [r[:] for r in rows]
    rank = 0
    cols = len(m[0]) if m else 0
    for c in range(cols):
        pivot = next((i for i in range(rank, len(m)) if m[i][c] != 0), None)
        if pivot is None:
            continue
        m[rank], m[pivot] = m[pivot], m[rank]
        for i in range(rank + 1, len(m)):
            if m[i][c] != 0:
                f = m[i][c] / m[rank][c]
                m[i] = [a - f * b for a, b in zip(m[i], m[rank], strict=True)]
        rank += 1
    return rank


def recoverable(counts: list[list[int]], table: SuppressedTable) -> list[str]:
    """Suppressed entries a reader could compute exactly from the published ones and the totals' equations."""
    h, w = len(counts), len(counts[0])
    entries: dict[str, bool] = {}  # name -> suppressed?
    for r in range(h):
        for c in range(w):
            entries[f"c{r},{c}"] = table.cells[r][c].suppressed
        entries[f"r{r}"] = table.row_totals[r].suppressed
    for c in range(w):
        entries[f"k{c}"] = table.column_totals[c].suppressed
    entries["g"] = table.grand_total.suppressed
    equations = [[*(f"c{r},{c}" for c in range(w)), f"r{r}"] for r in range(h)]
    equations += [[*(f"c{r},{c}" for r in range(h)), f"k{c}"] for c in range(w)]
    equations += [[*(f"r{r}" for r in range(h)), "g"], [*(f"k{c}" for c in range(w)), "g"]]
    unknowns = [name for name, hidden in entries.items() if hidden]
    if not unknowns:
        return []
    matrix = []
    for eq in equations:
        *parts, total = eq
        matrix.append([Fraction((u in parts) - (u == total)) for u in unknowns])
    base = _rank(matrix)
    found = []
    for k, u in enumerate(unknowns):
        probe = [Fraction(int(j == k)) for j in range(len(unknowns))]
        if _rank([*matrix, probe]) == base:  # e_u lies in the row space: u is a combination of published figures
            found.append(u)
    return found


def check(counts: list[list[int]], table: SuppressedTable) -> None:
    for r, row in enumerate(counts):
        for c, value in enumerate(row):
            cell = table.cells[r][c]
            if 0 < value < N:
                assert cell.suppressed, (r, c, value)
            if not cell.suppressed:
                assert cell.value == value
            assert cell.display() != "0" or value == 0  # a suppressed cell is never shown as zero
    assert recoverable(counts, table) == []


tables = st.integers(1, 5).flatmap(
    lambda h: st.integers(1, 5).flatmap(
        lambda w: st.lists(
            st.lists(st.one_of(st.integers(0, 12), st.integers(10, 400)), min_size=w, max_size=w),
            min_size=h,
            max_size=h,
        )
    )
)


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_suppressed_value_can_be_recovered_from_published_ones(counts: list[list[int]]) -> None:
    check(counts, suppress_table(counts, N))


def test_a_lone_small_cell_takes_a_rectangle_of_complements_with_it() -> None:
    table = suppress_table([[50, 3, 40], [20, 30, 25], [15, 12, 60]], N)
    shown = [[c.display() for c in row] for row in table.cells]
    assert shown == [["50", "*", "*"], ["20", "30", "25"], ["15", "*", "*"]]
    assert [c.display() for c in table.row_totals] == ["93", "75", "87"]
    assert table.cells[0][1].reason == "small"
    assert table.cells[0][2].reason == "complementary"


def test_zeros_are_published_and_totals_below_n_are_suppressed() -> None:
    table = suppress_table([[0, 0], [0, 6]], N)
    assert table.cells[0][0].display() == "0"
    assert table.cells[1][1].suppressed
    assert table.grand_total.suppressed


@pytest.mark.parametrize(
    "numerator,denominator,shown",
    [
        (50, 200, "25%"),
        (3, 200, "fewer than 10"),
        (195, 200, "all but fewer than 10"),
        (5, 8, "*"),
        (0, 200, "0%"),
        (200, 200, "100%"),
    ],
)
def test_rates_are_suppressed_or_top_and_bottom_coded(numerator: int, denominator: int, shown: str) -> None:
    assert suppress_rate(numerator, denominator, N).display == shown


def test_the_setting_sets_the_threshold(settings: object) -> None:
    settings.VILLAGE_SMALL_N = 5  # type: ignore[attr-defined]
    assert not suppress_table([[7, 20]]).cells[0][0].suppressed
    assert suppress_table([[4, 20]]).cells[0][0].suppressed


IDEA = SHARED / "external" / "dataedu-idea-mps"
RACES = [
    "American Indian or Alaska Native Age 6 to21",
    "Asian Age 6 to21",
    "Black or African American Age 6 to21",
    "Hispanic/Latino Age 6 to21",
    "Native Hawaiian or Other Pacific Islander Age 6 to21",
    "Two or more races Age 6 to21",
    "White Age 6 to21",
]


def test_real_idea_child_counts_by_environment_and_race() -> None:
    """Each state's IDEA 2017-18 counts (ages 6-21, all disabilities), environment x race, as a public table."""
    source = IDEA / "idea_partb_childcount_edenv_2017_18.csv"
    if not source.exists():
        skip_or_fail(f"shared data missing: {source}")
    with source.open(newline="", encoding="utf-8") as handle:
        lines = handle.read().splitlines()[4:]
    reader = csv.DictReader(lines)
    by_state: dict[str, list[list[int]]] = {}
    for row in reader:
        if row.get("SEA Disability Category") != "All Disabilities" or not row.get("State Name"):
            continue
        values = [row[r] for r in RACES]
        if not all(v.isdigit() for v in values):
            continue  # "-" not available, "x" already suppressed by ED, "*" flagged
        by_state.setdefault(row["State Name"], []).append([int(v) for v in values])
    assert len(by_state) >= 40
    suppressed = published = 0
    for _state, counts in sorted(by_state.items())[:25]:
        table = suppress_table(counts, N)
        check(counts, table)
        suppressed += sum(c.suppressed for row in table.cells for c in row)
        published += sum(not c.suppressed for row in table.cells for c in row)
    assert suppressed > 0 and published > suppressed


def test_the_checker_catches_primary_suppression_alone() -> None:
    """Guard for the property test: hiding only the small cells leaves them recoverable."""
    from village.lib.suppression import Cell

    counts = [[50, 3], [20, 30]]
    naive = SuppressedTable(
        cells=[[Cell(50), Cell(None, "small")], [Cell(20), Cell(30)]],
        row_totals=[Cell(53), Cell(50)],
        column_totals=[Cell(70), Cell(33)],
        grand_total=Cell(103),
    )
    assert recoverable(counts, naive) == ["c0,1"]
