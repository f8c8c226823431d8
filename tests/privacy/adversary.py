"""The adversary of issue #16: read every output each outside role can read, attack every hidden or
small count with linear programming, and judge the intervals against a protection interval.

Protection interval (the default, and why): a hidden or small count is protected while the
narrowest interval an attacker can prove for it is at least N/2 wide (N =
settings.VILLAGE_SMALL_N, so 5 students by default). Suppressing a count of 1 to N-1 promises
that a reader cannot tell how many of a few students did something; an interval of width w
leaves w+1 values, and at N/2 the reader still cannot tell "a few" from "nearly N", which is
what primary suppression hides. A release can keep that much (complementary cells or coarser
codes suffice), where the full 1 to N-1 would forbid publishing any figure that pins a small
group's size, however coarse. A value that is not a count (a share of days or minutes about
fewer than N students) is protected while its interval spans at least 50 percentage points: the
share a count interval of N/2 leaves about N students. Both are parameters of
`Verdict.narrowed`; `Verdict.uncoded` lists, besides, shares of needs or answers printed to a
decimal over 1 to N-1 of them (a rule the rate alone cannot be attacked for: 5/39 and 10/78
print alike).

Attack kinds (a finding may show several): "district minus other schools", "partner's schools
minus school reports", "all students minus the group", "chart coordinates", "codes reveal
sizes", "gap column", "uncoded numerator", "everyone minus language views", "barrier dashboard
against survey results", "representation table".
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.test import Client

from tests.privacy.attack import Attack, Finding, violated
from tests.privacy.linear import Row, Target, Terms
from tests.privacy.model import (
    CellTruth,
    Figure,
    IndicatorInfo,
    cell_var,
    count_targets,
    indicator_rows,
    indicator_targets,
)
from tests.privacy.outputs import (
    Reading,
    SchoolLink,
    family_truth,
    indicator_infos,
    indicator_truth,
    public_schools,
    read_council,
    read_partner,
    read_public,
    variable_truth,
)
from tests.privacy.voice import read_voice, survey_links, survey_shape, survey_truth
from village.accounts.models import User


@dataclass(frozen=True)
class Access:
    """Who reads what in the district under attack (one person per outside role)."""

    slug: str
    district_id: int
    partner: User | None = None
    organization: int | None = None
    council_member: User | None = None
    council_schools: tuple[int, ...] = ()
    councils: tuple[int, ...] = ()
    lead: User | None = None
    surveys: tuple[int, ...] = ()
    feeds: dict[int, tuple[str, int, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Verdict:
    outputs: tuple[str, ...]  # every output read, over all roles
    findings: tuple[Finding, ...]  # the narrowest interval per target, over all roles
    violated: tuple[Row, ...]  # rows the truth breaks: bugs in the attacker
    conflicts: tuple[str, ...]  # shared unknowns whose truths disagree: a wrong assumption
    uncoded: tuple[str, ...]  # shares printed to a decimal whose few who did (or did not) are 1 to N-1
    solves: int
    seconds: float  # reading and attacking
    reading: float  # of which reading the outputs
    read: tuple[tuple[str, int], ...] = ()  # figures and counts read from each output
    rows: tuple[Row, ...] = ()  # every row any role read (for `replay`)
    targets: tuple[Target, ...] = ()
    continuous: tuple[str, ...] = ()  # prefixes of the unknowns the integer programme leaves continuous

    def replay(self, outputs: Iterable[str], labels: Iterable[str], leave_out: str = "") -> dict[str, Finding]:
        """The attack again on the figures of `outputs` alone (with the structure and the survey
        designs every attacker knows), less the facts that mention `leave_out` ("chart point",
        "through the gap"), for the targets named: which figures suffice for an attack."""
        chosen = set(outputs)
        rows = [
            r
            for r in self.rows
            if (r.output in chosen or r.output in KNOWLEDGE or r.output.startswith("design of"))
            and not (leave_out and leave_out in r.fact)
        ]
        missing = chosen - {r.output for r in rows}
        assert not missing, f"No figures read from {sorted(missing)}"
        wanted = set(labels)
        targets = [t for t in self.targets if t.label in wanted]
        assert {t.label for t in targets} == wanted, f"Unknown targets: {sorted(wanted - {t.label for t in targets})}"

        def whole(name: str) -> bool:
            return not name.startswith(self.continuous)

        return {f.target.label: f for f in Attack().run(rows, targets, "replay", whole)}

    def silent(self, *kinds: str) -> list[str]:
        """Outputs whose names contain one of `kinds` ("report", "dashboard of", ...) yet gave
        nothing to read: a page whose layout changed under the parser, not a safe page."""
        return [o for o, count in self.read if count == 0 and any(k in o for k in kinds)]

    @property
    def wrong(self) -> list[Finding]:
        """Bounds that exclude the truth: bugs in the attacker."""
        return [f for f in self.findings if not f.contains_truth]

    def narrowed(self, count_width: float | None = None, rate_width: float = 50.0) -> list[Finding]:
        width = count_width if count_width is not None else int(settings.VILLAGE_SMALL_N) / 2
        return [f for f in self.findings if f.narrowed(width, rate_width)]

    def kinds(self) -> dict[str, Finding]:
        """Per attack kind, the narrowest finding that shows it."""
        best: dict[str, Finding] = {}
        for finding in self.narrowed():
            for kind in attack_kinds(finding):
                if kind not in best or finding.width < best[kind].width:
                    best[kind] = finding
        return best

    def report(self, limit: int = 80) -> str:
        narrowed = sorted(self.narrowed(), key=lambda f: (f.width, f.target.label))
        exact = sum(1 for f in narrowed if f.width == 0)
        lines = [
            f"outputs read: {len(self.outputs)}; cells attacked: {len(self.findings)}; "
            f"narrowed below the protection interval: {len(narrowed)} ({exact} exactly); wrong: {len(self.wrong)}; "
            f"uncoded small counts: {len(self.uncoded)}; solves: {self.solves}; "
            f"{self.seconds:.1f} s ({self.reading:.1f} s reading)",
        ]
        lines += [f"  uncoded: {u}" for u in self.uncoded[:10]]
        for kind, finding in sorted(self.kinds().items()):
            lines.append(f"  narrowest by {kind}: {finding.describe()}")
        lines += [f"- {f.describe()}" for f in narrowed[:limit]]
        if len(narrowed) > limit:
            lines.append(f"… and {len(narrowed) - limit} more")
        return "\n".join(lines)


KNOWLEDGE = ("structure", "survey-fed indicator")  # what every attacker knows besides the figures


def attack_kinds(finding: Finding) -> list[str]:
    facts = " | ".join(finding.facts)
    outputs = " | ".join(finding.outputs)
    label = finding.target.label
    kinds: list[str] = []
    if label.startswith("survey"):
        if "barrier dashboard" in outputs:
            kinds.append("barrier dashboard against survey results")
        if "only" in outputs or "by language" in outputs or "everyone" in outputs:
            kinds.append("everyone minus language views")
        return kinds
    if label.startswith("council"):
        return ["representation table"]
    if "all students but" in label:
        kinds.append("all students minus the group")
    if "partner shared metrics" in outputs:
        kinds.append("partner's schools minus school reports")
    if "district report" in outputs:
        kinds.append("district minus other schools")
    if "chart point" in facts:
        kinds.append("chart coordinates")
    if "through the gap" in facts:
        kinds.append("gap column")
    if re.search(r"“[<>] \d+%”", facts):
        kinds.append("codes reveal sizes")
    if "who did" in label and re.search(r"“[\d,]+\.\d%”", facts):
        kinds.append("uncoded numerator")
    return kinds


def _complete(rows: Sequence[Row], truth: dict[str, float]) -> None:
    """The truth of each 0-or-many binary: 1 when the count it guards is positive."""
    for r in rows:
        flags = [name for name, _c in r.terms if name.startswith("bin|")]
        for flag in flags:
            if flag not in truth:
                value = sum(c * truth.get(k, 0.0) for k, c in r.terms if not k.startswith("bin|"))
                truth[flag] = 1.0 if value > 0 else 0.0


def assess(client: Client, access: Access, attack: Attack) -> Verdict:
    """Read every role's outputs, attack every protected count, and keep the narrowest intervals."""
    started = time.perf_counter()
    n = int(settings.VILLAGE_SMALL_N)
    infos = indicator_infos(access.district_id)
    names = sorted(infos)
    public = read_public(client, access.slug, names)
    schools = public_schools(client, access.slug)
    school_names = [s.name for s in schools]
    by_pk = {s.pk: s.name for s in schools}
    readings: list[Reading] = [public]
    if access.partner is not None and access.organization is not None:
        client.force_login(access.partner)
        readings.append(read_partner(client, access.organization).including(public))
    if access.council_member is not None:
        client.force_login(access.council_member)
        visible = [SchoolLink(pk, by_pk[pk]) for pk in access.council_schools]
        readings.append(read_council(client, visible, access.councils).including(public))
    shapes = [survey_shape(pk) for pk in access.surveys]
    if access.lead is not None and shapes:
        client.force_login(access.lead)
        voice = read_voice(client, shapes, schools).including(public)
        voice.rows += survey_links(shapes, voice.figures, infos, access.feeds, by_pk)
        readings.append(voice)
    client.logout()
    read = time.perf_counter() - started

    cells = indicator_truth(access.district_id)
    truth = variable_truth(cells, infos)
    conflicts = _conflicts(cells, infos)
    for shape in shapes:
        truth.update(survey_truth(shape))
    for council in access.councils:
        truth.update(family_truth(council))

    periods: dict[str, set[str]] = {}
    for f in public.figures:
        periods.setdefault(f.indicator, set()).add(f.period)
    base_targets = indicator_targets(infos, cells, periods, school_names, n)
    # Days and minutes stay continuous in the integer programme (sound, and much quicker).
    measures = tuple(f"{q}|{i.name}|" for i in infos.values() if not i.per_person for q in "nd")

    def whole(name: str) -> bool:
        return not name.startswith(measures)

    counts = Counter(f.output for r in readings for f in r.figures) + Counter(
        x.output for r in readings for x in r.rows
    )
    best: dict[Target, Finding] = {}
    broken: dict[tuple[Terms, float, float, str], Row] = {}
    read_rows: dict[tuple[Terms, float, float, str], Row] = {}
    outputs: list[str] = []
    for reading in readings:
        outputs += [o for o in reading.outputs if o not in outputs]
        rows = indicator_rows(reading.figures, infos, school_names, n) + reading.rows
        _complete(rows, truth)
        for r in rows:
            read_rows.setdefault((*r.key, r.output), r)
        for r in violated(rows, truth):
            broken.setdefault((*r.key, r.output), r)
        targets = base_targets + count_targets(reading.rows, truth, n, reading.labels)
        for finding in attack.run(rows, targets, reading.role, whole):
            known = best.get(finding.target)
            if known is None or finding.width < known.width:
                best[finding.target] = finding
    return Verdict(
        tuple(outputs),
        tuple(best.values()),
        tuple(broken.values()),
        tuple(conflicts),
        tuple(uncoded(public.figures, cells, infos, n)),
        attack.solves,
        time.perf_counter() - started,
        read,
        tuple((o, counts[o]) for o in outputs),
        tuple(read_rows.values()),
        tuple(best),
        measures,
    )


def uncoded(
    figures: Sequence[Figure],
    cells: Mapping[tuple[str, str, str, str], CellTruth],
    infos: Mapping[str, IndicatorInfo],
    n: int,
) -> list[str]:
    """Public shares of needs, referrals or answers printed as a measure ("12.8%"): they skip the
    top and bottom coding a share of students gets, so a count of 1 to N-1 behind them is printed
    as a plain rate. The rate alone does not give the count (5/39 and 10/78 print alike), so this
    is a rule check rather than an interval."""
    found: dict[str, str] = {}
    for f in figures:
        info = infos.get(f.indicator)
        if f.kind != "table" or info is None or not info.counts_people or not _DECIMAL_SHARE.match(f.text):
            continue
        num = sum(cells.get((f.indicator, f.period, s, f.group), CellTruth(0, 0, 0)).numerator for s in f.schools)
        den = sum(cells.get((f.indicator, f.period, s, f.group), CellTruth(0, 0, 0)).denominator for s in f.schools)
        for what, count in (("who did", num), ("who did not", den - num)):
            if 0 < count < n:
                found.setdefault(f"{f.where()} {what}", f"{f.where()}: {count} {what} of {den}, in {f.output}")
    return list(found.values())


_DECIMAL_SHARE = re.compile(r"^[\d,]+\.\d%$")


def _conflicts(cells: Mapping[tuple[str, str, str, str], CellTruth], infos: Mapping[str, IndicatorInfo]) -> list[str]:
    """Cells that share a student count (the same people-counting denominator) but differ in truth."""
    seen: dict[str, tuple[str, int]] = {}
    out: list[str] = []
    for (name, period, school, group), cell in cells.items():
        info = infos.get(name)
        if info is None:
            continue
        key = cell_var(info, period, school, group, "s")
        if key in seen and seen[key][1] != cell.students:
            out.append(f"{key}: {seen[key][0]} has {seen[key][1]}, {name} has {cell.students}")
        seen.setdefault(key, (name, cell.students))
    return out
