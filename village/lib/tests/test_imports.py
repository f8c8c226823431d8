"""The import pipeline: reading CSV and XLSX with encoding detection and limits, and the report."""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import json
from collections.abc import Iterator

import openpyxl
import pytest
from django.template.loader import render_to_string
from django.utils import translation

from village.lib.imports import (
    ImportReport,
    ImportStatus,
    Limits,
    Note,
    Rejection,
    UnreadableFile,
    decode,
    read_csv,
    read_table,
    rejections_response,
)
from village.lib.spreadsheet import safe_cell


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages are compared in English, whatever language an earlier test left active."""
    with translation.override("en"):
        yield


def test_utf8_with_and_without_a_byte_order_mark_reads_alike() -> None:
    plain = "id,name\n1,Café Esperanza\n".encode()
    for data in (plain, codecs.BOM_UTF8 + plain):
        table = read_table(data, "orgs.csv")
        assert table.encoding == "utf-8"
        assert table.header == ["id", "name"]
        assert [row.values for row in table] == [{"id": "1", "name": "Café Esperanza"}]


def test_windows_1252_is_recognised() -> None:
    table = read_csv("id,name\n1,Café Esperanza\n".encode("cp1252"), "orgs.csv", encodings=("cp1252",))
    assert table.encoding == "cp1252"
    assert table.rows[0].get("name") == "Café Esperanza"


def test_an_arabic_file_in_windows_1256_is_recognised() -> None:
    text = "id,name\n1,مكتبة الحي للأطفال والعائلات في المدينة\n"
    table = read_csv(text.encode("cp1256"), "orgs.csv")
    assert table.rows[0].get("name") == "مكتبة الحي للأطفال والعائلات في المدينة"


def test_a_binary_file_is_refused_in_words() -> None:
    with pytest.raises(UnreadableFile) as caught:
        read_table(b"PK\x03\x04\x00\x00binary", "roster.csv")
    assert caught.value.code == "binary"
    assert caught.value.message() == "roster.csv is not a text file. Save it as CSV (UTF-8) and upload it again."


def test_a_file_no_encoding_fits_is_refused() -> None:
    with pytest.raises(UnreadableFile) as caught:
        decode(b"id,name\r\n1,Caf\x81\x8d\r\n", "orgs.csv", encodings=("cp1252",))
    assert caught.value.code == "bad_encoding"
    assert "not UTF-8 text" in caught.value.message()


def test_a_file_marked_utf8_but_not_utf8_names_the_encoding() -> None:
    with pytest.raises(UnreadableFile) as caught:
        decode(codecs.BOM_UTF8 + b"id,name\n1,Caf\xe9\n", "orgs.csv")
    assert caught.value.code == "bad_encoding"
    assert caught.value.message() == (
        "orgs.csv looks like utf-8 text but is not valid utf-8 (at byte 16). "
        "Save it as CSV (UTF-8) and upload it again."
    )


def test_the_error_is_translated_with_its_placeholders() -> None:
    with pytest.raises(UnreadableFile) as caught:
        read_table(b"a\n" + b"1\n" * 11, "big.csv", limits=Limits(max_rows=10))
    assert caught.value.code == "too_many_rows"
    assert caught.value.message() == ("big.csv has more than 10 rows; the most Village reads from one file is 10.")
    with translation.override("es"):
        assert "10" in caught.value.message() and "big.csv" in caught.value.message()
        assert caught.value.message() != caught.value.reason % caught.value.params


def test_limits_name_the_limit() -> None:
    with pytest.raises(UnreadableFile) as caught:
        read_table(b"a\n" + b"1\n" * 100, "big.csv", limits=Limits(max_bytes=100))
    assert caught.value.code == "too_large"
    assert "0.0001" not in caught.value.message()
    limits = Limits(max_bytes=3 * 1024 * 1024)
    with pytest.raises(UnreadableFile) as caught:
        read_table(b"a\n" + b"x" * (4 * 1024 * 1024), "big.csv", limits=limits)
    assert caught.value.message() == "big.csv is 4 MB; the most Village reads from one file is 3 MB."
    assert read_table(b"a\n" + b"1\n" * 10, "ok.csv", limits=Limits(max_rows=10)).dataset.height == 10


def test_rows_number_as_a_spreadsheet_shows_them_and_ragged_rows_are_flagged() -> None:
    text = 'id, name ,\n1,"Two\nlines",\n\n2,Short\n3,Long,,extra,\n'
    table = read_table(text.encode(), "t.csv")
    assert table.header == ["id", "name", ""]
    assert [(r.number, r.index) for r in table] == [(2, 1), (4, 2), (5, 3)]
    first, short, long = table.rows
    assert first.values == {"id": "1", "name": "Two\nlines"} and not first.overflow and not first.stray
    assert short.values == {"id": "2", "name": "Short"}
    assert long.stray == ("extra",) and long.overflow
    # The dataset is rectangular: every row cut or padded to the header.
    assert table.dataset.width == 3 and table.dataset[2] == ("3", "Long", "")


def test_xlsx_reads_the_first_sheet_as_text() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["indicator", "numerator", "when", "note"])
    sheet.append(["READ-3", 12.0, datetime.datetime(2026, 9, 1), None])  # noqa: DTZ001 (spreadsheet dates have no zone)
    sheet.append(["MATH-5", 7, None, "late"])
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_table(buffer.getvalue(), "values.XLSX")
    assert table.encoding == "xlsx"
    assert [r.values for r in table] == [
        {"indicator": "READ-3", "numerator": "12", "when": "2026-09-01", "note": ""},
        {"indicator": "MATH-5", "numerator": "7", "when": "", "note": "late"},
    ]
    with pytest.raises(UnreadableFile) as caught:
        read_table(b"not a workbook", "values.xlsx")
    assert caught.value.code == "bad_xlsx"


def test_a_report_round_trips_through_json_and_translates_when_shown() -> None:
    report = ImportReport()
    report.count("created", 3)
    report.count("rejected")
    reason = "Row %(row)s: not a date."
    report.reject(Rejection("users.csv", 7, "birthDate", "bad_date", "31/02/2020", reason, {"row": 7}))
    report.note("Files Village does not read were skipped: %(files)s", files="contacts.csv")
    stored = json.loads(json.dumps(report.as_json()))
    again = ImportReport.from_json(stored)
    assert again == report
    assert again.counts == {"created": 3, "rejected": 1}
    assert again.rejections[0].message() == "Row 7: not a date."
    assert str(again.notes[0]) == "Files Village does not read were skipped: contacts.csv"
    progress = Note("%(done)s of %(total)s rows written (%(percent)s%%).", {"done": 1200, "total": 2400, "percent": 50})
    assert progress.message() == "1,200 of 2,400 rows written (50%)."
    with translation.override("es"):
        assert progress.message() == "1\xa0200 de 2\xa0400 filas escritas (50 %)."
    # Equality is about where and what, not the wording.
    assert Rejection("users.csv", 7, "birthDate", "bad_date", "31/02/2020") == again.rejections[0]
    # Older stored rejections have no reason: the code stands in.
    assert Rejection.from_json({"file": "a.csv", "row": 2, "field": "", "code": "required"}).message() == "required"
    assert Note("Plain.").message() == "Plain."
    assert ImportReport.from_json(None) == ImportReport()


def test_the_rejections_download_neutralises_formulas() -> None:
    report = ImportReport()
    for value in ('=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tx", "\rx", "plain"):
        report.reject(Rejection("f.csv", 2, "name", "bad_value", value, "Not allowed: %(value)s", {"value": value}))
    response = rejections_response(report, "rejections.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="rejections.csv"'
    body = response.content
    assert body.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["File", "Row", "Field", "Value", "Reason"]
    values = [row[3] for row in rows[1:]]
    assert values == ['\'=HYPERLINK("http://x")', "+1", "-2", "'@SUM(A1)", "'\tx", "'\rx", "plain"]
    assert all(row[4].startswith("Not allowed: ") for row in rows[1:])
    assert safe_cell("") == ""


def test_the_progress_partial_polls_while_running_and_lists_the_outcome() -> None:
    class Job:
        status = ImportStatus.RUNNING
        dry_run = True
        is_active = True

        def get_status_display(self) -> str:
            return str(ImportStatus.RUNNING.label)

        def progress_text(self) -> str:
            return "5 of 10 rows written (50%)."

    html = render_to_string("lib/_import_progress.html", {"job": Job(), "poll_url": "/imports/7/"})
    assert 'hx-get="/imports/7/"' in html and 'aria-live="polite"' in html
    assert "5 of 10 rows written (50%)." in html and 'href="/imports/7/"' in html
    Job.is_active = False
    html = render_to_string(
        "lib/_import_progress.html",
        {"job": Job(), "poll_url": "/imports/7/", "stats": [(1200, "services added")], "notes": ["Skipped: x"]},
    )
    assert "hx-get" not in html and "Reload" not in html
    assert "<strong>1,200</strong> services added" in html and "Skipped: x" in html
