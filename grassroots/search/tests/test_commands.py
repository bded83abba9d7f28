import json

import pytest
from django.core.management import CommandError, call_command

from grassroots.search.tests.helpers import index_all, publish

pytestmark = pytest.mark.django_db


def test_search_json_prints_the_api_items(capsys):
    note = publish("红酒", "开了的红酒")
    index_all()
    call_command("search", "红酒", "--json")
    payload = json.loads(capsys.readouterr().out)
    assert payload["total"] == 1
    item = payload["items"][0]
    assert item["id"] == note.pk
    assert "<mark>红酒</mark>" in item["snippet"]
    assert item["answer"] is None


def test_search_text_output_and_errors(capsys):
    publish("红酒", "开了的红酒")
    index_all()
    call_command("search", "红酒")
    assert "1 results" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Type something"):
        call_command("search", "  ")
    with pytest.raises(CommandError, match="category"):
        call_command("search", "红酒", "--category", "nope")


def test_indexer_loop_exits_when_its_parent_is_gone():
    import os

    # This process is not our parent: the loop must stop at once instead of polling.
    call_command("indexer", "--parent-pid", str(os.getpid()), "--poll", "0.01")


def test_search_json_items_equal_the_api_items(capsys):
    from django.test import Client

    publish("红酒", "开了的红酒")
    index_all()
    call_command("search", "红酒", "--json")
    printed = json.loads(capsys.readouterr().out)
    served = Client().get("/api/search/notes", {"q": "红酒"}).json()
    for mine, theirs in zip(printed["items"], served["items"], strict=True):
        # The score includes freshness, computed at each call's own instant.
        assert mine.pop("score") == pytest.approx(theirs.pop("score"))
        assert mine == theirs
