"""Everything one outside role can read, fetched through Django's test client and parsed back
into figures (indicators) and rows (representation counts; surveys and barriers: `voice.py`).

Roles and what they read (docs/privacy.md, issue #16):

- the public (no account): the district's public report and each school's, as HTML (tables,
  the chart SVGs, gaps, the by-school table) and as PDF (text through pypdf). Neither API
  (/api/v1/, /api/hsds/) has an operation serving figures about students, needs or
  respondents: `read_apis` reads their documents and fails when one appears.
- a partner's staff member: the public outputs and the organization's shared-metrics page.
- a council member: the public outputs, the dashboard of each school the council may see (HTML
  and CSV) and the council's representation page (families by home language).
- a district lead, for what is outside a school's own staff: survey results (every view:
  everyone, by language, each language alone) and each school's barrier dashboard. The lead
  also knows each survey's design (questions, options, which option counts a barrier).

Nothing here reads the database except `indicator_infos` (the definitions a reader sees, and the
judge's `counts_people`) and `*_truth` (the judge's side).
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.conf import settings
from django.db.models import F
from django.test import Client
from django.utils import translation
from pypdf import PdfReader

from tests.privacy.linear import Row, Terms, row, terms
from tests.privacy.model import (
    ALL,
    HIDDEN,
    HIDDEN_MARK,
    CellTruth,
    Figure,
    IndicatorInfo,
    cell_var,
    share_rows,
    to_number,
)
from village.families.groups import LABELS

# --- A small DOM over html.parser ---------------------------------------------------------------

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def all(self, tag: str | None = None, cls: str | None = None) -> Iterator[Node]:
        for child in self.children:
            if isinstance(child, Node):
                if (tag is None or child.tag == tag) and (cls is None or cls in child.classes()):
                    yield child
                yield from child.all(tag, cls)

    def first(self, tag: str | None = None, cls: str | None = None) -> Node | None:
        return next(self.all(tag, cls), None)

    def text(self) -> str:
        parts: list[str] = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else child.text())
        return " ".join(" ".join(parts).split())

    def own_text(self) -> str:
        return " ".join(" ".join(c for c in self.children if isinstance(c, str)).split())


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(text: str) -> Node:
    builder = _Builder()
    builder.feed(text)
    builder.close()
    return builder.root


# --- What one role read -------------------------------------------------------------------------


@dataclass
class Reading:
    role: str
    outputs: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    labels: dict[Terms, str] = field(default_factory=dict)  # count unknowns and printed sums, by name

    def including(self, other: Reading) -> Reading:
        """This role's reading plus everything in `other` (the public's, which every role reads)."""
        return Reading(
            self.role,
            [*other.outputs, *self.outputs],
            [*other.figures, *self.figures],
            [*other.rows, *self.rows],
            {**other.labels, **self.labels},
        )


def _group_codes() -> dict[str, str]:
    with translation.override("en"):
        codes = {str(label): code for code, label in LABELS.items() if code != ALL}
        codes[str(translation.gettext("All students"))] = ALL
    return codes


def get(client: Client, url: str) -> bytes:
    response = client.get(url)
    if response.status_code != 200:
        raise AssertionError(f"{url} answered {response.status_code}")
    return bytes(response.content)


# --- Indicator boards (reports, dashboards, shared metrics) -------------------------------------


def read_board(section: Node, output: str, schools: frozenset[str]) -> list[Figure]:
    """A `indicators/_board.html` section: its table (each cell and the gap), and its chart's points."""
    groups = _group_codes()
    heading = section.first("h3")
    table = section.first("table")
    if heading is None or table is None:
        return []
    name = heading.text()
    head = [th.text() for th in (table.first("thead") or Node("thead", {})).all("th")]
    periods = head[1:-1]
    figures: list[Figure] = []
    order: list[str] = []
    for tr in (table.first("tbody") or Node("tbody", {})).all("tr"):
        th = tr.first("th")
        cells = [td.text() for td in tr.all("td")]
        if th is None or len(cells) != len(periods) + 1:
            continue
        group = groups[th.own_text()]
        order.append(group)
        for period, text in zip(periods, cells[:-1], strict=True):
            figures.append(Figure(output, name, period, schools, group, "table", text))
        if cells[-1] not in ("–", ""):
            figures.append(Figure(output, name, periods[-1], schools, group, "gap", cells[-1]))
    svg = section.first("svg", "chart__svg")
    if svg is not None:
        printed = {(f.period, f.group): f.text for f in figures if f.kind == "table"}
        figures += _chart(svg, output, name, schools, order, printed)
    return figures


def _chart(
    svg: Node,
    output: str,
    name: str,
    schools: frozenset[str],
    order: Sequence[str],
    printed: Mapping[tuple[str, str], str],
) -> list[Figure]:
    """Chart coordinates carry each drawn value: y = baseline - (baseline - top_y)·(v - low)/(top - low),
    printed to 0.1 px, so v is known within 0.05 px of its scale.

    Since releases (issue #16) a chart draws the printed value, so the truth lies within the
    table's rounding of it too (half a percent for "42%", half a tenth for "12.8%"); before them
    (`release.PROTECT` off, the recorded old behaviour) it drew the raw rate."""
    from village.indicators import release

    rounding = release.PROTECT
    labels = list(svg.all("text", "chart__label"))
    top_label, low_label, ticks = labels[0], labels[1], labels[2:]
    top, low = to_number(top_label.text()), to_number(low_label.text())
    top_y, baseline = float(top_label.attrs["y"]), float(low_label.attrs["y"])
    per_pixel = (top - low) / (baseline - top_y)
    tick_x = [(float(t.attrs["x"]), t.text()) for t in ticks]
    figures: list[Figure] = []
    for index, line in enumerate(svg.all("polyline", "chart__line")):
        points = line.attrs.get("points", "").split()
        for point in points:
            x_text, y_text = point.split(",")
            x, y = float(x_text), float(y_text)
            period = min(tick_x, key=lambda t: abs(t[0] - x))[1]
            value = low + (baseline - y) * per_pixel
            half = (0.05 + 1e-6) * per_pixel
            if rounding:
                text = printed.get((period, order[index]), "")
                half += 0.5 if re.fullmatch(r"[\d,]+%", text) or not text else 0.05
            figures.append(Figure(output, name, period, schools, order[index], "chart", "", value - half, value + half))
    return figures


def read_report_html(content: bytes, output: str, schools: frozenset[str], names: Mapping[int, str]) -> list[Figure]:
    """A public report page: its boards, and on the district's report the by-school table."""
    document = parse_html(content.decode())
    figures: list[Figure] = []
    for section in document.all("section", "indicator"):
        figures += read_board(section, output, schools)
    by_school = next((s for s in document.all("section") if s.attrs.get("aria-labelledby") == "schools-heading"), None)
    periods = [f.period for f in figures if f.kind == "table"]
    if by_school is not None and periods:
        latest = periods[-1]  # the by-school table shows the latest period the boards show
        table = by_school.first("table")
        assert table is not None
        columns = [names[int(re.findall(r"/schools/(\d+)/", a.attrs["href"])[0])] for a in table.all("a")]
        for tr in (table.first("tbody") or Node("tbody", {})).all("tr"):
            th = tr.first("th")
            assert th is not None
            for school, td in zip(columns, tr.all("td"), strict=True):
                figures.append(Figure(output, th.text(), latest, frozenset([school]), ALL, "table", td.text()))
    return figures


_PDF_ROW = re.compile(r"^(?P<label>[^:]+): (?P<cells>.+?)(?: \(Gap to all students: (?P<gap>[^)]+)\))?$")


def read_report_pdf(content: bytes, output: str, schools: frozenset[str], indicators: Sequence[str]) -> list[Figure]:
    """The PDF prints each board as lines: the indicator's name, "Student group: P1 · P2", then
    "Label: a · b (Gap to all students: g)"."""
    groups = _group_codes()
    reader = PdfReader(io.BytesIO(content))
    lines = [line.strip() for page in reader.pages for line in page.extract_text().splitlines()]
    figures: list[Figure] = []
    name = ""
    periods: list[str] = []
    for line in lines:
        if line in indicators:
            name, periods = line, []
            continue
        if not name:
            continue
        if line.startswith("Student group:"):
            periods = [p.strip() for p in line.removeprefix("Student group:").split("·")]
            continue
        match = _PDF_ROW.match(line)
        if match is None or not periods or match["label"] not in groups:
            continue
        group = groups[match["label"]]
        cells = [c.strip() for c in match["cells"].split(" · ")]
        if len(cells) != len(periods):
            continue
        for period, text in zip(periods, cells, strict=True):
            figures.append(Figure(output, name, period, schools, group, "table", text))
        if match["gap"]:
            figures.append(Figure(output, name, periods[-1], schools, group, "gap", match["gap"]))
    return figures


def read_dashboard_csv(content: bytes, output: str, schools: frozenset[str]) -> list[Figure]:
    groups = _group_codes()
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    head, body = rows[0], rows[1:]
    periods = head[2:-2]
    figures: list[Figure] = []
    for line in body:
        name, label, *cells = line
        values, gap = cells[: len(periods)], cells[-1]
        group = groups[label]
        for period, text in zip(periods, values, strict=True):
            figures.append(Figure(output, name, period, schools, group, "table", text))
        if gap:
            figures.append(Figure(output, name, periods[-1], schools, group, "gap", gap))
    return figures


# --- The public ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SchoolLink:
    pk: int
    name: str


def public_schools(client: Client, slug: str) -> list[SchoolLink]:
    """The schools the district's public report links to."""
    document = parse_html(get(client, f"/reports/{slug}/").decode())
    found: dict[int, str] = {}
    for a in document.all("a"):
        match = re.fullmatch(rf"/reports/{re.escape(slug)}/schools/(\d+)/", a.attrs.get("href", ""))
        if match:
            found.setdefault(int(match[1]), a.text())
    return [SchoolLink(pk, name) for pk, name in found.items()]


_FIGURES_IN_API = re.compile(r"indicator|report|survey|result|barrier|metric|dashboard|value", re.IGNORECASE)


def read_apis(client: Client) -> list[str]:
    """The APIs' own documents: no operation serves a figure about students, needs or respondents
    (an adversary that does not read one would be blind to it, so a new one fails here)."""
    outputs = []
    for url in ("/api/v1/openapi.json", "/api/hsds/openapi.json"):
        paths = list(json.loads(get(client, url))["paths"])
        serving = [p for p in paths if _FIGURES_IN_API.search(p)]
        assert not serving, f"{url} serves {serving}: teach the adversary to read them"
        outputs.append(f"public API document {url}")
    return outputs


def read_public(client: Client, slug: str, indicators: Sequence[str]) -> Reading:
    client.logout()
    reading = Reading("public")
    reading.outputs += read_apis(client)
    schools = public_schools(client, slug)
    names = {s.pk: s.name for s in schools}
    everywhere = frozenset(names.values())
    pages = [(f"/reports/{slug}/", "district report", everywhere)] + [
        (f"/reports/{slug}/schools/{s.pk}/", f"report of {s.name}", frozenset([s.name])) for s in schools
    ]
    for url, what, scope in pages:
        html = f"public {what} (HTML)"
        reading.outputs.append(html)
        reading.figures += read_report_html(get(client, url), html, scope, names)
        pdf = f"public {what} (PDF)"
        reading.outputs.append(pdf)
        reading.figures += read_report_pdf(get(client, f"{url}report.pdf"), pdf, scope, indicators)
    return reading


# --- A partner's staff ---------------------------------------------------------------------------


def read_partner(client: Client, organization: int) -> Reading:
    reading = Reading("partner")
    output = "partner shared metrics (HTML)"
    reading.outputs.append(output)
    document = parse_html(get(client, f"/organizations/{organization}/shared-metrics/").decode())
    main = document.first("main") or document
    schools: frozenset[str] = frozenset()
    for node in main.all():
        if node.tag == "p" and "meta" in node.classes() and "Target:" in node.text():
            schools = frozenset(s.strip() for s in node.text().split(" · ")[-1].split(","))
        elif node.tag == "section" and "indicator" in node.classes():
            reading.figures += read_board(node, output, schools)
    return reading


# --- A council member ----------------------------------------------------------------------------


def read_council(client: Client, schools: Sequence[SchoolLink], councils: Sequence[int]) -> Reading:
    reading = Reading("council")
    for school in schools:
        scope = frozenset([school.name])
        html = f"council: dashboard of {school.name} (HTML)"
        reading.outputs.append(html)
        document = parse_html(get(client, f"/schools/{school.pk}/dashboard/").decode())
        for section in document.all("section", "indicator"):
            reading.figures += read_board(section, html, scope)
        table = f"council: dashboard of {school.name} (CSV)"
        reading.outputs.append(table)
        reading.figures += read_dashboard_csv(get(client, f"/schools/{school.pk}/dashboard.csv"), table, scope)
    for council in councils:
        output = f"council: representation of council {council} (HTML)"
        reading.outputs.append(output)
        _representation(reading, get(client, f"/councils/{council}/representation/"), output, council)
    return reading


def family_var(council: int, language: str) -> str:
    return f"families|{council}|{language}"


def _representation(reading: Reading, content: bytes, output: str, council: int) -> None:
    """Families by home language: a count each (suppressed together with their total) and a share."""
    n = int(settings.VILLAGE_SMALL_N)
    document = parse_html(content.decode())
    table = next(
        (t for t in document.all("table") if "home languages" in (t.first("caption") or Node("c", {})).text()), None
    )
    if table is None:
        return
    found: list[tuple[str, str, str]] = []
    for tr in (table.first("tbody") or Node("tbody", {})).all("tr"):
        th, tds = tr.first("th"), list(tr.all("td"))
        if th is not None and len(tds) >= 2:
            found.append((th.text(), tds[0].text(), tds[1].text()))
    total = {family_var(council, name): 1.0 for name, _c, _s in found}
    foot = table.first("tfoot")
    if foot is not None:
        cells = list(foot.all("td"))
        if cells:
            count_rows(
                reading, total, cells[0].text(), output, f"families in all languages “{cells[0].text()}”", (1, math.inf)
            )
            reading.labels.setdefault(terms(total), f"council {council} · families in all")
    for name, count, share in found:
        one = {family_var(council, name): 1.0}
        reading.labels.setdefault(terms(one), f"council {council} · families speaking {name}")
        count_rows(reading, one, count, output, f"families speaking {name} “{count}”", (1, math.inf))
        fact = f"share of families speaking {name} “{share}”"
        shared = share_rows(one, total, share, n, output, fact)
        if shared is not None:
            reading.rows += shared
        elif share == HIDDEN:
            reading.rows.append(row(total, 0, n - 1, output, fact))


def count_rows(
    reading: Reading, mapping: Mapping[str, float], text: str, output: str, fact: str, hidden: tuple[float, float]
) -> None:
    """A printed count: exact, or within `hidden` when printed as "*"."""
    if text == HIDDEN:
        reading.rows.append(
            row(mapping, hidden[0], hidden[1], output, fact if HIDDEN_MARK in fact else f"{fact} {HIDDEN_MARK}")
        )
    elif re.fullmatch(r"[\d,]+", text):
        value = to_number(text)
        reading.rows.append(row(mapping, value, value, output, fact))


# --- The judge's side: the truth, from the database -----------------------------------------------


def indicator_infos(district_id: int) -> dict[str, IndicatorInfo]:
    from village.indicators.models import Indicator, StudentValue, Value
    from village.indicators.vocab import Source

    people = {Source.REFERRAL_COMPLETION, Source.NEEDS_MET, Source.FAMILY_PARTICIPATION, Source.SURVEY_ITEM}
    out: dict[str, IndicatorInfo] = {}
    for indicator in Indicator.objects.filter(district_id=district_id, active=True):
        shares = not Value.objects.filter(indicator=indicator).exclude(denominator=F("students")).exists()
        per_student = not StudentValue.objects.filter(indicator=indicator).exclude(denominator=1).exists()
        counts = indicator.source in people or (indicator.source == Source.IMPORT and shares and per_student)
        name = english_name(indicator.name, indicator.source_language)
        out[name] = IndicatorInfo(name, indicator.unit, indicator.denominator, tuple(indicator.groups), counts)
    return out


def indicator_truth(district_id: int) -> dict[tuple[str, str, str, str], CellTruth]:
    from django.db.models import Sum

    from village.indicators.models import Indicator, Value

    names = {i.pk: english_name(i.name, i.source_language) for i in Indicator.objects.filter(district_id=district_id)}
    rows = (
        Value.objects.filter(district_id=district_id)
        .values("indicator_id", "period__label", "school__name", "group")
        .annotate(n=Sum("numerator"), d=Sum("denominator"), s=Sum("students"))
    )
    return {
        (names[r["indicator_id"]], r["period__label"], r["school__name"], r["group"]): CellTruth(r["n"], r["d"], r["s"])
        for r in rows
    }


def english_name(name: Mapping[str, str], source_language: str) -> str:
    """An indicator's name as the English pages the attacker reads print it."""
    from village.lib.translation import plain_text

    return plain_text(name, source_language, "en")


def variable_truth(
    cells: Mapping[tuple[str, str, str, str], CellTruth], infos: Mapping[str, IndicatorInfo]
) -> dict[str, float]:
    out: dict[str, float] = {}
    for (name, period, school, group), cell in cells.items():
        info = infos.get(name)
        if info is None:
            continue
        out[cell_var(info, period, school, group, "n")] = cell.numerator
        out[cell_var(info, period, school, group, "d")] = cell.denominator
        out[cell_var(info, period, school, group, "s")] = cell.students
    return out


def family_truth(council_pk: int) -> dict[str, float]:
    """Households of the council's school by home language, named as the page names them."""
    from village.families.models import Student
    from village.governance.models import Council
    from village.lib.languages import iso639_1, language_label

    council = Council.objects.get(pk=council_pk)
    students = Student.objects.filter(district_id=council.district_id, status="enrolled", household__isnull=False)
    if council.school_id:
        students = students.filter(school_id=council.school_id)
    out: dict[str, float] = defaultdict(float)
    with translation.override("en"):
        for _household, language in students.values_list("household_id", "household__home_language").distinct():
            code = (iso639_1(language.split("-")[0]) or language) if language else ""
            out[family_var(council_pk, language_label(code))] += 1
    return dict(out)
