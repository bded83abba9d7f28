import sys

import pytest
from django.core import management

from grassroots.core.management.commands import serve
from grassroots.search import index
from grassroots.search.tests.helpers import publish

pytestmark = pytest.mark.django_db


def test_serve_builds_a_missing_index_and_starts_the_indexer_beside_gunicorn(monkeypatch):
    note = publish("红酒", "红酒")
    commands: list[str] = []

    def fake_call_command(name, *args, **kwargs):
        commands.append(name)
        if name == "reindex":
            management.call_command(name, *args, **kwargs)

    spawned: list[list[str]] = []
    monkeypatch.setattr(serve, "call_command", fake_call_command)
    monkeypatch.setattr(serve.subprocess, "Popen", lambda argv, **kw: spawned.append(argv))
    monkeypatch.setattr(serve.os, "execv", lambda path, argv: None)

    management.call_command("serve", "--no-seed")

    assert commands == ["migrate", "collectstatic", "reindex"]
    assert index.current_generation() is not None
    # Other apps may start their own watchers beside gunicorn: find the search indexer.
    [argv] = [argv for argv in spawned if argv[3:4] == ["indexer"]]
    assert argv[:4] == [sys.executable, "-m", "grassroots.cli", "indexer"]
    assert argv[4:] == ["--parent-pid", str(serve.os.getpid())]
    from grassroots.search import engine

    assert [hit.note.pk for hit in engine.search_notes(query="红酒").items] == [note.pk]
