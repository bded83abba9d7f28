"""Insight pages on analysed notes: the brand workspace (members only), the explorer and theme
pages (any verified brand's member), htmx partials, CSV and printable exports, the nav link."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grassroots.insights.tests.workspace_world import World, build_world
from tests.security.helpers import audit_markup

pytestmark = pytest.mark.django_db

WORKSPACE = "/b/babyco/insights"


@pytest.fixture
def world() -> World:
    return build_world()


def html(response: Any) -> str:
    return str(response.content.decode())


def quoted_note_ids(page: str) -> set[int]:
    return {int(found) for found in re.findall(r'class="quote-link" data-note-id="(\d+)"', page)}


# --- the workspace ----------------------------------------------------------------------------


def test_the_workspace_shows_charts_themes_quotes_and_competitors(world):
    response = world.client(world.member).get(WORKSPACE)
    assert response.status_code == 200
    page = html(response)
    assert 'data-testid="insight-workspace"' in page
    # Charts are inline, accessible SVG, with the numbers in tables too.
    assert page.count('role="img"') >= 4
    assert 'id="chart-volume"' in page and 'id="chart-sentiment"' in page
    assert "<table" in page
    assert 'data-testid="kpi-notes">40<' in page
    for section in ("themes-pain", "themes-need", "themes-praise", "rising-themes", "aspects"):
        assert f'data-testid="{section}"' in page, section
    assert "脖子" in page and "刹车" in page and "小号" in page
    # Side-by-side comparison with the competitor.
    assert 'data-testid="competitors"' in page
    assert 'data-brand="babyco"' in page and 'data-brand="rival"' in page
    # Quotes link to public notes, never to the hidden or private one.
    quoted = quoted_note_ids(page)
    assert quoted and quoted <= {note.pk for note in world.public_notes}
    for note_id in quoted:
        assert f'href="/n/{note_id}"' in page
    assert "隐藏笔记" not in page and "私密笔记" not in page
    # Filters offer the brand's products and the categories.
    assert f'<option value="{world.product.pk}"' in page
    assert 'value="parenting-strollers"' in page
    assert not audit_markup(page).live


def test_filters_refresh_only_the_report_with_htmx(world):
    client = world.client(world.member)
    response = client.get(
        WORKSPACE, {"product": world.product.pk, "days": "30"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    page = html(response)
    assert "<html" not in page and 'data-testid="insight-filters"' not in page
    assert 'data-testid="insight-report"' in page
    assert "HX-Request" in response["Vary"]
    # A 30-day window: fewer notes than the 90-day default, the rising theme still there.
    notes = int(re.search(r'data-testid="kpi-notes">(\d+)<', page).group(1))  # type: ignore[union-attr]
    assert 0 < notes < 40
    assert "刹车" in page
    # The same URL without htmx is the whole page with the filter chosen.
    full = html(client.get(WORKSPACE, {"product": world.product.pk, "days": "30"}))
    assert "<html" in full
    assert f'<option value="{world.product.pk}" selected>' in full


def test_a_bad_filter_is_a_message_not_a_page(world):
    client = world.client(world.member)
    response = client.get(WORKSPACE, {"since": "2026-05-02", "until": "2026-05-01"})
    assert response.status_code == 422
    assert "since must not be after until" in html(response)
    partial = client.get(WORKSPACE, {"since": "not-a-date"}, HTTP_HX_REQUEST="true")
    assert partial.status_code == 422
    assert partial["HX-Retarget"] == "#toast"
    other = client.get(WORKSPACE, {"product": "999999"})
    assert other.status_code == 404


@pytest.mark.parametrize(
    ("who", "url", "status"),
    [
        ("outsider", WORKSPACE, 403),
        ("rival_member", WORKSPACE, 403),  # another brand: the explorer, not the workspace
        ("staff", WORKSPACE, 403),  # staff explore; workspaces are the members'
        ("unverified_member", "/b/shadyco/insights", 403),  # own brand, not verified yet
        ("outsider", "/b/shadyco/insights", 404),  # an unverified brand is unknown to others
        ("member", "/b/no-such-brand/insights", 404),
        ("rival_member", "/b/rival/insights", 200),
    ],
)
def test_workspace_access(world, who, url, status):
    response = world.client(getattr(world, who)).get(url)
    assert response.status_code == status
    if status != 200:
        assert 'data-testid="insight-report"' not in html(response)


def test_anonymous_visitors_are_sent_to_log_in(world):
    client = world.client(None)
    for url in (
        WORKSPACE,
        "/insights?q=推车",
        "/insights/themes/x?brand=babyco",
        "/insights/export/themes.csv",
        "/insights/export/series.csv",
        "/insights/print",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/login"), url


# --- explorer and theme pages -----------------------------------------------------------------


def test_the_explorer_analyses_any_scope_for_any_reader(world):
    for who in ("member", "rival_member", "staff"):
        response = world.client(getattr(world, who)).get("/insights", {"q": "推车"})
        assert response.status_code == 200, who
        page = html(response)
        assert 'data-testid="insight-explorer"' in page
        assert 'data-testid="kpi-notes">48<' in page
        assert 'value="推车"' in page
    partial = world.client(world.member).get(
        "/insights", {"topic": "遛娃", "brand": "rival"}, HTTP_HX_REQUEST="true"
    )
    assert partial.status_code == 200
    assert 'data-testid="kpi-notes">8<' in html(partial)


@pytest.mark.parametrize(("who", "status"), [("outsider", 403), ("unverified_member", 403)])
def test_the_explorer_needs_a_verified_brand(world, who, status):
    client = world.client(getattr(world, who))
    for url in ("/insights", "/insights/print", "/insights/export/themes.csv"):
        assert client.get(url).status_code == status, url


def test_unknown_scope_in_the_explorer(world):
    client = world.client(world.member)
    assert client.get("/insights", {"category": "nope"}).status_code == 404
    assert client.get("/insights", {"brand": "shadyco"}).status_code == 404
    assert client.get("/insights", {"days": "13"}).status_code == 422


def test_a_theme_page_shows_its_series_quotes_and_notes(world):
    client = world.client(world.member)
    workspace = html(client.get(WORKSPACE))
    rising = workspace[workspace.index('data-testid="rising-themes"') :]
    link = re.search(r'class="theme-label" href="(/insights/themes/[^"]+)"', rising)
    assert link is not None
    response = client.get(link.group(1).replace("&amp;", "&"))
    assert response.status_code == 200
    page = html(response)
    assert 'data-testid="insight-theme"' in page
    assert 'id="chart-theme-volume"' in page
    assert "刹不住" in page
    listed = {note.pk for note in world.public_notes}
    quoted = quoted_note_ids(page)
    assert quoted and quoted <= listed
    linked = {int(pk) for pk in re.findall(r'<li><a href="/n/(\d+)">', page)}
    assert linked and linked <= listed
    assert world.hidden_note.pk not in linked
    back = re.search(r'href="([^"]+)" data-testid="theme-back"', page)
    assert back is not None and back.group(1).startswith(f"{WORKSPACE}?since=")
    # Readers from another brand go back to the explorer with the same scope.
    other = html(world.client(world.rival_member).get(link.group(1).replace("&amp;", "&")))
    back = re.search(r'href="([^"]+)" data-testid="theme-back"', other)
    assert back is not None and back.group(1).startswith("/insights?brand=babyco")
    missing = client.get("/insights/themes/no-such-theme", {"brand": "babyco"})
    assert missing.status_code == 404


# --- exports ----------------------------------------------------------------------------------


def csv_rows(response: Any) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_csv_exports_of_the_workspace_scope(world):
    client = world.client(world.member)
    workspace = html(client.get(WORKSPACE))
    href = re.search(r'href="([^"]+)" data-testid="export-themes"', workspace)
    assert href is not None
    response = client.get(href.group(1).replace("&amp;", "&"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="insights-brand-babyco')
    rows = csv_rows(response)
    assert rows[0][:4] == ["rank", "key", "label", "kind"]
    api = client.get("/api/insights", {"brand": "babyco"}).json()
    assert [row[1] for row in rows[1:]] == [theme["key"] for theme in api["themes"]]
    assert any("脖子" in row[13] for row in rows[1:])  # the representative quote
    series = csv_rows(client.get("/insights/export/series.csv", {"brand": "babyco"}))
    assert series[0] == ["day", "notes", "positive", "neutral", "negative"]
    assert len(series) == 1 + 90
    assert sum(int(row[1]) for row in series[1:]) == 40


def test_the_printable_report(world):
    response = world.client(world.member).get("/insights/print", {"brand": "babyco"})
    assert response.status_code == 200
    page = html(response)
    assert 'data-testid="print-report"' in page
    assert "insights/print.css" in page
    assert "BabyCo" in page and "Rival" in page
    assert page.count('role="img"') == 2
    assert "脖子" in page


def test_the_print_stylesheet_has_print_rules():
    from django.contrib.staticfiles import finders

    path = finders.find("insights/print.css")
    assert path is not None
    with open(path, encoding="utf-8") as handle:
        css = handle.read()
    assert "@media print" in css and "@page" in css


# --- nav --------------------------------------------------------------------------------------


def test_members_get_a_nav_link_at_no_query_cost(world):
    member_page = html(world.client(world.member).get("/"))
    assert f'href="{WORKSPACE}"' in member_page and 'data-testid="nav-insights"' in member_page
    staff_page = html(world.client(world.staff).get("/"))
    assert 'href="/insights" class="" data-testid="nav-insights"' in staff_page
    # The log-in (world.client) asks once; rendering pages never does, members or not.
    for who in ("outsider", "unverified_member", "member"):
        client = world.client(getattr(world, who))
        with CaptureQueriesContext(connection) as queries:
            page = html(client.get("/"))
        assert ('data-testid="nav-insights"' in page) is (who == "member")
        assert not [q for q in queries.captured_queries if "brands_" in q["sql"]], who


def test_note_text_is_escaped_everywhere_it_is_quoted(world):
    from grassroots.insights import pipeline
    from grassroots.insights.tests.workspace_world import CATEGORY
    from grassroots.notes.tests.factories import NoteFactory

    payload = '<script>alert(1)</script><img src=x onerror="xss()">'
    for index in range(6):
        NoteFactory(
            title="xss",
            body=f"BabyCo云朵推车 刹车太差了{payload}，根本刹不住，很失望 {index}",
            category=CATEGORY,
        )
    pipeline.rebuild()
    client = world.client(world.member)
    pages = [
        html(client.get(WORKSPACE)),
        html(client.get("/insights", {"q": "刹车"})),
        html(client.get("/insights/print", {"brand": "babyco"})),
    ]
    assert any("&lt;script&gt;" in page for page in pages)
    for page in pages:
        audit = audit_markup(page)
        assert not audit.live, audit.live


def test_a_note_hidden_after_the_analysis_is_not_quoted(world):
    """Between a moderator's hide and the background re-analysis, pages still quote only
    listed notes (the report rechecks them)."""
    from grassroots.notes.actions import note_delete, notes_hide

    client = world.client(world.member)
    quoted = sorted(quoted_note_ids(html(client.get(WORKSPACE))))
    assert len(quoted) >= 2
    notes_hide(note_ids=[quoted[0]], actor=world.staff)
    author_note = next(note for note in world.public_notes if note.pk == quoted[1])
    note_delete(note=author_note, actor=author_note.author)
    pages = [
        html(client.get(WORKSPACE)),
        html(client.get("/insights/print", {"brand": "babyco"})),
        html(client.get("/insights", {"brand": "babyco"})),
    ]
    for page in pages:
        shown = quoted_note_ids(page) | {
            int(pk) for pk in re.findall(r'href="[^"]*/n/(\d+)"', page)
        }
        assert quoted[0] not in shown and quoted[1] not in shown
    data = client.get("/api/insights", {"brand": "babyco"}).json()
    in_api = {quote["note_id"] for theme in data["themes"] for quote in theme["quotes"]}
    in_api |= {note_id for theme in data["themes"] for note_id in theme["note_ids"]}
    assert not {quoted[0], quoted[1]} & in_api
