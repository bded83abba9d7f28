"""Server-drawn SVG charts: well-formed, accessible (role, title, desc, per-mark titles),
escaped, and drawing the numbers they claim."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest

from grassroots.insights import charts
from grassroots.insights.templatetags import insights_tags
from grassroots.insights.tests import sample_reports

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)  # noqa: S314 - our own markup


def text_of(element: ET.Element, tag: str) -> str:
    child = element.find(f"{SVG}{tag}")
    assert child is not None and child.text is not None, tag
    return child.text


def attr(element: ET.Element | None, name: str) -> str:
    assert element is not None
    value = element.get(name)
    assert value is not None, name
    return value


def number(element: ET.Element | None, name: str) -> float:
    return float(attr(element, name))


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, 1.0), (1, 1.0), (3, 5.0), (7, 10.0), (12, 20.0), (21, 25.0), (240, 250.0), (0.3, 0.5)],
)
def test_axis_maximum_is_a_round_number_at_or_above_the_data(value, expected):
    assert charts.nice_ceiling(value) == pytest.approx(expected)


def test_volume_chart_is_an_accessible_svg_with_a_titled_bar_per_period():
    series = sample_reports.series(10)
    svg = parse(charts.volume_chart(series, chart_id="v", title="Notes over time"))
    assert svg.tag == f"{SVG}svg"
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "v-title v-desc"
    assert text_of(svg, "title") == "Notes over time"
    assert str(sum(p.notes for p in series)) in text_of(svg, "desc")
    bars = svg.findall(f"{SVG}rect")
    assert len(bars) == len(series)
    for bar, point in zip(bars, series, strict=True):
        assert text_of(bar, "title") == f"{point.day.isoformat()}: {point.notes} notes"
    # Bar heights are proportional to the counts (same scale for all bars).
    heights = [number(bar, "height") for bar in bars]
    ratios = {round(h / p.notes, 6) for h, p in zip(heights, series, strict=True)}
    assert len(ratios) == 1
    labels = [text.text for text in svg.findall(f"{SVG}text")]
    assert "11-01" in labels and "11-10" in labels  # first and last period under the axis


def test_sentiment_chart_stacks_each_period_to_the_full_height():
    series = sample_reports.series(6)
    series[2] = replace(series[2], positive=0, neutral=0, negative=0)  # an empty period
    svg = parse(charts.sentiment_chart(series, chart_id="s", title="Sentiment"))
    rects = svg.findall(f"{SVG}rect")
    by_x: dict[str, float] = {}
    for rect in rects:
        by_x[attr(rect, "x")] = by_x.get(attr(rect, "x"), 0.0) + number(rect, "height")
    assert len(by_x) == 5  # nothing drawn for the empty period
    plot_height = charts.HEIGHT - charts.TOP - charts.BOTTOM
    assert all(total == pytest.approx(plot_height, abs=0.3) for total in by_x.values())
    titles = [text_of(rect, "title") for rect in rects]
    assert any("negative" in title and "%" in title for title in titles)


def test_empty_series_still_draws_a_valid_chart():
    svg = parse(charts.volume_chart([], chart_id="e", title="Nothing"))
    assert svg.findall(f"{SVG}rect") == []
    assert attr(parse(charts.sparkline([], chart_id="sp", title="t")), "role") == "img"


def test_sparkline_has_a_point_per_period():
    series = sample_reports.series(7)
    svg = parse(charts.sparkline(series, chart_id="sp", title="Trend"))
    points = attr(svg.find(f"{SVG}polyline"), "points").split()
    assert len(points) == 7
    assert "sparkline" in attr(svg, "class")


def test_labels_and_titles_are_escaped():
    rows = [charts.BarRow('<script>alert(1)</script>"', 0.5, "50.0%")]
    markup = charts.bar_chart(rows, chart_id="b", title="<b>x</b>", desc="a & b")
    assert "<script>" not in markup and "<b>x" not in markup
    svg = parse(markup)
    assert text_of(svg, "title") == "<b>x</b>"
    assert text_of(svg, "desc") == "a & b"


def test_diverging_bars_go_left_for_negative_and_right_for_positive():
    rows = [charts.BarRow("a", -0.5, "-0.50"), charts.BarRow("b", 0.25, "+0.25")]
    svg = parse(charts.diverging_chart(rows, chart_id="d", title="Net", desc="net"))
    centre = number(svg.find(f"{SVG}line"), "x1")
    left, right = svg.findall(f"{SVG}rect")
    assert [t.text for t in svg.findall(f"{SVG}text")] == ["a", "-0.50", "b", "+0.25"]
    assert number(left, "x") + number(left, "width") == pytest.approx(centre)
    assert number(right, "x") == pytest.approx(centre)
    assert number(left, "width") == pytest.approx(2 * number(right, "width"), abs=0.2)


def test_template_filters():
    assert insights_tags.percent(0.1234) == "12.3%"
    assert insights_tags.percent(None) == "-"
    assert insights_tags.signed(0.421) == "+0.42"
    assert insights_tags.signed(-0.1) == "-0.10"
    assert insights_tags.signed(0.001) == "0.00"
    assert insights_tags.kind_label("pain_point") == "Pain point"
    report = sample_reports.report()
    assert [t.key for t in insights_tags.of_kind(report.themes, "need")] == ["small-size"]
    assert insights_tags.quote_url(sample_reports.quote("x", note_id=5)) == "/n/5"
    assert insights_tags.quote_url(sample_reports.quote("x", 5, 9)) == "/n/5#comment-9"


def test_small_counts_get_whole_number_ticks():
    series = [replace(point, notes=1) for point in sample_reports.series(3)]
    svg = parse(charts.volume_chart(series, chart_id="w", title="t"))
    labels = [text.text for text in svg.findall(f"{SVG}text")]
    assert labels[:3] == ["0", "1", "2"]
    assert "chart-time" in attr(svg, "class")
