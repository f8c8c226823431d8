"""Everything one outside role can read, fetched through Django's test client and parsed back
into figures (indicators) and rows (survey, barrier and representation counts).

Roles and what they read (docs/privacy.md, issue #16):

- the public (no account): the district's public report and each school's, as HTML (tables,
  the chart SVGs, gaps, the by-school table) and as PDF (text through pypdf). The API under
  /api/v1/ carries no figure about students (schools, organizations, partnerships only).
- a partner's staff member: the public outputs and the organization's shared-metrics page.
- a council member: the public outputs, the dashboard of each school the council may see (HTML
  and CSV) and the council's representation page (families by home language).
- a district lead, for what is outside a school's own staff: survey results (every view:
  everyone, by language, each language alone) and each school's barrier dashboard. The lead
  also knows each survey's design (questions, options, which option counts a barrier).

Nothing here reads the database except `*_truth` and `*_shape` (the judge's side, and what the
role already knows about a survey's design).
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

from tests.privacy.attack import Row, Terms, plus, row, terms, times
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
from village.families.vocab import Barrier

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


def _get(client: Client, url: str) -> bytes:
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
        figures += _chart(svg, output, name, schools, order)
    return figures


def _chart(svg: Node, output: str, name: str, schools: frozenset[str], order: Sequence[str]) -> list[Figure]:
    """Chart coordinates carry each drawn value: y = baseline - (baseline - top_y)·(v - low)/(top - low),
    printed to 0.1 px, so v is known within 0.05 px of its scale."""
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
    document = parse_html(_get(client, f"/reports/{slug}/").decode())
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
        paths = list(json.loads(_get(client, url))["paths"])
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
        reading.figures += read_report_html(_get(client, url), html, scope, names)
        pdf = f"public {what} (PDF)"
        reading.outputs.append(pdf)
        reading.figures += read_report_pdf(_get(client, f"{url}report.pdf"), pdf, scope, indicators)
    return reading


# --- A partner's staff ---------------------------------------------------------------------------


def read_partner(client: Client, organization: int) -> Reading:
    reading = Reading("partner")
    output = "partner shared metrics (HTML)"
    reading.outputs.append(output)
    document = parse_html(_get(client, f"/organizations/{organization}/shared-metrics/").decode())
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
        document = parse_html(_get(client, f"/schools/{school.pk}/dashboard/").decode())
        for section in document.all("section", "indicator"):
            reading.figures += read_board(section, html, scope)
        table = f"council: dashboard of {school.name} (CSV)"
        reading.outputs.append(table)
        reading.figures += read_dashboard_csv(_get(client, f"/schools/{school.pk}/dashboard.csv"), table, scope)
    for council in councils:
        output = f"council: representation of council {council} (HTML)"
        reading.outputs.append(output)
        _representation(reading, _get(client, f"/councils/{council}/representation/"), output, council)
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
            _count(
                reading, total, cells[0].text(), output, f"families in all languages “{cells[0].text()}”", (1, math.inf)
            )
            reading.labels.setdefault(terms(total), f"council {council} · families in all")
    for name, count, share in found:
        one = {family_var(council, name): 1.0}
        reading.labels.setdefault(terms(one), f"council {council} · families speaking {name}")
        _count(reading, one, count, output, f"families speaking {name} “{count}”", (1, math.inf))
        fact = f"share of families speaking {name} “{share}”"
        shared = share_rows(one, total, share, n, output, fact)
        if shared is not None:
            reading.rows += shared
        elif share == HIDDEN:
            reading.rows.append(row(total, 0, n - 1, output, fact))


def _count(
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


# --- Surveys and barriers, as a district lead reads them ------------------------------------------


@dataclass(frozen=True)
class QuestionShape:
    pk: int
    kind: str
    options: int  # rows of its results table (5 for a scale)
    required: bool
    barrier: str
    barrier_option: int | None


@dataclass(frozen=True)
class SurveyShape:
    pk: int
    school: int
    languages: tuple[str, ...]
    questions: tuple[QuestionShape, ...]
    open: bool  # not a draft: its tagged questions count on the barrier dashboard


def survey_var(survey: int, question: int, option: int, language: str) -> str:
    return f"survey|{survey}|q{question}|o{option}|{language}"


def respondents_var(survey: int, language: str) -> str:
    return f"survey|{survey}|n|{language}"


_ONE_PICK = ("single", "scale", "ranking")


def survey_design(reading: Reading, shape: SurveyShape) -> None:
    """What the lead knows from the survey's design: a respondent picks one row of a single, scale
    or ranking question (at most), any number of a multiple-choice one."""
    output = f"design of survey {shape.pk}"
    for q in shape.questions:
        if q.kind not in (*_ONE_PICK, "multiple"):
            continue
        for language in shape.languages:
            n = {respondents_var(shape.pk, language): 1.0}
            picks = [{survey_var(shape.pk, q.pk, o, language): 1.0} for o in range(q.options)]
            for o, pick in enumerate(picks):
                reading.labels.setdefault(
                    terms(pick), f"survey {shape.pk} · question {q.pk} · row {o + 1} · {language}"
                )
            if q.kind in _ONE_PICK:
                high = 0.0 if q.required and q.kind != "ranking" else math.inf
                reading.rows.append(row(plus(n, times(-1, plus(*picks))), 0, high, output, "one answer each"))
            else:
                for pick in picks:
                    reading.rows.append(row(plus(n, times(-1, pick)), 0, math.inf, output, "each option once"))
        for language in shape.languages:
            reading.labels.setdefault(
                terms({respondents_var(shape.pk, language): 1.0}), f"survey {shape.pk} · respondents in {language}"
            )


def read_voice(client: Client, shapes: Sequence[SurveyShape], schools: Sequence[SchoolLink]) -> Reading:
    reading = Reading("lead (voice)")
    for shape in shapes:
        survey_design(reading, shape)
        views = [("", "everyone"), ("?by=language", "by language")] + [
            (f"?only={code}", f"only {code}") for code in shape.languages
        ]
        for query, what in views:
            output = f"lead: results of survey {shape.pk}, {what} (HTML)"
            reading.outputs.append(output)
            _survey_results(reading, _get(client, f"/surveys/{shape.pk}/results/{query}"), output, shape, query)
    for school in schools:
        output = f"lead: barrier dashboard of {school.name} (HTML)"
        reading.outputs.append(output)
        _barriers(
            reading,
            _get(client, f"/schools/{school.pk}/voice/barriers/"),
            output,
            [s for s in shapes if s.school == school.pk and s.open],
        )
    return reading


def _language_codes() -> dict[str, str]:
    return {str(name): code for code, name in settings.LANGUAGES}


def _survey_results(reading: Reading, content: bytes, output: str, shape: SurveyShape, query: str) -> None:
    n = int(settings.VILLAGE_SMALL_N)
    names = _language_codes()
    document = parse_html(content.decode())
    everyone = {respondents_var(shape.pk, lang): 1.0 for lang in shape.languages}
    reading.labels.setdefault(terms(everyone), f"survey {shape.pk} · respondents")
    for p in document.all("p", "meta"):
        match = re.search(r"([\d,]+) responses?\b", p.text())
        if match:
            total = to_number(match[1])
            reading.rows.append(row(everyone, total, total, output, f"{match[1]} responses"))
    only = query.removeprefix("?only=") if query.startswith("?only=") else ""
    if document.first("div", "message--warning") is not None and only:
        reading.rows.append(row({respondents_var(shape.pk, only): 1.0}, 0, n - 1, output, f"fewer than {n} in {only}"))
    questions = {q.pk: q for q in shape.questions}
    for section in document.all("section", "card"):
        match = re.fullmatch(r"q-(\d+)", section.attrs.get("aria-labelledby", ""))
        if match is None or int(match[1]) not in questions:
            continue
        q = questions[int(match[1])]
        for p in section.all("p", "meta"):
            if "Not shown" in p.text():
                for name in p.text().split(":", 1)[1].split(","):
                    code = names[name.strip()]
                    reading.rows.append(
                        row({respondents_var(shape.pk, code): 1.0}, 1, n - 1, output, f"fewer than {n} in {code}")
                    )
        table = section.first("table")
        if table is None:
            continue
        columns: list[tuple[str, ...]] = []
        for th in list((table.first("thead") or Node("thead", {})).all("th"))[1:]:
            label = th.own_text()
            size = th.first("span")
            if size is None:
                continue  # "Average rank"
            languages = shape.languages if label == "Everyone" else (names[label],)
            columns.append(languages)
            people = {respondents_var(shape.pk, lang): 1.0 for lang in languages}
            reading.labels.setdefault(terms(people), f"survey {shape.pk} · respondents in {'+'.join(languages)}")
            shown = size.text().removeprefix("(n=").removesuffix(")")
            _count(reading, people, shown, output, f"respondents {'+'.join(languages)} “{shown}”", (0, math.inf))
        for index, tr in enumerate((table.first("tbody") or Node("tbody", {})).all("tr")):
            cells = [td.text() for td in tr.all("td")][: len(columns)]
            for languages, text in zip(columns, cells, strict=True):
                picks = {survey_var(shape.pk, q.pk, index, lang): 1.0 for lang in languages}
                label = f"survey {shape.pk} · question {q.pk} · row {index + 1} · {'+'.join(languages)}"
                reading.labels.setdefault(terms(picks), label)
                _count(reading, picks, text, output, f"{label} “{text}”", (0, math.inf))


def _barriers(reading: Reading, content: bytes, output: str, shapes: Sequence[SurveyShape]) -> None:
    """Respondents naming each barrier: primary suppression alone, so "*" is 1 to N-1."""
    n = int(settings.VILLAGE_SMALL_N)
    with translation.override("en"):
        codes = {str(label): code for code, label in Barrier.choices}
    document = parse_html(content.decode())
    for tr in document.all("tr"):
        th, tds = tr.first("th"), list(tr.all("td"))
        if th is None or len(tds) != 3 or th.text() not in codes:
            continue
        code = codes[th.text()]
        tagged = [(s, q) for s in shapes for q in s.questions if q.barrier == code and q.barrier_option is not None]
        if len(tagged) != 1:
            continue  # several tagged questions count a respondent once: not a plain sum
        shape, q = tagged[0]
        assert q.barrier_option is not None
        picks = {survey_var(shape.pk, q.pk, q.barrier_option, lang): 1.0 for lang in shape.languages}
        text = tds[1].text()
        label = f"survey {shape.pk} · question {q.pk} · row {q.barrier_option + 1} · {'+'.join(shape.languages)}"
        reading.labels.setdefault(terms(picks), label)
        _count(reading, picks, text, output, f"respondents naming {code} “{text}”", (1, n - 1))


def survey_links(
    shapes: Sequence[SurveyShape],
    figures: Sequence[Figure],
    infos: Mapping[str, IndicatorInfo],
    feeds: Mapping[int, tuple[str, int, int]],
    school_names: Mapping[int, str],
) -> list[Row]:
    """An indicator fed by a survey's scale question counts answers from its period, a subset of
    the answers the results count: `feeds` maps question → (indicator, threshold, survey)."""
    out: list[Row] = []
    periods: dict[str, set[str]] = defaultdict(set)
    for f in figures:
        periods[f.indicator].add(f.period)
    by_pk = {s.pk: s for s in shapes}
    for question, (name, threshold, survey) in feeds.items():
        if name not in infos or survey not in by_pk:
            continue
        shape, info = by_pk[survey], infos[name]
        school = school_names[shape.school]
        every = {survey_var(survey, question, o, lang): 1.0 for o in range(5) for lang in shape.languages}
        high = {survey_var(survey, question, o, lang): 1.0 for o in range(threshold - 1, 5) for lang in shape.languages}
        for period in periods[name]:
            num = {cell_var(info, period, school, ALL, "n"): 1.0}
            den = {cell_var(info, period, school, ALL, "d"): 1.0}
            fact = f"{name} counts answers to question {question}"
            out.append(row(plus(every, times(-1, den)), 0, math.inf, "survey-fed indicator", fact))
            out.append(row(plus(high, times(-1, num)), 0, math.inf, "survey-fed indicator", fact))
            out.append(
                row(plus(every, times(-1, high), times(-1, den), num), 0, math.inf, "survey-fed indicator", fact)
            )
    return out


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
        out[indicator.name] = IndicatorInfo(
            indicator.name, indicator.unit, indicator.denominator, tuple(indicator.groups), counts
        )
    return out


def indicator_truth(district_id: int) -> dict[tuple[str, str, str, str], CellTruth]:
    from django.db.models import Sum

    from village.indicators.models import Value

    rows = (
        Value.objects.filter(district_id=district_id)
        .values("indicator__name", "period__label", "school__name", "group")
        .annotate(n=Sum("numerator"), d=Sum("denominator"), s=Sum("students"))
    )
    return {
        (r["indicator__name"], r["period__label"], r["school__name"], r["group"]): CellTruth(r["n"], r["d"], r["s"])
        for r in rows
    }


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


def survey_shape(survey_pk: int) -> SurveyShape:
    from village.voice.models import QuestionKind, Survey, SurveyStatus

    survey = Survey.objects.get(pk=survey_pk)
    questions = tuple(
        QuestionShape(
            q.pk,
            q.kind,
            5 if q.kind == QuestionKind.SCALE else len(q.options),
            q.required,
            q.barrier,
            q.barrier_option,
        )
        for q in survey.questions.order_by("position")
    )
    return SurveyShape(
        survey.pk, survey.school_id, tuple(survey.languages), questions, survey.status != SurveyStatus.DRAFT
    )


def survey_truth(shape: SurveyShape) -> dict[str, float]:
    from village.voice.models import Response

    out: dict[str, float] = defaultdict(float)
    for language, answers in Response.objects.filter(survey_id=shape.pk).values_list("language", "answers"):
        out[respondents_var(shape.pk, language)] += 1
        for q in shape.questions:
            answer = answers.get(str(q.pk)) if isinstance(answers, dict) else None
            if q.kind == "scale" and isinstance(answer, int) and 1 <= answer <= 5:
                picked = [answer - 1]
            elif q.kind == "single" and isinstance(answer, int):
                picked = [answer]
            elif q.kind == "ranking" and isinstance(answer, list) and answer and isinstance(answer[0], int):
                picked = [answer[0]]
            elif q.kind == "multiple" and isinstance(answer, list):
                picked = [a for a in answer if isinstance(a, int)]
            else:
                picked = []
            for option in picked:
                out[survey_var(shape.pk, q.pk, option, language)] += 1
    return dict(out)


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
