"""`grassroots insights`: the API's report in a terminal (same JSON with --json), exit code and
message on bad options."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from grassroots.cli import main
from grassroots.insights.tests.workspace_world import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("insights", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    "options",
    [
        ["--brand", "babyco"],
        ["--q", "推车", "--category", "parenting"],
        ["--topic", "遛娃", "--brand", "rival"],
        [],
    ],
)
def test_json_is_exactly_the_api_answer(world, options):
    printed = json.loads(run(*options, "--json"))
    params = dict(zip(options[::2], options[1::2], strict=True))
    query = {key.removeprefix("--"): value for key, value in params.items()}
    api = world.client(world.member).get("/api/insights", query)
    assert api.status_code == 200
    assert printed == api.json()


def test_product_and_window_options(world):
    printed = json.loads(
        run(
            "--product",
            str(world.product.pk),
            "--since",
            "2026-01-01",
            "--until",
            "2026-06-30",
            "--json",
        )
    )
    assert printed["scope"]["product"] == world.product.pk
    assert (printed["since"], printed["until"]) == ("2026-01-01", "2026-06-30")
    assert len(printed["series"]) > 0


def test_the_table_names_the_scope_themes_quotes_and_competitors(world):
    text = run("--brand", "babyco")
    assert "Scope: brand=babyco" in text
    assert "Notes: 40" in text
    assert "Themes" in text and "pain point" in text and "praise" in text
    assert "脖子" in text and "刹车" in text
    assert "RISING" in text
    assert "(note " in text  # each theme's quote names its note
    assert "Rival" in text and "BabyCo" in text


def test_the_operator_sees_unverified_brands_too(world):
    assert "Scope: brand=shadyco" in run("--brand", "shadyco")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--brand", "no-such-brand"], "No such brand."),
        (["--category", "nope"], "No such category."),
        (["--product", "abc"], "product must be a product id"),
        (["--since", "2026-02-30"], "since must be a date written YYYY-MM-DD."),
        (["--since", "2026-05-02", "--until", "2026-05-01"], "since must not be after until."),
        (["--since", "2020-01-01", "--until", "2026-01-01"], "The window is limited to 731 days"),
    ],
)
def test_bad_options_exit_non_zero_with_a_message(world, options, message, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["insights", *options])
    assert exited.value.code != 0
    assert message in capsys.readouterr().err


def test_query_without_a_search_index_says_to_reindex(world, settings, tmp_path, capsys):
    assert json.loads(run("--q", "宝宝", "--json"))["notes"] > 0
    settings.SEARCH_INDEX_DIR = tmp_path / "no-index"
    with pytest.raises(SystemExit) as exited:
        main(["insights", "--q", "宝宝"])
    assert exited.value.code != 0
    assert "search index not built: run grassroots reindex" in capsys.readouterr().err


def test_unknown_option_is_refused(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["insights", "--brnad", "x"])
    assert exited.value.code != 0
    assert "--brnad" in capsys.readouterr().err
