"""Search benchmarks (`grassroots bench --search`) on the benchmark corpus.

Measured, in this order, on the same corpus and the same query sample:
- full reindex (`grassroots reindex`): seconds and listed notes indexed per second;
- engine time per query (grassroots.search.engine.search_notes, top 20, anonymous reader):
  ranking, the query-time visibility check, snippets and answers (`cards=False`, what the API
  uses), then the same with Note objects for the cards (`cards=True`, what the pages use);
- /api/search/notes server time (in-process django.test.Client, whole Django stack);
- raw tantivy: a boolean OR of the analysed query words and bigrams over the index fields,
  top 20, no reranking, no database read (the floor the engine builds on);
- SQLite FTS5 bm25: a contentless trigram table (grassroots.search.evaluation.baselines),
  raw MATCH + ORDER BY bm25 LIMIT 20 (queries of only 1–2-character terms cannot use it);
- sustained searches/s: a gunicorn started on 127.0.0.1 (a free port) against this corpus, and a
  loopback load generator in this process (a thread pool, one keep-alive http.client
  connection per thread) asking /api/search/notes for a fixed duration, then stopping both;
  with the CPU time the gunicorn workers and the load generator spent per request (Linux
  /proc), which, unlike the rate, does not depend on what else the machine is running.

Every latency row also has CPU-time percentiles (this thread's CPU per request): wall time
rises with the load average when other processes compete for the two CPUs, CPU time much
less, so it is the figure to compare between runs made at different times.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.management import call_command
from django.test import Client

from grassroots.bench.markdown import replace_marked_block
from grassroots.bench.runner import percentile
from grassroots.notes.models import Note

# Targets of the search issue (docs/benchmarks.md).
TARGETS = {
    "index_notes_per_s": 5000.0,
    "reindex_1m_s": 600.0,
    "engine_p50_ms": 2.0,
    "engine_p95_ms": 10.0,
    "api_p95_ms": 30.0,
    "searches_per_s": 300.0,
}
API_PATH = "/api/search/notes"


@dataclass
class SearchBenchSettings:
    queries: int = 200
    warmup: int = 20
    load_seconds: float = 20.0  # bounded: the load phase always stops after this
    load_threads: int = 8
    workers: int = 0  # gunicorn workers; 0 = number of CPUs
    reindex: bool = True
    fts_path: str = ":memory:"
    seed: int = 2024


@dataclass
class LatencyTiming:
    name: str
    samples: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    target_p50_ms: float | None = None
    target_p95_ms: float | None = None
    zero_results: int = 0
    cpu_p50_ms: float = 0.0
    cpu_p95_ms: float = 0.0


@dataclass
class SearchMeasurements:
    listed_notes: int = 0
    reindex_s: float | None = None
    index_notes_per_s: float | None = None
    # CPU seconds of this process during the reindex (all its threads: Python analysis and
    # tantivy's indexing threads) and the load average when it ended.
    reindex_cpu_s: float | None = None
    reindex_load_average: float | None = None
    fts5_build_s: float | None = None
    timings: list[LatencyTiming] = field(default_factory=list)
    load: dict[str, Any] = field(default_factory=dict)
    queries_sample: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["queries_sample"] = self.queries_sample[:12]
        data["targets"] = TARGETS
        return data


def sample_queries(manifest: dict[str, Any], *, count: int, rng: random.Random) -> list[str]:
    """Planted questions and their variants, theme phrasings, then titles of random listed notes
    and 2-character slices of them (short queries), shuffled, `count` in all."""
    planted: list[str] = []
    for record in manifest.get("questions", []):
        planted.append(record["question"])
        planted.extend(text for _kind, text in record.get("queries", []))
    for theme in manifest.get("themes", []):
        planted.extend(theme.get("phrasings", []))
    listed = Note.objects.filter(is_listed=True)
    last = listed.order_by("-id").values_list("id", flat=True).first() or 0
    titles: list[str] = []
    attempts = 0
    while len(titles) + len(planted) < count and attempts < count * 4 and last:
        attempts += 1
        title = (
            listed.filter(pk__gte=rng.randint(1, last))
            .order_by("id")
            .values_list("title", flat=True)
            .first()
        )
        if not title:
            continue
        if rng.random() < 0.3 and len(title) > 2:
            start = rng.randrange(len(title) - 1)
            title = title[start : start + 2]
        if title.strip():
            titles.append(title)
    queries = (planted + titles)[:count]
    rng.shuffle(queries)
    return queries


def _latency(
    name: str,
    queries: list[str],
    run: Callable[[str], int],
    *,
    warmup: int,
    target_p50: float | None = None,
    target_p95: float | None = None,
) -> LatencyTiming:
    for query in queries[:warmup]:
        run(query)
    times: list[float] = []
    cpu: list[float] = []
    zero = 0
    for query in queries:
        started, cpu_started = time.perf_counter(), time.thread_time()
        found = run(query)
        cpu.append((time.thread_time() - cpu_started) * 1000)
        times.append((time.perf_counter() - started) * 1000)
        zero += found == 0
    return LatencyTiming(
        name=name,
        samples=len(times),
        p50_ms=round(statistics.median(times), 3) if times else 0.0,
        p95_ms=round(percentile(times, 0.95), 3),
        max_ms=round(max(times), 3) if times else 0.0,
        target_p50_ms=target_p50,
        target_p95_ms=target_p95,
        zero_results=zero,
        cpu_p50_ms=round(statistics.median(cpu), 3) if cpu else 0.0,
        cpu_p95_ms=round(percentile(cpu, 0.95), 3),
    )


def _raw_tantivy() -> Callable[[str], int]:
    import tantivy  # noqa: PLC0415

    from grassroots import text as text_analysis  # noqa: PLC0415
    from grassroots.search import engine  # noqa: PLC0415
    from grassroots.search import index as search_index  # noqa: PLC0415

    reader = search_index.reader()
    reader.refresh(force=True)
    schema = search_index.SCHEMA

    def run(query: str) -> int:
        terms = text_analysis.query_terms(query)
        clauses = []
        for fields, tokens in (
            (engine.WORD_FIELDS, terms.words),
            (engine.BIGRAM_FIELDS, terms.bigrams),
        ):
            for name in fields:
                for token in dict.fromkeys(tokens):
                    clauses.append(
                        (tantivy.Occur.Should, tantivy.Query.term_query(schema, name, token))
                    )
        if not clauses:
            return 0
        searcher = reader.searcher()
        result = searcher.search(tantivy.Query.boolean_query(clauses), 20)
        return len(result.hits)

    return run


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(connection: http.client.HTTPConnection, path: str) -> int:
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    return response.status


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def _children(pid: int) -> list[int]:
    """Child processes of `pid` (gunicorn's workers), from /proc."""
    found = []
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(entry.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if parent == pid:
            found.append(int(entry.parent.name))
    return found


def load_test(
    queries: list[str], *, seconds: float, threads: int, workers: int, worker_threads: int = 1
) -> dict[str, Any]:
    """Start gunicorn on a loopback port, hammer /api/search/notes for `seconds`, stop it."""
    port = _free_port()
    gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or "gunicorn"
    argv = [gunicorn, "config.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    argv += ["--workers", str(workers), "--threads", str(worker_threads)]
    argv += ["--chdir", str(settings.BASE_DIR)]
    argv += ["--log-level", "warning"]
    server = subprocess.Popen(argv, env=dict(os.environ))  # noqa: S603 - our own server
    paths = [f"{API_PATH}?{urlencode({'q': q, 'limit': 20})}" for q in queries]
    try:
        ready = False
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and server.poll() is None:
            try:
                probe = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                ready = _get(probe, paths[0]) < 500
                probe.close()
                break
            except OSError:
                time.sleep(0.3)
        if not ready:
            return {"error": "the server did not start"}
        # Each worker warms up (imports, index reader) before the clock starts.
        warm = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for path in paths[: 4 * workers]:
            _get(warm, path)
        warm.close()
        latencies: list[float] = []
        statuses: dict[int, int] = {}
        lock = threading.Lock()
        worker_pids = _children(server.pid)
        server_cpu = sum(_cpu_seconds(pid) for pid in worker_pids)
        client_cpu = time.process_time()
        stop_at = time.monotonic() + seconds

        def client(number: int) -> None:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine: list[float] = []
            codes: dict[int, int] = {}
            step = number
            while time.monotonic() < stop_at:
                path = paths[step % len(paths)]
                step += threads
                started = time.perf_counter()
                try:
                    status = _get(connection, path)
                except (OSError, http.client.HTTPException):
                    status = 599
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                mine.append((time.perf_counter() - started) * 1000)
                codes[status] = codes.get(status, 0) + 1
            connection.close()
            with lock:
                latencies.extend(mine)
                for code, seen in codes.items():
                    statuses[code] = statuses.get(code, 0) + seen

        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=threads) as pool:
            list(pool.map(client, range(threads)))
        elapsed = time.monotonic() - started
        server_cpu = sum(_cpu_seconds(pid) for pid in worker_pids) - server_cpu
        client_cpu = time.process_time() - client_cpu
        ok = sum(seen for code, seen in statuses.items() if code < 400)
        per_request = 1000 / max(1, len(latencies))
        return {
            "seconds": round(elapsed, 1),
            "threads": threads,
            "gunicorn_workers": workers,
            "gunicorn_threads": worker_threads,
            "server_cpu_ms_per_request": round(server_cpu * per_request, 2),
            "client_cpu_ms_per_request": round(client_cpu * per_request, 2),
            "load_average": round(os.getloadavg()[0], 2),
            "requests": len(latencies),
            "ok": ok,
            "statuses": {str(code): seen for code, seen in sorted(statuses.items())},
            "searches_per_s": round(ok / elapsed, 1) if elapsed else 0.0,
            "client_p50_ms": round(statistics.median(latencies), 2) if latencies else 0.0,
            "client_p95_ms": round(percentile(latencies, 0.95), 2),
        }
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


class SearchBench:
    def __init__(self, settings_: SearchBenchSettings, *, manifest: dict[str, Any]) -> None:
        self.settings = settings_
        self.manifest = manifest
        self.rng = random.Random(settings_.seed)
        self.result = SearchMeasurements()

    def run(self, progress: Callable[[str], None] = lambda message: None) -> SearchMeasurements:
        from grassroots.search.engine import search_notes  # noqa: PLC0415
        from grassroots.search.evaluation.baselines import (  # noqa: PLC0415
            Fts5Trigram,
            fts_expression,
        )

        opts, result = self.settings, self.result
        result.listed_notes = Note.objects.filter(is_listed=True).count()
        if opts.reindex:
            progress("Full reindex…")
            started, cpu_started = time.perf_counter(), time.process_time()
            call_command("reindex", verbosity=0)
            result.reindex_s = round(time.perf_counter() - started, 1)
            result.reindex_cpu_s = round(time.process_time() - cpu_started, 1)
            result.reindex_load_average = round(os.getloadavg()[0], 2)
            result.index_notes_per_s = round(result.listed_notes / max(result.reindex_s, 1e-9))
        queries = sample_queries(self.manifest, count=opts.queries, rng=self.rng)
        result.queries_sample = queries
        progress(f"Engine, API and raw tantivy on {len(queries)} queries…")

        def engine(query: str) -> int:
            return len(search_notes(query=query, viewer=None, limit=20, cards=False).items)

        def engine_cards(query: str) -> int:
            return len(search_notes(query=query, viewer=None, limit=20).items)

        result.timings.append(
            _latency(
                "engine search_notes (top 20)",
                queries,
                engine,
                warmup=opts.warmup,
                target_p50=TARGETS["engine_p50_ms"],
                target_p95=TARGETS["engine_p95_ms"],
            )
        )
        result.timings.append(
            _latency(
                "engine search_notes + Note objects (cards=True)",
                queries,
                engine_cards,
                warmup=opts.warmup,
            )
        )
        client = Client()

        def api(query: str) -> int:
            response = client.get(API_PATH, {"q": query, "limit": "20"})
            if response.status_code != 200:
                return 0
            return len(json.loads(response.content)["items"])

        result.timings.append(
            _latency(
                "GET /api/search/notes (server, in-process)",
                queries,
                api,
                warmup=opts.warmup,
                target_p95=TARGETS["api_p95_ms"],
            )
        )
        result.timings.append(
            _latency(
                "raw tantivy (OR of terms, top 20)", queries, _raw_tantivy(), warmup=opts.warmup
            )
        )
        fts = Fts5Trigram(opts.fts_path)
        if not fts.exists():
            progress("Building the FTS5 trigram table…")
            started = time.perf_counter()
            fts.build()
            result.fts5_build_s = round(time.perf_counter() - started, 1)
        else:
            info = fts.build_info()
            result.fts5_build_s = info[1] if info else None
            result.notes.append("FTS5 table reused; build time from when it was built.")
        expressions = {q: fts_expression(q)[0] for q in queries}
        usable = [q for q in queries if expressions[q]]
        result.notes.append(
            f"FTS5 trigram cannot answer {len(queries) - len(usable)} of {len(queries)} queries "
            "(only 1–2-character terms); its timing covers the others."
        )
        result.timings.append(
            _latency(
                "SQLite FTS5 trigram bm25 (top 20)",
                usable,
                lambda q: len(fts.match(expressions[q], limit=20)),
                warmup=opts.warmup,
            )
        )
        fts.close()
        if opts.load_seconds <= 0:  # tests: no server
            return result
        progress(f"Load test: {opts.load_seconds:.0f} s against gunicorn on loopback…")
        result.load = load_test(
            queries,
            seconds=opts.load_seconds,
            threads=opts.load_threads,
            workers=opts.workers or (os.cpu_count() or 1),
        )
        return result


def text_table(data: dict[str, Any]) -> str:
    lines = [f"Listed notes: {data['listed_notes']:,}"]
    if data.get("reindex_s") is not None:
        lines.append(
            f"Full reindex: {data['reindex_s']} s ({data['index_notes_per_s']} notes/s; target "
            f"≥ {TARGETS['index_notes_per_s']:.0f} notes/s, 1M < {TARGETS['reindex_1m_s']:.0f} s)"
        )
        if data.get("reindex_cpu_s"):
            lines.append(
                f"Reindex CPU: {data['reindex_cpu_s']} s over all threads "
                f"({data['listed_notes'] / data['reindex_cpu_s']:.0f} notes per CPU-second); "
                f"load average {data.get('reindex_load_average')} when it ended."
            )
    else:
        lines.append("Full reindex: not measured in this run (--no-reindex: index reused).")
    if data.get("fts5_build_s") is not None:
        lines.append(f"FTS5 trigram table built in {data['fts5_build_s']} s")
    lines += [
        "",
        "| search | samples | p50 ms | p95 ms | max ms | CPU p50 ms | CPU p95 ms | target "
        "| zero results |",
        "|---|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    for timing in data["timings"]:
        target = " / ".join(
            f"{label} ≤ {value:g}"
            for label, value in (("p50", timing["target_p50_ms"]), ("p95", timing["target_p95_ms"]))
            if value is not None
        )
        lines.append(
            f"| {timing['name']} | {timing['samples']} | {timing['p50_ms']} | "
            f"{timing['p95_ms']} | {timing['max_ms']} | {timing.get('cpu_p50_ms', '–')} | "
            f"{timing.get('cpu_p95_ms', '–')} | {target or '–'} | {timing['zero_results']} |"
        )
    load = data.get("load") or {}
    if "searches_per_s" in load:
        lines += [
            "",
            f"Sustained: {load['searches_per_s']} searches/s over {load['seconds']} s "
            f"({load['threads']} client threads, gunicorn {load['gunicorn_workers']} workers × "
            f"{load.get('gunicorn_threads', 1)} threads on 127.0.0.1, statuses "
            f"{load['statuses']}; client p50 {load['client_p50_ms']} ms, p95 "
            f"{load['client_p95_ms']} ms; load average {load.get('load_average', '?')} at the "
            f"end; target ≥ {TARGETS['searches_per_s']:.0f}/s).",
        ]
        if load.get("server_cpu_ms_per_request"):
            cpu = load["server_cpu_ms_per_request"] + load["client_cpu_ms_per_request"]
            lines.append(
                f"CPU per search: {load['server_cpu_ms_per_request']} ms in the gunicorn "
                f"workers + {load['client_cpu_ms_per_request']} ms in the load generator; "
                f"{os.cpu_count() or 1} CPUs to ourselves would serve about "
                f"{(os.cpu_count() or 1) * 1000 / cpu:.0f} searches/s (CPU-bound estimate)."
            )
    elif load:
        lines += ["", f"Load test: {load.get('error')}"]
    lines += [f"Note: {note}" for note in data.get("notes", [])]
    return "\n".join(lines)


START = "<!-- bench-search:start (written by `grassroots bench --search`) -->"
END = "<!-- bench-search:end -->"


def update_markdown(path: Path, body: str) -> None:
    """Rewrite this command's block of the docs (see bench/markdown.py)."""
    replace_marked_block(path, START, END, body, heading="## Search")
