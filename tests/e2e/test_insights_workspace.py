"""The brand workspace in a real browser: charts drawn, a filter refreshes the report in place
(htmx, the URL follows), and a quote opens the public note it came from."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from grassroots.insights.reading import analysis_today
from grassroots.insights.tests.workspace_world import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def kpi_notes(page: Any) -> int:
    return int(page.locator('[data-testid="kpi-notes"]').inner_text())


def test_a_member_filters_the_workspace_and_opens_a_quoted_note(page: Any, login: Any, shoot: Any):
    world = build_world()
    login(world.member)
    page.goto("/b/babyco/insights")
    assert page.locator('[data-testid="insight-workspace"]').is_visible()
    # Charts are inline SVG with accessible names, and the nav bar links here.
    volume = page.locator("svg#chart-volume")
    assert volume.is_visible()
    assert volume.get_attribute("role") == "img"
    assert page.locator("svg#chart-volume rect.chart-mark").count() == 90
    assert page.locator("svg#chart-sentiment").is_visible()
    assert page.locator('[data-testid="competitors"] svg').count() == 2
    assert page.locator('[data-testid="nav-insights"]').get_attribute("href") == (
        "/b/babyco/insights"
    )
    assert kpi_notes(page) == 40
    shoot(page, "insights-workspace")

    # A shorter window: the report is swapped in place (the filter form stays), the URL follows.
    page.evaluate("document.querySelector('[data-testid=insight-filters]').dataset.kept = 'yes'")
    page.locator('[data-testid="filter-days"]').select_option("30")
    page.wait_for_url("**/b/babyco/insights?*days=30*")
    assert page.url.endswith("/b/babyco/insights?days=30")  # empty filters left out
    page.wait_for_function(
        "() => document.querySelector('[data-testid=kpi-notes]').textContent.trim() !== '40'"
    )
    assert 0 < kpi_notes(page) < 40
    assert page.locator("svg#chart-volume rect.chart-mark").count() == 30
    # Not a page load: the form is the same element.
    assert page.locator('[data-testid="insight-filters"]').get_attribute("data-kept") == "yes"

    # Custom dates replace the preset window (the select shows "Custom dates").
    since = (analysis_today() - timedelta(days=59)).isoformat()
    page.locator('[data-testid="filter-since"]').fill(since)
    page.wait_for_url(f"**/b/babyco/insights?since={since}")
    assert page.locator('[data-testid="filter-days"]').input_value() == ""
    page.wait_for_function(
        "() => document.querySelectorAll('#chart-volume rect.chart-mark').length === 60"
    )

    # The product filter too; then a quote opens the public note it came from.
    page.locator('[data-testid="filter-product"]').select_option(str(world.product.pk))
    page.wait_for_url(f"**product={world.product.pk}*")
    quote = page.locator('[data-testid="themes-pain"] a.quote-link').first
    quote.wait_for()
    note_id = int(quote.get_attribute("data-note-id") or 0)
    assert note_id in {note.pk for note in world.public_notes}
    said = quote.locator("xpath=..").inner_text().split("”")[0].strip("“ ")
    quote.click()
    page.wait_for_url(f"**/n/{note_id}")
    assert said[-8:] in page.content()
