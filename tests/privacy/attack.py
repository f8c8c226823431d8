"""The interval attack: every published figure one role can read, as linear constraints over the
hidden counts, and each hidden or small count minimised and maximised with HiGHS.

Unknowns are named strings (see `outputs.cell_var`): a numerator, denominator and student count
per indicator × period × school × student group, a count per survey question × option ×
language, families per home language. A published figure becomes a `Row`: `low <= Σ coef·var
<= high`, tagged with the output it was read from. Each `Target` (a hidden or small count, or a
rate about a small group) is bounded twice:

1. the linear relaxation (`scipy.optimize.linprog`, HiGHS), rounded inwards because counts are
   whole numbers; its duals name the outputs that carry the bound;
2. when that leaves room, the integer programme (`scipy.optimize.milp`, HiGHS branch and bound),
   keeping only bounds HiGHS proves (its dual bound when the time limit stops it).

A rate target (a share of days about fewer than N students) is a ratio of two unknowns: it is
bounded by the Charnes–Cooper transformation of the linear relaxation, which is exact for the
relaxation and so a valid (if wider) interval for the integers.

Rows fall apart into independent blocks (figures of one indicator and period rarely touch
another's); each block is solved alone, and a block whose rows another role already read is
not solved again.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol, cast

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csr_array, eye_array, hstack, vstack

try:  # HiGHS as SciPy ships it, held between solves; SciPy's public calls where it is missing
    from scipy.optimize._highspy import _core
except ImportError:  # pragma: no cover
    _core = None

BIG = 1_000_000.0  # an upper bound on every count: no district counts a million of anything per cell
EPS = 1e-6  # slack when rounding a relaxed bound to a whole number
MILP_NODES = 200
MILP_SECONDS = 10.0

Terms = tuple[tuple[str, float], ...]


def terms(mapping: Mapping[str, float]) -> Terms:
    """A canonical, hashable linear expression (zero coefficients dropped)."""
    merged: dict[str, float] = {}
    for name, coef in mapping.items():
        merged[name] = merged.get(name, 0.0) + coef
    return tuple(sorted((k, v) for k, v in merged.items() if v != 0))


def plus(*parts: Mapping[str, float]) -> dict[str, float]:
    out: dict[str, float] = {}
    for part in parts:
        for name, coef in part.items():
            out[name] = out.get(name, 0.0) + coef
    return out


def times(factor: float, part: Mapping[str, float]) -> dict[str, float]:
    return {name: factor * coef for name, coef in part.items()}


@dataclass(frozen=True)
class Row:
    """`low <= Σ coef·var <= high`, read from `output` (what it says: `fact`)."""

    terms: Terms
    low: float
    high: float
    output: str
    fact: str

    @property
    def key(self) -> tuple[Terms, float, float]:
        return (self.terms, self.low, self.high)

    def holds(self, truth: Mapping[str, float], tolerance: float = 1e-6) -> bool:
        value = sum(coef * truth.get(name, 0.0) for name, coef in self.terms)
        scale = max(1.0, abs(value))
        return self.low - tolerance * scale <= value <= self.high + tolerance * scale


def row(mapping: Mapping[str, float], low: float, high: float, output: str, fact: str) -> Row:
    return Row(terms(mapping), low, high, output, fact)


TargetKind = Literal["count", "rate"]


@dataclass(frozen=True)
class Target:
    """A hidden or small count (`numerator`), or a rate `scale·numerator/denominator` about a small group."""

    label: str
    kind: TargetKind
    numerator: Terms
    truth: float
    denominator: Terms = ()
    scale: float = 1.0
    about: str = ""  # what makes it protected: "small group", "complement of a group", "few who did", ...

    def variables(self) -> set[str]:
        return {name for name, _c in self.numerator} | {name for name, _c in self.denominator}


@dataclass(frozen=True)
class Finding:
    target: Target
    low: float  # -inf / inf when unbounded
    high: float
    outputs: tuple[str, ...]  # outputs whose figures bind the bound (from the relaxation's duals)
    facts: tuple[str, ...]
    method: str  # "lp", "milp", "charnes-cooper"
    role: str = ""

    @property
    def width(self) -> float:
        return self.high - self.low

    @property
    def contains_truth(self) -> bool:
        slack = 1e-6 * max(1.0, abs(self.target.truth))
        return self.low - slack <= self.target.truth <= self.high + slack

    def narrowed(self, count_width: float, rate_width: float) -> bool:
        limit = count_width if self.target.kind == "count" else rate_width
        return self.width < limit

    def describe(self) -> str:
        low = "-∞" if math.isinf(self.low) else _number(self.low)
        high = "∞" if math.isinf(self.high) else _number(self.high)
        sources = "; ".join(self.facts[:4]) + (f"; … {len(self.facts) - 4} more" if len(self.facts) > 4 else "")
        return (
            f"{self.target.label} ({self.target.about}): [{low}, {high}] width {_number(self.width)}, "
            f"truth {_number(self.target.truth)}, {self.method}, role {self.role}; from {', '.join(self.outputs)}"
            f" — {sources}"
        )


def _number(value: float) -> str:
    if math.isinf(value):
        return "∞"
    return f"{value:.0f}" if abs(value - round(value)) < 1e-9 else f"{value:.2f}"


# --- Blocks ----------------------------------------------------------------------------------


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def join(self, names: Iterable[str]) -> None:
        first: str | None = None
        for name in names:
            if first is None:
                first = self.find(name)
            else:
                other = self.find(name)
                if other != first:
                    self.parent[other] = first


@dataclass
class _Block:
    rows: list[Row] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)


def _blocks(rows: Sequence[Row], targets: Sequence[Target]) -> list[_Block]:
    union = _Union()
    for r in rows:
        union.join(name for name, _c in r.terms)
    for t in targets:
        union.join(t.variables())
    blocks: dict[str, _Block] = {}
    for r in rows:
        if r.terms:
            blocks.setdefault(union.find(r.terms[0][0]), _Block()).rows.append(r)
    for t in targets:
        names = sorted(t.variables())
        blocks.setdefault(union.find(names[0]), _Block()).targets.append(t)
    return [b for b in blocks.values() if b.targets]


# --- Solving ---------------------------------------------------------------------------------


@dataclass
class _Matrix:
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
    ) -> _Matrix:
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


class _Solver:
    """min c·x over one block, as the relaxation (`whole=False`) or the integer programme.

    HiGHS holds the block once and re-solves it for each objective (the copy of HiGHS that SciPy
    ships, `scipy.optimize._highspy`, is ten times quicker so than `linprog`/`milp`, which build the
    model again on every call); where SciPy does not ship it, `linprog` and `milp` do the same."""

    def __init__(self, matrix: _Matrix, whole: bool) -> None:
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
            self.current = _Matrix.of(rows, self.matrix.names, self.matrix.whole, merge=False)
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


def _highs_model(matrix: _Matrix, whole: bool) -> _Highs:
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


def _lp(matrix: _Matrix, c: np.ndarray) -> tuple[float, list[int]]:
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


def _milp(matrix: _Matrix, c: np.ndarray) -> tuple[float, list[int]]:
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


def _charnes_cooper(matrix: _Matrix, target: Target, sign: float) -> tuple[float, list[int]]:
    """min sign·scale·N/D over the relaxation with D > 0: variables y = t·x and t = 1/D.

    Each row a·x <= b becomes a·y - b·t <= 0, each bound x <= u becomes y - u·t <= 0, and D·y = 1."""
    size = len(matrix.names)
    a_ub = hstack([matrix.a_ub, csr_array(-matrix.b_ub.reshape(-1, 1))]) if matrix.a_ub.shape[0] else None
    bounds = hstack([eye_array(size), csr_array(-matrix.upper.reshape(-1, 1))])
    a_ub = vstack([a_ub, bounds]) if a_ub is not None else bounds
    denominator = csr_array(np.append(matrix.objective(target.denominator), 0.0).reshape(1, -1))
    a_eq = denominator
    if matrix.a_eq.shape[0]:
        a_eq = vstack([hstack([matrix.a_eq, csr_array(-matrix.b_eq.reshape(-1, 1))]), denominator])
    b_eq = np.zeros(a_eq.shape[0])
    b_eq[-1] = 1.0
    c = sign * target.scale * np.append(matrix.objective(target.numerator), 0.0)
    result = linprog(c, A_ub=a_ub, b_ub=np.zeros(a_ub.shape[0]), A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    if result.status == 3:
        return -math.inf, []
    if result.status != 0:
        raise RuntimeError(f"The ratio relaxation could not be solved ({result.message}).")
    rows_ub = len(matrix.origin_ub)
    binding = [matrix.origin_ub[k] for k, d in enumerate(result.ineqlin.marginals[:rows_ub]) if abs(d) > 1e-9]
    binding += [matrix.origin_eq[k] for k, d in enumerate(result.eqlin.marginals[:-1]) if abs(d) > 1e-9]
    return float(result.fun), binding


@dataclass
class _Bound:
    low: float
    high: float
    binding: list[int]
    method: str


def _relaxed_count(relaxed: _Solver, expression: Terms) -> _Bound:
    """The relaxation's interval, rounded inwards (counts are whole numbers)."""
    c = relaxed.matrix.objective(expression)
    low, binding_low = relaxed.minimum(c)
    high_negative, binding_high = relaxed.minimum(-c)
    whole = all(abs(coef - round(coef)) < 1e-12 for _n, coef in expression)
    high = -high_negative
    if whole:
        low = math.ceil(low - EPS) if math.isfinite(low) else low
        high = math.floor(high + EPS) if math.isfinite(high) else high
    return _Bound(float(low), float(high), binding_low + binding_high, "lp")


def _refine_count(relaxed: _Solver, exact: _Solver, expression: Terms, bound: _Bound) -> None:
    """The integer programme's interval; both solvers keep it for the targets after this one."""
    c = relaxed.matrix.objective(expression)
    low_ip = exact.minimum(c)[0]
    high_ip = -exact.minimum(-c)[0]
    if math.isfinite(low_ip):
        bound.low = max(bound.low, math.ceil(low_ip - EPS))
    if math.isfinite(high_ip):
        bound.high = min(bound.high, math.floor(high_ip + EPS))
    bound.method = "milp"
    relaxed.learn(c, bound.low, bound.high, bound.binding)
    exact.learn(c, bound.low, bound.high, bound.binding)


def _bound_rate(matrix: _Matrix, target: Target) -> _Bound:
    low, binding_low = _charnes_cooper(matrix, target, 1.0)
    high_negative, binding_high = _charnes_cooper(matrix, target, -1.0)
    return _Bound(low, -high_negative, binding_low + binding_high, "charnes-cooper")


@dataclass
class _Solving:
    """One block being attacked: its matrix, its solvers, its bounds by target expression."""

    matrix: _Matrix
    relaxed: _Solver
    bounds: dict[tuple[str, Terms, Terms, float], _Bound]
    exact: _Solver | None = None

    def integer(self) -> _Solver:
        if self.exact is None:
            self.exact = _Solver(self.matrix, whole=True)
        return self.exact


def _key(target: Target) -> tuple[str, Terms, Terms, float]:
    return (target.kind, target.numerator, target.denominator, target.scale)


class Attack:
    """Bounds targets under rows; remembers blocks already solved (roles share most figures).

    Every target gets the relaxation. Then the integer programme refines the count targets whose
    relaxed interval has a width in `refine` (default [1, N): narrow enough for whole numbers to
    matter), for at most `milp_limit` targets per run (None: all): it costs a hundred
    relaxations, and on wider intervals it never brought a count under the protection interval
    in our runs.
    """

    def __init__(self, *, refine: tuple[float, float] | None = None, milp_limit: int | None = None) -> None:
        self.refine = refine
        self.milp_limit = milp_limit
        self._solved: dict[tuple[frozenset[tuple[Terms, float, float]], Target], Finding] = {}
        self.solves = 0
        self.refined = 0

    def run(
        self,
        rows: Sequence[Row],
        targets: Sequence[Target],
        role: str = "",
        whole: Callable[[str], bool] = lambda _name: True,
    ) -> list[Finding]:
        """`whole` names the unknowns the integer programme keeps whole (all are, in truth;
        leaving days and minutes continuous only widens intervals, and keeps it quick)."""
        from django.conf import settings

        n = int(settings.VILLAGE_SMALL_N)
        refine = self.refine if self.refine is not None else (1.0, float(n))
        blocks = [(frozenset(r.key for r in b.rows), b) for b in _blocks(rows, targets)]
        solving: dict[frozenset[tuple[Terms, float, float]], _Solving] = {}
        candidates: list[tuple[tuple[bool, float], int, frozenset[tuple[Terms, float, float]], Target]] = []
        for signature, block in blocks:
            pending = [t for t in block.targets if (signature, t) not in self._solved]
            if not pending:
                continue
            matrix = _Matrix.of(block.rows, (v for t in pending for v in t.variables()), whole)
            state = _Solving(matrix, _Solver(matrix, whole=False), {})
            solving[signature] = state
            for target in pending:
                key = _key(target)
                if key in state.bounds:
                    continue
                self.solves += 1
                if target.kind == "rate":
                    state.bounds[key] = _bound_rate(matrix, target)
                    continue
                bound = state.bounds[key] = _relaxed_count(state.relaxed, target.numerator)
                if refine[0] <= bound.high - bound.low < refine[1]:
                    # Group sizes first (one unknown each: pinning one narrows its cell's other
                    # counts too), the widest first (a "*" leaves 1 to N-1, which whole numbers
                    # pin most often); then the rest, widest first.
                    priority = (len(target.numerator) > 1, -(bound.high - bound.low))
                    candidates.append((priority, len(candidates), signature, target))
        learnt: set[frozenset[tuple[Terms, float, float]]] = set()
        for _priority, _order, signature, target in sorted(candidates):
            if self.milp_limit is not None and self.refined >= self.milp_limit:
                break
            state = solving[signature]
            _refine_count(state.relaxed, state.integer(), target.numerator, state.bounds[_key(target)])
            self.refined += 1
            learnt.add(signature)
        # What the integer programme proved narrows the relaxation for every other count too.
        for signature in learnt:
            state = solving[signature]
            for key, bound in state.bounds.items():
                kind, numerator, _denominator, _scale = key
                if kind == "count" and bound.method == "lp":
                    again = _relaxed_count(state.relaxed, numerator)
                    if again.high - again.low < bound.high - bound.low:
                        state.bounds[key] = again
        found: list[Finding] = []
        for signature, block in blocks:
            for target in block.targets:
                if (signature, target) not in self._solved:
                    state = solving[signature]
                    bound = state.bounds[_key(target)]
                    chosen = [state.matrix.rows[i] for i in dict.fromkeys(bound.binding)]
                    high = math.inf if bound.high >= BIG / 2 else bound.high  # only the solver's box bounds it
                    self._solved[(signature, target)] = Finding(
                        target,
                        bound.low,
                        high,
                        tuple(dict.fromkeys(o for r in chosen for o in r.output.split(" + "))),
                        tuple(dict.fromkeys(r.fact for r in chosen)),
                        bound.method,
                        role,
                    )
                known = self._solved[(signature, target)]
                found.append(known if known.role == role else _with_role(known, role))
        return found


def _with_role(finding: Finding, role: str) -> Finding:
    return Finding(finding.target, finding.low, finding.high, finding.outputs, finding.facts, finding.method, role)


def violated(rows: Iterable[Row], truth: Mapping[str, float]) -> list[Row]:
    """Rows the true counts break: each one is a bug in the attacker (a misread figure or a wrong model)."""
    return [r for r in rows if not r.holds(truth)]
