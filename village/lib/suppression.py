"""Small-number suppression: the one place every public or partner-facing figure passes through.

Rules (DOMAIN.md, "Small numbers stay private"):

- Primary: a count of 1 to N-1 students is suppressed (N is settings.VILLAGE_SMALL_N, default
  10). A true zero is published: it says nobody, and hides no one.
- Complementary: a table is published with its row and column totals and grand total. Those
  totals are linear equations over the cells, so a lone suppressed cell in a line could be
  worked back by subtraction, and subtler combinations (across rows and columns) too. After
  primary suppression we solve the equations exactly (rational Gaussian elimination) and, while
  any suppressed cell is still determined by the published figures, suppress one more cell (the
  smallest positive published cell sharing a line with it). The loop ends because each round
  suppresses one more of finitely many cells.
- Rates: a rate whose denominator is below N is suppressed; one whose numerator, or whose
  complement (denominator - numerator), is 1 to N-1 is bottom- or top-coded ("fewer than 10",
  "all but fewer than 10"), so neither the few who did nor the few who did not can be counted.
  The code's words are the same whatever the denominator: a threshold such as "< 21%" (100·N/d
  rounded up) would tell the denominator to within a student or two (issue #16).

- Intervals: then, while linear programming (HiGHS) bounds a small count to an interval
  narrower than N/2 (from the totals and non-negativity), one more cell is suppressed the same way.

A suppressed figure is never shown as zero: its display is "*", with the reason in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import ceil, floor

from django.conf import settings
from django.utils.translation import gettext as _

SUPPRESSED = "*"


@dataclass(frozen=True)
class Cell:
    value: int | None  # None when suppressed
    reason: str = ""  # "", "small" (primary) or "complementary"

    @property
    def suppressed(self) -> bool:
        return self.value is None

    def display(self) -> str:
        return SUPPRESSED if self.value is None else f"{self.value:,}"


@dataclass(frozen=True)
class SuppressedTable:
    """`cells[r][c]`, `row_totals[r]`, `column_totals[c]` and `grand_total`, each published or suppressed."""

    cells: list[list[Cell]]
    row_totals: list[Cell]
    column_totals: list[Cell]
    grand_total: Cell

    def suppressed_count(self) -> int:
        every = [c for row in self.cells for c in row] + self.row_totals + self.column_totals + [self.grand_total]
        return sum(c.suppressed for c in every)


def small_n() -> int:
    return int(settings.VILLAGE_SMALL_N)


def is_small(count: int, n: int) -> bool:
    return 0 < count < n


def suppress_table(
    counts: Sequence[Sequence[int]], n: int | None = None, hidden_row_totals: Sequence[int] = ()
) -> SuppressedTable:
    """Suppress a table of counts published with its row, column and grand totals.

    `hidden_row_totals` names row totals another published table already hides (the same totals
    broken down another way): they start suppressed here, so this table cannot give them away."""
    n = small_n() if n is None else n
    rows = [list(r) for r in counts]
    if not rows or not rows[0]:
        return SuppressedTable([], [], [], Cell(0))
    width = len(rows[0])
    if any(len(r) != width for r in rows):
        raise ValueError("Every row needs the same number of cells.")
    if any(v < 0 for r in rows for v in r):
        raise ValueError("Counts cannot be negative.")

    # Every published figure is an entry of one grid: cells, then row totals, column totals, grand total.
    height = len(rows)
    values = [v for r in rows for v in r]
    values += [sum(r) for r in rows]
    values += [sum(r[c] for r in rows) for c in range(width)]
    values.append(sum(values[: height * width]))

    def cell(r: int, c: int) -> int:
        return r * width + c

    def row_total(r: int) -> int:
        return height * width + r

    def col_total(c: int) -> int:
        return height * width + height + c

    grand = len(values) - 1

    lines: list[list[int]] = []  # each: entries that sum to the line's last entry
    for r in range(height):
        lines.append([*(cell(r, c) for c in range(width)), row_total(r)])
    for c in range(width):
        lines.append([*(cell(r, c) for r in range(height)), col_total(c)])
    lines.append([*(row_total(r) for r in range(height)), grand])
    lines.append([*(col_total(c) for c in range(width)), grand])

    reasons = {i: "small" for i, v in enumerate(values) if is_small(v, n)}
    for r in hidden_row_totals:
        reasons.setdefault(row_total(r), "complementary")
    totals = set(range(height * width, len(values)))
    while True:
        # Cheap pass first: a line with exactly one suppressed entry gives it away by subtraction.
        lonely = [line for line in lines if sum(i in reasons for i in line) == 1]
        if lonely:
            targets = [next(i for i in line if i in reasons) for line in lonely[:1]]
        else:
            # Then the exact test catches combinations across lines.
            targets = _determined(set(reasons), lines, len(values))[:1]
        if not targets:
            # Then intervals: no small count bounded to fewer than N/2 + 1 values (issue #16).
            narrow = _narrowed(reasons, lines, values, n)
            targets = [] if narrow is None else [narrow]
        if not targets:
            break
        extra = _complement_for(targets[0], reasons, lines, values, totals)
        if extra is None:
            break  # every entry in its lines is already suppressed
        reasons[extra] = "complementary"

    def out(i: int) -> Cell:
        return Cell(None, reasons[i]) if i in reasons else Cell(values[i])

    return SuppressedTable(
        cells=[[out(cell(r, c)) for c in range(width)] for r in range(height)],
        row_totals=[out(row_total(r)) for r in range(height)],
        column_totals=[out(col_total(c)) for c in range(width)],
        grand_total=out(grand),
    )


def _complement_for(
    target: int, reasons: dict[int, str], lines: list[list[int]], values: list[int], totals: set[int]
) -> int | None:
    """The entry to suppress next beside `target`.

    Prefer inner cells to totals, cells that also mend another line left with one suppression
    (so patterns close into rectangles), then the smallest positive count (zeros hide nothing).
    """
    exposed = [line for line in lines if sum(i in reasons for i in line) == 1]
    candidates = {i for line in lines if target in line for i in line if i not in reasons}
    if not candidates:
        return None

    def cost(i: int) -> tuple[bool, int, bool, int, int]:
        mends = sum(i in line for line in exposed)
        return (i in totals, -mends, values[i] == 0, values[i], i)

    return min(candidates, key=cost)


def _narrowed(reasons: dict[int, str], lines: list[list[int]], values: list[int], n: int) -> int | None:
    """The first small count the published entries bound to an interval narrower than N/2, by
    linear programming (HiGHS through SciPy): each line sums to its last entry, published entries
    are known, a hidden entry is whole and at least 1 (or 0 when it is 0: a reader may take "*"
    to mean "some")."""
    small = [i for i, why in reasons.items() if why == "small"]
    if not small:
        return None
    import numpy as np
    from scipy.optimize import linprog

    size = len(values)
    equalities = np.zeros((len(lines), size))
    for r, line in enumerate(lines):
        *parts, total = line
        for p in parts:
            equalities[r, p] += 1
        equalities[r, total] -= 1
    bounds = [(min(1, values[i]), None) if i in reasons else (values[i], values[i]) for i in range(size)]
    for i in sorted(small):
        ends = []
        for sign in (1.0, -1.0):
            objective = np.zeros(size)
            objective[i] = sign
            found = linprog(objective, A_eq=equalities, b_eq=np.zeros(len(lines)), bounds=bounds, method="highs")
            if found.status == 3:
                ends.append(-sign * float("inf"))
            elif found.status != 0 or found.fun is None:
                return i  # no proof either way: protect it further
            else:
                ends.append(sign * float(found.fun))
        if ends[1] == float("inf"):
            continue
        if floor(ends[1] + 1e-6) - ceil(ends[0] - 1e-6) < n / 2:
            return i
    return None


def _determined(unknowns: set[int], lines: list[list[int]], size: int) -> list[int]:
    """Suppressed entries whose value the published entries fix exactly.

    Each line says: sum of its entries except the last = its last entry. Moving the published
    entries to the right-hand side leaves a linear system over the unknowns; an unknown is
    determined when it is a pivot of the reduced row echelon form whose row has no free column.
    """
    if not unknowns:
        return []
    order = sorted(unknowns)
    index = {u: k for k, u in enumerate(order)}
    matrix: list[list[Fraction]] = []
    for line in lines:
        *parts, total = line
        row = [Fraction(0)] * len(order)
        for p in parts:
            if p in index:
                row[index[p]] += 1
        if total in index:
            row[index[total]] -= 1
        if any(row):
            matrix.append(row)
    pivots = _rref(matrix, len(order))
    free = set(range(len(order))) - {col for col, _ in pivots}
    return [order[col] for col, r in pivots if all(matrix[r][f] == 0 for f in free)]


def _rref(matrix: list[list[Fraction]], columns: int) -> list[tuple[int, int]]:
    """Reduce `matrix` in place; return (pivot column, row) pairs."""
    pivots: list[tuple[int, int]] = []
    r = 0
    for col in range(columns):
        pivot = next((i for i in range(r, len(matrix)) if matrix[i][col] != 0), None)
        if pivot is None:
            continue
        matrix[r], matrix[pivot] = matrix[pivot], matrix[r]
        lead = matrix[r][col]
        matrix[r] = [v / lead for v in matrix[r]]
        for i in range(len(matrix)):
            if i != r and matrix[i][col] != 0:
                factor = matrix[i][col]
                matrix[i] = [a - factor * b for a, b in zip(matrix[i], matrix[r], strict=True)]
        pivots.append((col, r))
        r += 1
        if r == len(matrix):
            break
    return pivots


@dataclass(frozen=True)
class Rate:
    display: str  # "42%", "fewer than 10", "all but fewer than 10" or "*"
    value: float | None  # the exact rate when published as is
    reason: str = ""  # "", "small_denominator", "bottom_coded", "top_coded"


def bottom_code(n: int) -> Rate:
    return Rate(_("fewer than %(n)s") % {"n": n}, None, "bottom_coded")


def top_code(n: int) -> Rate:
    return Rate(_("all but fewer than %(n)s") % {"n": n}, None, "top_coded")


def suppress_rate(numerator: int, denominator: int, n: int | None = None, *, sized_codes: bool = False) -> Rate:
    """A percentage safe to publish: suppressed or top/bottom-coded when few students are behind it.

    `sized_codes` prints the codes as before releases ("< 21%"), whose threshold gives the
    denominator away: only the test-only seam of `village.indicators.release` asks for them."""
    n = small_n() if n is None else n
    if denominator < 0 or numerator < 0 or numerator > denominator:
        raise ValueError("A rate needs 0 <= numerator <= denominator.")
    if denominator < n:
        return Rate(SUPPRESSED, None, "small_denominator")
    threshold = 100 * n / denominator
    if is_small(numerator, n):
        return Rate(f"< {ceil(threshold)}%", None, "bottom_coded") if sized_codes else bottom_code(n)
    if is_small(denominator - numerator, n):
        return Rate(f"> {floor(100 - threshold)}%", None, "top_coded") if sized_codes else top_code(n)
    value = numerator / denominator
    return Rate(f"{round(100 * value)}%", value)


def suppress_measure(value: float, students: int, text: str, n: int | None = None) -> Rate:
    """A figure that is not a share of students (an average wait, a count per 100 students),
    published as `text` only when at least N students are behind it."""
    n = small_n() if n is None else n
    if students < n:
        return Rate(SUPPRESSED, None, "small_denominator")
    return Rate(text, value)
