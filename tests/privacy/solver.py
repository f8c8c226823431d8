"""HiGHS on one block of rows: the relaxation and the integer programme, held between objectives.

HiGHS as SciPy ships it (`scipy.optimize._highspy`) keeps a block's model and re-solves it for
each objective, ten times quicker than `scipy.optimize.linprog`/`milp`, which build the model
again on every call; where SciPy does not ship it, those public calls do the same work.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, cast

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csr_array, eye_array, hstack, vstack

from tests.privacy.linear import BIG, Row, Terms, terms

try:  # HiGHS as SciPy ships it, held between solves; SciPy's public calls where it is missing
    from scipy.optimize._highspy import _core
except ImportError:  # pragma: no cover
    _core = None

EPS = 1e-6  # slack when rounding a relaxed bound to a whole number
MILP_NODES = 200
MILP_SECONDS = 10.0  # a backstop only: the node limit decides


@dataclass
class Matrix:
    """One block's rows as matrices, in both forms the solvers take, built once per block."""

    names: list[str]
    index: dict[str, int]
    rows: list[Row]
    whole: Callable[[str], bool]
    a: csr_array
    low: np.ndarray
    high: np.ndarray
    upper: np.ndarray  # variable upper bounds
    integer: np.ndarray  # 1 for an unknown the integer programme keeps whole
    a_ub: csr_array  # rows as a_ub·x <= b_ub (two per ranged row) and a_eq·x = b_eq
    b_ub: np.ndarray
    origin_ub: list[int]
    a_eq: csr_array
    b_eq: np.ndarray
    origin_eq: list[int]

    @classmethod
    def of(
        cls, rows: Sequence[Row], extra: Iterable[str], whole: Callable[[str], bool], *, merge: bool = True
    ) -> Matrix:
        """The rows (one of each, unless `merge` is off) over their unknowns and `extra`."""
        unique: dict[tuple[Terms, float, float], Row] = {}
        for r in rows:
            unique.setdefault(r.key, r)
        kept = list(unique.values()) if merge else list(rows)
        names = sorted({n for r in kept for n, _c in r.terms} | set(extra))
        index = {n: i for i, n in enumerate(names)}
        a = _sparse([[(index[n], c) for n, c in r.terms] for r in kept], len(names))
        ub: list[list[tuple[int, float]]] = []
        b_ub: list[float] = []
        origin_ub: list[int] = []
        eq: list[list[tuple[int, float]]] = []
        b_eq: list[float] = []
        origin_eq: list[int] = []
        for i, r in enumerate(kept):
            entries = [(index[n], c) for n, c in r.terms]
            if r.low == r.high:
                eq.append(entries)
                b_eq.append(r.low)
                origin_eq.append(i)
                continue
            if math.isfinite(r.high):
                ub.append(entries)
                b_ub.append(r.high)
                origin_ub.append(i)
            if math.isfinite(r.low):
                ub.append([(j, -c) for j, c in entries])
                b_ub.append(-r.low)
                origin_ub.append(i)
        return cls(
            names,
            index,
            kept,
            whole,
            a,
            np.array([r.low for r in kept]),
            np.array([r.high for r in kept]),
            np.array([1.0 if n.startswith("bin|") else BIG for n in names]),
            np.array([1.0 if whole(n) else 0.0 for n in names]),
            _sparse(ub, len(names)),
            np.array(b_ub),
            origin_ub,
            _sparse(eq, len(names)),
            np.array(b_eq),
            origin_eq,
        )

    def objective(self, expression: Terms) -> np.ndarray:
        c = np.zeros(len(self.names))
        for n, coef in expression:
            c[self.index[n]] += coef
        return c


def _sparse(rows: Sequence[Sequence[tuple[int, float]]], width: int) -> csr_array:
    data = [c for r in rows for _j, c in r]
    cols = [j for r in rows for j, _c in r]
    pointers = np.cumsum([0, *(len(r) for r in rows)])
    return csr_array((np.array(data, dtype=float), np.array(cols, dtype=np.int64), pointers), shape=(len(rows), width))


class Solver:
    """min c·x over one block, as the relaxation (`whole=False`) or the integer programme.

    HiGHS holds the block once and re-solves it for each objective (the copy of HiGHS that SciPy
    ships, `scipy.optimize._highspy`, is ten times quicker so than `linprog`/`milp`, which build the
    model again on every call); where SciPy does not ship it, `linprog` and `milp` do the same."""

    def __init__(self, matrix: Matrix, whole: bool) -> None:
        self.matrix = matrix
        self.current = matrix  # with the rows learnt (SciPy's calls)
        self.whole = whole
        self.highs = _highs_model(matrix, whole) if _core is not None else None
        self.learnt: list[list[int]] = []  # per row learnt, the rows that bound it

    def learn(self, c: np.ndarray, low: float, high: float, origin: list[int]) -> None:
        """Add a proven bound on c·x as a row, so later targets start from it."""
        self.learnt.append(origin)
        if self.highs is None:
            learnt = Row(terms(dict(zip(self.matrix.names, c, strict=True))), low, high, "learnt", "")
            rows = [*self.current.rows, learnt]
            self.current = Matrix.of(rows, self.matrix.names, self.matrix.whole, merge=False)
            return
        columns = np.flatnonzero(c).astype(np.int32)
        infinity = _core.kHighsInf if _core is not None else math.inf
        self.highs.addRow(
            low if math.isfinite(low) else -infinity,
            high if math.isfinite(high) else infinity,
            len(columns),
            columns,
            c[columns],
        )

    def minimum(self, c: np.ndarray) -> tuple[float, list[int]]:
        """A proven lower bound of min c·x (-inf when unbounded or unproven) and the rows binding it
        (for the relaxation)."""
        if self.highs is None:
            value, binding = _milp(self.current, c) if self.whole else _lp(self.current, c)
            return value, self._origins(binding)
        assert _core is not None
        size = len(c)
        self.highs.changeColsCost(size, np.arange(size, dtype=np.int32), c)
        self.highs.run()
        status = self.highs.getModelStatus()
        info = self.highs.getInfo()
        if status == _core.HighsModelStatus.kOptimal:
            value = float(info.objective_function_value)
        elif status == _core.HighsModelStatus.kUnbounded:
            return -math.inf, []
        elif self.whole and status in (
            _core.HighsModelStatus.kTimeLimit,
            _core.HighsModelStatus.kIterationLimit,
            _core.HighsModelStatus.kSolutionLimit,
        ):
            bound = float(info.mip_dual_bound)
            return (bound if math.isfinite(bound) else -math.inf), []
        else:
            raise RuntimeError(f"HiGHS could not bound the block ({self.highs.modelStatusToString(status)}).")
        if self.whole:
            return value, []
        duals = self.highs.getSolution().row_dual
        return value, self._origins([i for i, d in enumerate(duals) if abs(d) > 1e-9])

    def _origins(self, binding: list[int]) -> list[int]:
        """Rows of the block behind the binding rows: a row learnt stands for the rows behind it."""
        known = len(self.matrix.rows)
        out: list[int] = []
        for i in binding:
            out += [i] if i < known else self.learnt[i - known]
        return out


class _HighsInfo(Protocol):
    objective_function_value: float
    mip_dual_bound: float


class _HighsSolution(Protocol):
    row_dual: Sequence[float]


class _Highs(Protocol):
    """The part of HiGHS's Python interface used here."""

    def addRow(self, lower: float, upper: float, count: int, indices: np.ndarray, values: np.ndarray) -> object: ...
    def changeColsCost(self, count: int, indices: np.ndarray, costs: np.ndarray) -> object: ...
    def run(self) -> object: ...
    def getModelStatus(self) -> object: ...
    def getInfo(self) -> _HighsInfo: ...
    def getSolution(self) -> _HighsSolution: ...
    def modelStatusToString(self, status: object) -> str: ...


def _highs_model(matrix: Matrix, whole: bool) -> _Highs:
    assert _core is not None
    highs = _core._Highs()
    highs.setOptionValue("output_flag", False)
    if whole:
        # A node limit keeps results the same on a busy machine; the time limit is a backstop.
        highs.setOptionValue("mip_max_nodes", MILP_NODES)
        highs.setOptionValue("time_limit", MILP_SECONDS)
    lp = _core.HighsLp()
    size, rows = len(matrix.names), len(matrix.rows)
    infinity = _core.kHighsInf
    lp.num_col_, lp.num_row_ = size, rows
    lp.col_cost_ = np.zeros(size)
    lp.col_lower_ = np.zeros(size)
    lp.col_upper_ = matrix.upper
    lp.row_lower_ = np.where(np.isinf(matrix.low), -infinity, matrix.low)
    lp.row_upper_ = np.where(np.isinf(matrix.high), infinity, matrix.high)
    columns = matrix.a.tocsc()
    lp.a_matrix_.format_ = _core.MatrixFormat.kColwise
    lp.a_matrix_.start_ = columns.indptr
    lp.a_matrix_.index_ = columns.indices
    lp.a_matrix_.value_ = columns.data
    lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = size, rows
    if whole:
        kinds = _core.HighsVarType
        lp.integrality_ = [kinds.kInteger if w else kinds.kContinuous for w in matrix.integer]
    highs.passModel(lp)
    return cast(_Highs, highs)


def _lp(matrix: Matrix, c: np.ndarray) -> tuple[float, list[int]]:
    """min c·x over the relaxation through `linprog`; the value and the rows binding it."""
    has_ub, has_eq = matrix.a_ub.shape[0] > 0, matrix.a_eq.shape[0] > 0
    result = linprog(
        c,
        A_ub=matrix.a_ub if has_ub else None,
        b_ub=matrix.b_ub if has_ub else None,
        A_eq=matrix.a_eq if has_eq else None,
        b_eq=matrix.b_eq if has_eq else None,
        bounds=np.column_stack([np.zeros(len(c)), matrix.upper]),
        method="highs",
    )
    if result.status == 3:
        return -math.inf, []
    if result.status != 0:
        raise RuntimeError(f"The relaxation could not be solved ({result.message}): the figures contradict the model.")
    binding: list[int] = []
    if has_ub:
        binding += [matrix.origin_ub[k] for k, d in enumerate(result.ineqlin.marginals) if abs(d) > 1e-9]
    if has_eq:
        binding += [matrix.origin_eq[k] for k, d in enumerate(result.eqlin.marginals) if abs(d) > 1e-9]
    return float(result.fun), binding


def _milp(matrix: Matrix, c: np.ndarray) -> tuple[float, list[int]]:
    """A proven lower bound of min c·x over the integers through `milp`."""
    result = milp(
        c,
        constraints=LinearConstraint(matrix.a, matrix.low, matrix.high),
        integrality=matrix.integer,
        bounds=Bounds(np.zeros(len(c)), matrix.upper),
        options={"node_limit": MILP_NODES, "time_limit": MILP_SECONDS},
    )
    if result.status == 0:
        return float(result.fun), []
    bound = getattr(result, "mip_dual_bound", None)
    if bound is not None and math.isfinite(bound):
        return float(bound), []
    return -math.inf, []


def charnes_cooper(
    matrix: Matrix, numerator: Terms, denominator: Terms, scale: float, sign: float
) -> tuple[float, list[int]]:
    """min sign·scale·N/D over the relaxation with D > 0: variables y = t·x and t = 1/D.

    Each row a·x <= b becomes a·y - b·t <= 0, each bound x <= u becomes y - u·t <= 0, and D·y = 1."""
    size = len(matrix.names)
    a_ub = hstack([matrix.a_ub, csr_array(-matrix.b_ub.reshape(-1, 1))]) if matrix.a_ub.shape[0] else None
    bounds = hstack([eye_array(size), csr_array(-matrix.upper.reshape(-1, 1))])
    a_ub = vstack([a_ub, bounds]) if a_ub is not None else bounds
    ratio = csr_array(np.append(matrix.objective(denominator), 0.0).reshape(1, -1))
    a_eq = ratio
    if matrix.a_eq.shape[0]:
        a_eq = vstack([hstack([matrix.a_eq, csr_array(-matrix.b_eq.reshape(-1, 1))]), ratio])
    b_eq = np.zeros(a_eq.shape[0])
    b_eq[-1] = 1.0
    c = sign * scale * np.append(matrix.objective(numerator), 0.0)
    result = linprog(c, A_ub=a_ub, b_ub=np.zeros(a_ub.shape[0]), A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    if result.status == 3:
        return -math.inf, []
    if result.status != 0:
        raise RuntimeError(f"The ratio relaxation could not be solved ({result.message}).")
    rows_ub = len(matrix.origin_ub)
    binding = [matrix.origin_ub[k] for k, d in enumerate(result.ineqlin.marginals[:rows_ub]) if abs(d) > 1e-9]
    binding += [matrix.origin_eq[k] for k, d in enumerate(result.eqlin.marginals[:-1]) if abs(d) > 1e-9]
    return float(result.fun), binding
