"""CSV exports: UTF-8 with BOM, quoting that survives commas, quotes and line breaks, no
formulas, Chinese kept; through HTTP on analysed notes in test_views.py."""

from __future__ import annotations

import csv
import io

from grassroots.insights import exports
from grassroots.insights.tests import sample_reports


def rows_of(content: str) -> list[list[str]]:
    assert content.startswith(exports.BOM)
    return list(csv.reader(io.StringIO(content[len(exports.BOM) :])))


def test_themes_csv_has_a_header_and_a_row_per_theme_in_rank_order():
    report = sample_reports.report()
    rows = rows_of(exports.themes_csv(report))
    assert rows[0] == list(exports.THEME_COLUMNS)
    assert [row[1] for row in rows[1:]] == ["neck-tilt", "small-size", "light"]
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["rank"] == "1"
    assert first["label"] == "宝宝脖子歪 · 头托"
    assert first["kind"] == "pain_point"
    assert first["share"] == "0.25"
    assert first["rising"] == "yes"
    assert first["terms"] == "脖子 头托"
    assert first["quote_note_id"] == "11"


def test_awkward_text_stays_in_its_cell_and_never_becomes_a_formula():
    nasty = sample_reports.theme(
        "nasty",
        '=HYPERLINK("http://evil","x"), then',
        quotes=[sample_reports.quote('He said "no",\nthen left; 真的', note_id=7)],
    )
    minus = sample_reports.theme("minus", "-1 star", sentiment=-0.75)
    report = sample_reports.report(themes=[nasty, minus])
    content = exports.themes_csv(report)
    assert "\r\n" in content  # RFC 4180 line ends (Excel)
    rows = rows_of(content)
    assert len(rows) == 3
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["label"] == '\'=HYPERLINK("http://evil","x"), then'
    assert record["quote"] == 'He said "no",\nthen left; 真的'
    second = dict(zip(rows[0], rows[2], strict=True))
    assert second["label"] == "'-1 star"
    assert second["sentiment"] == "-0.75"  # numbers stay numbers


def test_series_csv():
    report = sample_reports.report()
    rows = rows_of(exports.series_csv(report))
    assert rows[0] == ["day", "notes", "positive", "neutral", "negative"]
    assert len(rows) == 1 + len(report.series)
    point = report.series[3]
    assert rows[4] == [
        point.day.isoformat(),
        str(point.notes),
        str(point.positive),
        str(point.neutral),
        str(point.negative),
    ]


def test_file_names_are_ascii_and_name_the_scope_and_window():
    report = sample_reports.report()
    assert (
        exports.export_filename(report, "themes")
        == "insights-brand-babyco-themes-2026-11-01-2026-11-14.csv"
    )
    chinese = sample_reports.report(scope=sample_reports.InsightScope(q='推车 "x"'))
    name = exports.export_filename(chinese, "series")
    assert name.isascii() and '"' not in name and name.endswith(".csv")


def test_csv_response_is_an_attachment_in_utf8():
    response = exports.csv_response(exports.BOM + "a,b\r\n", "x.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
