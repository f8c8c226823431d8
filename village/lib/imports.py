"""The one import pipeline: read an uploaded table, report what happened, keep the job's progress.

Every importer goes the same way:

1. `read_table(data, name)` turns an uploaded CSV or XLSX file into a `Table` (a
   `tablib.Dataset` whose cells are all text, and its rows as dicts keyed by the header).
   CSV is decoded as UTF-8 (with or without a byte-order mark) and otherwise in the encoding
   charset-normalizer recognises; a binary file, a file that is not valid in the encoding
   found, or one over the `Limits` raises `UnreadableFile`, whose message names the problem
   (and the encoding or the limit).
2. The importer checks the rows into a plan of its own, collecting `Rejection`s (where, what
   and why) in an `ImportReport` with counts per outcome (created, updated, unchanged,
   rejected, or the importer's own) and `Note`s.
3. An action applies the plan. A background import keeps its progress and its report (as
   JSON) on a row of a model built on `ImportJob`, shown by `templates/lib/_import_progress.html`.

Reasons and notes are stored untranslated (a msgid marked with `gettext_noop`, plus named
parameters) and translated when shown, so each reader sees them in their own language.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime
import io
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import ClassVar, NotRequired, Self, TypedDict

import tablib
from charset_normalizer import from_bytes
from django.conf import settings
from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from village.lib.archives import open_zip
from village.lib.file_accounts import FileAccount, FileAccountJSON
from village.lib.rejections import MAX_VALUE as MAX_VALUE
from village.lib.rejections import Param as Param
from village.lib.rejections import Rejection as Rejection
from village.lib.rejections import RejectionJSON as RejectionJSON
from village.lib.rejections import UnreadableFile as UnreadableFile
from village.lib.rejections import formatted_params, json_params
from village.lib.rejections import megabytes as megabytes
from village.lib.spreadsheet import safe_cell

# How much of a value not kept as given a report keeps: whole texts, so the download gives them back.
MAX_CHANGED_VALUE = 20_000
# How much of the start of a file is searched for NUL bytes, which text files never hold.
BINARY_PROBE = 8192


@dataclass(frozen=True)
class Limits:
    """The most an importer reads from one file; a file over either is refused as a whole."""

    max_bytes: int = field(default_factory=lambda: settings.VILLAGE_UPLOAD_MAX_MB * 1024 * 1024)
    max_rows: int = 100_000


DEFAULT_LIMITS = Limits()


# --- Reading ---------------------------------------------------------------------------------


def check_size(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse a file over the byte limit before anything else reads it."""
    if len(data) > limits.max_bytes:
        raise UnreadableFile(
            "too_large",
            gettext_noop("%(file)s is %(size)s MB; the most Village reads from one file is %(limit)s MB."),
            file=name,
            size=megabytes(len(data)),
            limit=megabytes(limits.max_bytes),
        )


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # a Python codec name: "utf-8", "cp1252", …


def decode(data: bytes, name: str, *, encodings: tuple[str, ...] | None = None) -> Decoded:
    """The text of a file: UTF-8 (a byte-order mark is dropped) first, else the encoding charset-normalizer finds.

    `encodings` narrows what detection may answer (a source known to be UTF-8 or Windows-1252
    passes ("cp1252",)); None lets it consider every encoding it knows. Raises `UnreadableFile`
    for a binary file, a file no encoding fits, or one that is not valid in the encoding found.
    """
    if data.startswith(codecs.BOM_UTF8):
        try:
            return Decoded(data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8")
        except UnicodeDecodeError as exc:
            raise _invalid(name, "utf-8", exc.start + len(codecs.BOM_UTF8)) from None
    if b"\x00" in data[:BINARY_PROBE]:
        raise UnreadableFile(
            "binary",
            gettext_noop("%(file)s is not a text file. Save it as CSV (UTF-8) and upload it again."),
            file=name,
        )
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=list(encodings) if encodings else None).best()
    if best is None:
        raise UnreadableFile(
            "bad_encoding",
            gettext_noop(
                "%(file)s is not UTF-8 text, and no other text encoding fits it. "
                "Save it as CSV (UTF-8) and upload it again."
            ),
            file=name,
        )
    # Detection reads samples of a large file: the whole file must still be valid in what it found.
    encoding = codecs.lookup(best.encoding).name
    try:
        return Decoded(data.decode(encoding), encoding)
    except UnicodeDecodeError as exc:
        raise _invalid(name, encoding, exc.start) from None


def _invalid(name: str, encoding: str, position: int) -> UnreadableFile:
    return UnreadableFile(
        "bad_encoding",
        gettext_noop(
            "%(file)s looks like %(encoding)s text but is not valid %(encoding)s (at byte %(position)s). "
            "Save it as CSV (UTF-8) and upload it again."
        ),
        file=name,
        encoding=encoding,
        position=position,
    )


@dataclass(frozen=True)
class TableRow:
    """One data row.

    `number` is the row as a spreadsheet shows it (the header is row 1, so the first data row
    is 2); `index` counts data rows only (1 for the first, blank lines not counted). `values`
    holds the named columns, stripped (a later column of the same name wins); `stray` the
    non-empty cells under a column without a name or beyond the header; `overflow` says the
    row has more cells than the header has columns (even empty ones).
    """

    number: int
    index: int
    values: dict[str, str]
    stray: tuple[str, ...] = ()
    overflow: bool = False

    def get(self, name: str, default: str = "") -> str:
        return self.values.get(name, default)


@dataclass
class Table:
    """A file read as a table: `dataset` has the header and every row cut or padded to its width, all text."""

    name: str
    encoding: str  # the text encoding read, or "xlsx"
    dataset: tablib.Dataset
    rows: list[TableRow]

    @property
    def header(self) -> list[str]:
        return [str(h) for h in (self.dataset.headers or [])]

    def missing(self, required: Sequence[str]) -> list[str]:
        """The required columns the header lacks, in the order given."""
        have = set(self.header)
        return [column for column in required if column not in have]

    def __iter__(self) -> Iterator[TableRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def _cell(value: object) -> str:
    """An XLSX cell as the text a CSV export of it would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _too_many_rows(name: str, limits: Limits) -> UnreadableFile:
    return UnreadableFile(
        "too_many_rows",
        gettext_noop("%(file)s has more than %(limit)s rows; the most Village reads from one file is %(limit)s."),
        file=name,
        limit=limits.max_rows,
    )


def _table(name: str, encoding: str, records: Iterator[list[str]], limits: Limits) -> Table:
    header: list[str] | None = None
    width = 0
    cells: list[list[str]] = []
    rows: list[TableRow] = []
    number = 0
    for record in records:
        number += 1
        if header is None:
            header = [column.strip() for column in record]
            width = len(header)
            continue
        if not any(cell.strip() for cell in record):
            continue  # a blank line (or a row of empty cells) is not a row
        if len(rows) >= limits.max_rows:
            raise _too_many_rows(name, limits)
        stripped = [cell.strip() for cell in record]
        values: dict[str, str] = {}
        stray: list[str] = []
        for position, cell in enumerate(stripped):
            column = header[position] if position < width else ""
            if column:
                values[column] = cell
            elif cell:
                stray.append(cell)
        rows.append(TableRow(number, len(rows) + 1, values, tuple(stray), len(record) > width))
        cells.append((stripped + [""] * width)[:width])
    dataset = tablib.Dataset(*cells, headers=header or [])
    return Table(name=name, encoding=encoding, dataset=dataset, rows=rows)


def read_csv(
    data: bytes, name: str, *, limits: Limits = DEFAULT_LIMITS, encodings: tuple[str, ...] | None = None
) -> Table:
    """A CSV file (comma-separated, quoted the spreadsheet way) as a `Table`."""
    check_size(data, name, limits)
    decoded = decode(data, name, encodings=encodings)
    try:
        return _table(name, decoded.encoding, csv.reader(io.StringIO(decoded.text, newline="")), limits)
    except csv.Error as exc:
        raise UnreadableFile(
            "bad_csv", gettext_noop("%(file)s cannot be read as CSV: %(problem)s."), file=name, problem=str(exc)
        ) from None


def read_xlsx(data: bytes, name: str, *, limits: Limits = DEFAULT_LIMITS) -> Table:
    """The first sheet of an Excel workbook as a `Table` (numbers and dates as a CSV export writes them)."""
    check_size(data, name, limits)
    with contextlib.suppress(zipfile.BadZipFile):  # not a workbook: the reader below says so
        open_zip(data, name).close()  # a workbook is a zip: refused before it unpacks past the limits
    try:
        loaded = tablib.Dataset().load(io.BytesIO(data), format="xlsx", headers=False)
    except Exception:  # openpyxl raises many kinds of error for a file that is not a workbook
        raise UnreadableFile(
            "bad_xlsx",
            gettext_noop("%(file)s cannot be read as an Excel workbook (.xlsx)."),
            file=name,
        ) from None
    records = ([_cell(value) for value in row] for row in loaded)
    return _table(name, "xlsx", records, limits)


def read_table(
    data: bytes, name: str, *, limits: Limits = DEFAULT_LIMITS, encodings: tuple[str, ...] | None = None
) -> Table:
    """A CSV or XLSX file, by its name's extension (anything not .xlsx is read as CSV)."""
    if name.lower().endswith(".xlsx"):
        return read_xlsx(data, name, limits=limits)
    return read_csv(data, name, limits=limits, encodings=encodings)


# --- Reporting -------------------------------------------------------------------------------


def _dicts(value: object) -> list[dict[str, object]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


class NoteJSON(TypedDict):
    text: str
    params: dict[str, Param]


@dataclass(frozen=True)
class Note:
    """Something the report tells beyond counts and rejections; `text` is a msgid with named placeholders."""

    text: str
    params: Mapping[str, Param] = field(default_factory=dict, hash=False)

    def message(self) -> str:
        return gettext(self.text) % formatted_params(self.params) if self.params else gettext(self.text)

    def __str__(self) -> str:
        return self.message()

    def as_json(self) -> NoteJSON:
        return {"text": self.text, "params": dict(self.params)}


def unkept_columns(table: Table, kept: Iterable[str]) -> dict[str, int]:
    """The table's columns not in `kept`, each with how many non-empty values it held; "" counts the
    non-empty cells beyond the header or under a column without a name."""
    keep = set(kept)
    counts = {column: 0 for column in table.header if column and column not in keep}
    stray = 0
    for row in table:
        for column in counts:
            if row.values.get(column):
                counts[column] += 1
        stray += len(row.stray)
    if stray:
        counts[""] = stray
    return counts


class ReportJSON(TypedDict):
    counts: dict[str, int]
    rejections: list[RejectionJSON]
    notes: list[NoteJSON]
    changes: NotRequired[list[RejectionJSON]]
    files: NotRequired[list[FileAccountJSON]]
    unchanged: NotRequired[list[str]]


@dataclass
class ImportReport:
    """What an import did: counts per outcome, the rejected rows, notes, and the values of imported
    rows that were not kept as given (`changes`: each a `Rejection` of one field whose row was
    still imported, its reason saying what happened: left out, rounded, defaulted). Stored as JSON
    on its job.

    `files` accounts for each file's rows and columns (see `FileAccount`); `unchanged` holds the
    IDs of existing records left exactly as they were because a row about them was rejected."""

    counts: dict[str, int] = field(default_factory=dict)
    rejections: list[Rejection] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    changes: list[Rejection] = field(default_factory=list)
    files: list[FileAccount] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def count(self, outcome: str, by: int = 1) -> None:
        self.counts[outcome] = self.counts.get(outcome, 0) + by

    def reject(self, rejection: Rejection) -> Rejection:
        self.rejections.append(rejection)
        return rejection

    def note(self, text: str, **params: Param) -> None:
        self.notes.append(Note(text, params))

    def as_json(self) -> ReportJSON:
        data: ReportJSON = {
            "counts": dict(self.counts),
            "rejections": [r.as_json() for r in self.rejections],
            "notes": [n.as_json() for n in self.notes],
        }
        if self.changes:
            data["changes"] = [c.as_json(MAX_CHANGED_VALUE) for c in self.changes]
        if self.files:
            data["files"] = [f.as_json() for f in self.files]
        if self.unchanged:
            data["unchanged"] = list(self.unchanged)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, object] | None) -> Self:
        data = data or {}
        counts = data.get("counts")
        rejections = data.get("rejections")
        notes = data.get("notes")
        return cls(
            counts={str(k): v for k, v in counts.items() if isinstance(v, int)} if isinstance(counts, dict) else {},
            rejections=[Rejection.from_json(r) for r in _dicts(rejections)],
            notes=[Note(str(n.get("text", "")), json_params(n.get("params"))) for n in _dicts(notes)],
            changes=[Rejection.from_json(r) for r in _dicts(data.get("changes"))],
            files=[FileAccount.from_json(f) for f in _dicts(data.get("files"))],
            unchanged=[str(u) for u in unchanged] if isinstance(unchanged := data.get("unchanged"), list) else [],
        )

    def rejections_csv(self) -> str:
        """The rejections as CSV in the active language, with formula-like cells neutralised."""
        return _lines_csv(self.rejections)

    def changes_csv(self) -> str:
        """The values not kept as given, as CSV in the active language (whole values, not cut)."""
        return _lines_csv(self.changes, cut=False)


def _lines_csv(lines: Sequence[Rejection], *, cut: bool = True) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([gettext("File"), gettext("Row"), gettext("Field"), gettext("Value"), gettext("Reason")])
    for r in lines:
        shown = r.value[:MAX_VALUE] if cut else r.value
        writer.writerow([str(safe_cell(c)) for c in (r.file, str(r.row), r.field, shown, r.message())])
    return out.getvalue()


def rejections_response(report: ImportReport, filename: str, *, changes: bool = False) -> HttpResponse:
    """A download of the report's rejections, or with `changes` its values not kept as given (UTF-8
    with a byte-order mark, which spreadsheets read as UTF-8)."""
    text = report.changes_csv() if changes else report.rejections_csv()
    response = HttpResponse(codecs.BOM_UTF8 + text.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- The job ---------------------------------------------------------------------------------


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    CHECKED = "checked", _("Checked, nothing applied")
    APPLIED = "applied", _("Applied")
    REFUSED = "refused", _("Not applied: some rows were rejected")
    FAILED = "failed", _("Failed")


ACTIVE = (ImportStatus.QUEUED, ImportStatus.RUNNING)


class ImportJob(models.Model):
    """One import run in the background: who started it, its file, progress and report.

    Subclasses add what the import belongs to (a region, a district) and set
    `progress_message`, the sentence shown while it runs (a msgid with `%(done)s`,
    `%(total)s` and `%(percent)s`).
    """

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    filename = models.CharField(_("file"), max_length=255, blank=True)
    stored_path = models.CharField(max_length=500, blank=True)
    dry_run = models.BooleanField(_("dry run"), default=False)
    apply_valid = models.BooleanField(_("apply valid rows"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    processed = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    progress_message: ClassVar[str] = gettext_noop("%(done)s of %(total)s rows written (%(percent)s%%).")

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    @property
    def percent(self) -> int:
        return int(100 * self.processed / self.total) if self.total else 0

    @property
    def is_active(self) -> bool:
        """Queued or running: its page keeps polling."""
        return self.status in ACTIVE

    def progress_text(self) -> str:
        params: dict[str, Param] = {"done": self.processed, "total": self.total, "percent": self.percent}
        return gettext(self.progress_message) % formatted_params(params)

    def get_report(self) -> ImportReport:
        return ImportReport.from_json(self.report)

    def store_report(self, report: ImportReport) -> None:
        """Keep the report on the row (the caller saves)."""
        self.report = dict(report.as_json())

    @property
    def counts(self) -> dict[str, int]:
        """The stored report's counts (empty until the job has a report)."""
        counts = self.report.get("counts") if isinstance(self.report, dict) else None
        return counts if isinstance(counts, dict) else {}

    @property
    def rejections(self) -> list[dict[str, object]]:
        """The stored report's rejections, as stored (see `RejectionJSON`)."""
        rejections = self.report.get("rejections") if isinstance(self.report, dict) else None
        return _dicts(rejections)
