"""HiGHS as SciPy ships it, held between objectives (ten times quicker than `linprog` per call),
for the release audit (`village.indicators.audit`): the least value of an objective as a proven
bound, a whole solution's value, or whether a whole solution exists within bounds; SciPy's public
`linprog`/`milp` where that module is missing."""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csr_matrix

try:
    from scipy.optimize._highspy import _core
except ImportError:  # pragma: no cover
    _core = None

HIGHS = _core  # what the audit asks: whether the held solver is there


class HighsSolver:
    """HiGHS holding one block's model between objectives (as SciPy ships it); SciPy's public
    `linprog`/`milp` where that module is missing. A proven bound of the minimum, or why not."""

    def __init__(self, matrix: csr_matrix, low: np.ndarray, high: np.ndarray, whole: bool) -> None:
        self.whole = whole
        self.matrix, self.low, self.high = matrix, low, high
        self.highs: object | None = None
        self.integral = False  # whether the last optimum found is whole in every unknown
        if _core is not None:
            self.highs = held(self.matrix, self.low, self.high, whole)

    def minimum(self, c: np.ndarray) -> tuple[str, float]:
        if self.highs is None or _core is None:
            return self._scipy(c)
        highs = self.highs
        size = len(c)
        highs.changeColsCost(size, np.arange(size, dtype=np.int32), c)  # type: ignore[attr-defined]
        highs.run()  # type: ignore[attr-defined]
        status = highs.getModelStatus()  # type: ignore[attr-defined]
        info = highs.getInfo()  # type: ignore[attr-defined]
        kinds = _core.HighsModelStatus
        if status == kinds.kOptimal:
            x = np.asarray(highs.getSolution().col_value)  # type: ignore[attr-defined]
            self.integral = bool(np.all(np.abs(x - np.round(x)) < 1e-7))
            return "ok", float(info.objective_function_value)
        self.integral = False
        if status == kinds.kUnbounded:
            return "ok", -math.inf
        if status == kinds.kInfeasible:
            return "infeasible", math.inf
        if self.whole and status in (kinds.kTimeLimit, kinds.kIterationLimit, kinds.kSolutionLimit):
            bound = float(info.mip_dual_bound)
            return "ok", bound if math.isfinite(bound) else -math.inf
        return "unproven", math.nan

    def reached(self, c: np.ndarray) -> float:
        """The least c·x of a whole solution HiGHS finds (a solution, not a bound: infinity when
        it finds none)."""
        if self.highs is None or _core is None or not self.whole:
            return math.inf
        highs = self.highs
        size = len(c)
        highs.changeColsCost(size, np.arange(size, dtype=np.int32), c)  # type: ignore[attr-defined]
        highs.run()  # type: ignore[attr-defined]
        solution = highs.getSolution()  # type: ignore[attr-defined]
        if not solution.value_valid:
            return math.inf
        x = np.round(np.asarray(solution.col_value)[:size])
        return float(c @ x)

    def feasible(self, c: np.ndarray, low: float, high: float) -> float | str | None:
        """The value c·x of some whole solution with low <= c·x <= high, "infeasible" when there is
        none, None when that is not settled (limits reached, or HiGHS as SciPy ships it missing)."""
        if self.highs is None or _core is None or not self.whole:
            return None
        highs = self.highs
        size = len(c)
        columns = np.flatnonzero(c).astype(np.int32)
        highs.changeColsCost(size, np.arange(size, dtype=np.int32), np.zeros(size))  # type: ignore[attr-defined]
        infinity = _core.kHighsInf
        row_low = -infinity if math.isinf(low) else low - 1e-6
        row_high = infinity if math.isinf(high) else high + 1e-6
        highs.addRow(row_low, row_high, len(columns), columns, c[columns])  # type: ignore[attr-defined]
        try:
            highs.run()  # type: ignore[attr-defined]
            status = highs.getModelStatus()  # type: ignore[attr-defined]
            kinds = _core.HighsModelStatus
            if status == kinds.kInfeasible:
                return "infeasible"
            if status != kinds.kOptimal:
                return None
            x = np.round(np.asarray(highs.getSolution().col_value)[:size])  # type: ignore[attr-defined]
            return float(c @ x)
        finally:
            rows = highs.getNumRow()  # type: ignore[attr-defined]
            highs.deleteRows(1, np.array([rows - 1], dtype=np.int32))  # type: ignore[attr-defined]

    def _scipy(self, c: np.ndarray) -> tuple[str, float]:
        if self.whole:
            result = milp(
                c,
                constraints=LinearConstraint(self.matrix, self.low, self.high),
                integrality=np.ones(len(c)),
                bounds=Bounds(0, np.inf),
                options={"time_limit": MILP_SECONDS, "node_limit": MILP_NODES},
            )
            if result.status == 2:
                return "infeasible", math.inf
            bound = getattr(result, "mip_dual_bound", None)
            if bound is not None and math.isfinite(float(bound)):
                return "ok", float(bound)
            return ("ok", float(result.fun)) if result.status == 0 else ("unproven", math.nan)
        a_ub, b_ub = one_sided(self.matrix, self.low, self.high)
        found = linprog(c, A_ub=a_ub, b_ub=b_ub, bounds=(0, None), method="highs")
        self.integral = found.x is not None and bool(np.all(np.abs(found.x - np.round(found.x)) < 1e-7))
        if found.status == 2:
            return "infeasible", math.inf
        if found.status == 3:
            return "ok", -math.inf
        if found.status != 0 or found.fun is None:
            return "unproven", math.nan
        return "ok", float(found.fun)


MILP_NODES = 200  # as the test suite's attacker: the same answer on a busy machine
MILP_SECONDS = 10.0


def held(matrix: csr_matrix, low: np.ndarray, high: np.ndarray, whole: bool) -> object:
    assert _core is not None
    highs = _core._Highs()
    highs.setOptionValue("output_flag", False)
    if whole:
        highs.setOptionValue("mip_max_nodes", MILP_NODES)
        highs.setOptionValue("time_limit", MILP_SECONDS)
        # Symmetry detection costs more than it saves on these small, asymmetric programmes.
        highs.setOptionValue("mip_detect_symmetry", False)
    else:
        highs.setOptionValue("presolve", "off")  # each objective starts from the last basis
    lp = _core.HighsLp()
    rows, size = matrix.shape
    infinity = _core.kHighsInf
    lp.num_col_, lp.num_row_ = size, rows
    lp.col_cost_ = np.zeros(size)
    lp.col_lower_ = np.zeros(size)
    lp.col_upper_ = np.full(size, infinity)
    lp.row_lower_ = np.where(np.isinf(low), -infinity, low)
    lp.row_upper_ = np.where(np.isinf(high), infinity, high)
    columns = matrix.tocsc()
    lp.a_matrix_.format_ = _core.MatrixFormat.kColwise
    lp.a_matrix_.start_ = columns.indptr
    lp.a_matrix_.index_ = columns.indices
    lp.a_matrix_.value_ = columns.data
    lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = size, rows
    if whole:
        lp.integrality_ = [_core.HighsVarType.kInteger] * size
    highs.passModel(lp)
    return highs


def one_sided(matrix: csr_matrix, low: np.ndarray, high: np.ndarray) -> tuple[csr_matrix, np.ndarray]:
    """low <= A x <= high as A_ub x <= b_ub (finite sides only)."""
    from scipy.sparse import vstack

    up = np.isfinite(high)
    down = np.isfinite(low)
    a = vstack([matrix[up], -matrix[down]]).tocsr()
    b = np.concatenate([high[up], -low[down]])
    return a, b
