"""Smoke test of the benchmark machinery on a tiny corpus: structure only, no timing limits."""

import pytest
from django.core.management import CommandError, call_command

from grassroots.bench.report import END, START, build_report, text_table, update_markdown
from grassroots.bench.runner import Bench, BenchSettings, percentile
from grassroots.notes.models import Note


def test_percentile_is_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.5) == 50.0
    assert percentile(values, 0.95) == 95.0
    assert percentile([3.0], 0.95) == 3.0
    assert percentile([], 0.5) == 0.0


@pytest.mark.django_db
def test_bench_measures_every_page_and_writes_the_report(tmp_path):
    call_command(
        "seed",
        users=15,
        notes=400,
        seed=5,
        anchor="2026-03-01",
        manifest=str(tmp_path / "m.json"),
        verbosity=0,
    )
    notes_before = Note.objects.count()
    measured = Bench(BenchSettings(samples=3, warmup=1, publish_samples=3)).run().as_dict()
    names = [timing["name"] for timing in measured["timings"]]
    assert names[:2] == ["discover (anonymous)", "discover (logged in)"]
    assert {"category channel", "note detail", "profile", "API publish (text note)"} <= set(names)
    assert any(name.startswith("discover, page") for name in names)
    for timing in measured["timings"]:
        assert timing["errors"] == 0, timing
        assert timing["samples"] >= 3
        assert 0 < timing["p50_ms"] <= timing["p95_ms"] <= timing["max_ms"]
        assert 0 <= timing["cpu_p50_ms"] <= timing["cpu_p95_ms"]
        assert isinstance(timing["queries"], int)  # may be 0 when a page is served from cache
        assert timing["meets_target"] in (True, False)
    assert max(timing["queries"] for timing in measured["timings"]) > 0
    assert measured["publish_rate_per_s"] > 0
    assert Note.objects.count() == notes_before + 1 + 1 + 3  # warm-up, query count, samples

    report = build_report(
        corpus={"notes": notes_before, "users": 15},
        seed={"seconds": 1.0, "notes_per_s": 400},
        measurements=measured,
    )
    assert report["machine"]["nproc"] >= 1 and report["machine"]["cpu"]
    table = text_table(report)
    assert "note detail" in table and "p95 ms" in table
    docs = tmp_path / "benchmarks.md"
    docs.write_text(f"# Benchmarks\n\nAnalysis kept.\n\n{START}\nold\n{END}\n\nMore notes.\n")
    update_markdown(docs, report)
    text = docs.read_text()
    assert "Analysis kept." in text and "More notes." in text and "old" not in text
    assert "| note detail |" in text and text.count(START) == 1


def test_bench_refuses_a_tiny_corpus():
    with pytest.raises(CommandError, match="at least 100"):
        call_command("bench", notes=10)
