"""The search benchmarks on a tiny corpus: structure only, no timing limits."""

import json
import random

import pytest
from django.core.management import call_command

from grassroots.bench.search import (
    END,
    START,
    SearchBench,
    SearchBenchSettings,
    sample_queries,
    text_table,
    update_markdown,
)


def seed(tmp_path):
    path = tmp_path / "m.json"
    call_command(
        "seed", users=15, notes=400, seed=5, anchor="2026-03-01", manifest=str(path), verbosity=0
    )
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.django_db
def test_query_sample_mixes_planted_questions_and_titles(tmp_path):
    manifest = seed(tmp_path)
    queries = sample_queries(manifest, count=80, rng=random.Random(1))
    assert len(queries) == 80
    assert "开了的红酒放三个月还能喝吗" in queries
    assert all(query.strip() for query in queries)
    assert any(len(query) <= 2 for query in queries)


@pytest.mark.django_db
def test_search_bench_measures_every_engine_and_writes_its_section(tmp_path, settings):
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    manifest = seed(tmp_path)
    bench = SearchBench(
        SearchBenchSettings(queries=30, warmup=2, load_seconds=0), manifest=manifest
    )
    data = bench.run().as_dict()
    assert data["listed_notes"] > 0 and data["reindex_s"] is not None
    assert data["index_notes_per_s"] > 0
    assert data["reindex_cpu_s"] is not None and data["reindex_load_average"] is not None
    names = [timing["name"] for timing in data["timings"]]
    assert names == [
        "engine search_notes (top 20)",
        "engine search_notes + Note objects (cards=True)",
        "GET /api/search/notes (server, in-process)",
        "raw tantivy (OR of terms, top 20)",
        "SQLite FTS5 trigram bm25 (top 20)",
    ]
    for timing in data["timings"]:
        assert timing["samples"] > 0
        assert 0 <= timing["p50_ms"] <= timing["p95_ms"] <= timing["max_ms"]
        assert 0 <= timing["cpu_p50_ms"] <= timing["cpu_p95_ms"]
        assert timing["zero_results"] < timing["samples"]
    table = text_table(data)
    assert "raw tantivy" in table and "FTS5" in table
    assert "Full reindex:" in table
    assert "not measured" in text_table({**data, "reindex_s": None, "reindex_cpu_s": None})
    docs = tmp_path / "benchmarks.md"
    docs.write_text("# Benchmarks\n\nhand-written\n", encoding="utf-8")
    update_markdown(docs, table)
    update_markdown(docs, table)
    text = docs.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks\n\nhand-written\n")
    assert text.count(START) == 1 and text.count(END) == 1


def test_process_cpu_accounting_reads_proc(tmp_path):
    import os
    import subprocess
    import sys

    from grassroots.bench.search import _children, _cpu_seconds

    if not os.path.exists("/proc/self/stat"):
        pytest.skip("no /proc")
    sum(i * i for i in range(200_000))
    assert _cpu_seconds(os.getpid()) > 0
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(5)"])
    try:
        assert child.pid in _children(os.getpid())
    finally:
        child.kill()
        child.wait()
    assert _cpu_seconds(child.pid) == 0.0
