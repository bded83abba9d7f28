"""Insight benchmarks (`grassroots bench --insights`) on a copy of the 1M-note benchmark corpus.

The corpus is var/bench/insights-<N>.sqlite3: a copy (cp) of the page/search benchmark corpus
var/bench/notes-<N>.sqlite3 when it exists (that file is never written), else seeded here.
The command re-runs itself in a child process pointed at the copy (SQLITE_PATH,
GRASSROOTS_VAR_DIR=var/bench/insights-<N>/; DATABASE_URL and REDIS_URL unset). Measured:

- **sentence analysis rate**: `grassroots.insights.analysis.analyse` over the sentences of a
  sample of listed notes (title, body and their visible comments), one process, no memo:
  notes/s and sentences/s, wall and CPU time (the per-core figure is notes / CPU second);
- **full analysis** of the corpus (`pipeline.rebuild()`, with the sentence memo): once, when the
  copy has no facts yet (or with --rebuild);
- **the bench brand**: a brand whose alias is a word found in about 10% of the notes (so about
  100k mentions in 1M notes), competing with the seeded brands;
- **brand rebuild** (`pipeline.rebuild(brand_id=…)`: re-find its mentions in every note and
  comment, recompute its aggregate rows);
- **report p95**: `build_report` for that brand (default 90-day window, and 30/180/365-day
  windows in turn), and GET /api/insights?brand=… through the whole Django stack as a member.

Every figure records the 1-minute load average before and after it: the machine has two cores
shared with other work, so wall times rise with the load; CPU times much less.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Max

from grassroots.bench.markdown import replace_marked_block

CHILD_ENV = "GRASSROOTS_BENCH_INSIGHTS_CHILD"
START = "<!-- bench-insights:start (written by `grassroots bench --insights`) -->"
END = "<!-- bench-insights:end -->"
BRAND_SLUG = "bench-brand"
TARGET_SHARE = 0.10
TARGETS = {"notes_per_cpu_s": 500.0, "report_p95_ms": 300.0, "brand_rebuild_s": 60.0}


def _load() -> float:
    return round(os.getloadavg()[0], 2)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def run(command: BaseCommand, options: dict[str, Any]) -> None:
    """Entry point from `grassroots bench --insights`."""
    notes = options["notes"] or (20_000 if options["quick"] else 1_000_000)
    bench_dir = Path(settings.VAR_DIR) / "bench"
    if os.environ.get(CHILD_ENV) == "1":
        _child(command, options, notes)
        return
    bench_dir.mkdir(parents=True, exist_ok=True)
    source = bench_dir / f"notes-{notes}.sqlite3"
    target = bench_dir / f"insights-{notes}.sqlite3"
    if options["rebuild"]:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
    if not target.exists() and source.exists():
        command.stdout.write(f"Copying {source.name} to {target.name}…")
        shutil.copyfile(source, target)
    var_dir = bench_dir / f"insights-{notes}"
    var_dir.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        {
            CHILD_ENV: "1",
            "SQLITE_PATH": str(target),
            "GRASSROOTS_VAR_DIR": str(var_dir),
            "GRASSROOTS_MODEL_DIR": str(Path(settings.VAR_DIR) / "models"),
        }
    )
    argv = [sys.executable, "-m", "grassroots.cli", "bench", "--insights", "--notes", str(notes)]
    argv += ["--docs", options["docs"], "--verbosity", str(options["verbosity"])]
    argv += [flag for flag in ("--quick", "--no-docs") if options[flag[2:].replace("-", "_")]]
    completed = subprocess.run(argv, env=env, check=False)  # noqa: S603 - our own command
    if completed.returncode != 0:
        raise CommandError(f"the insights benchmark failed (exit {completed.returncode})")


def _child(command: BaseCommand, options: dict[str, Any], notes: int) -> None:
    from grassroots.notes.models import Note

    call_command("migrate", interactive=False, verbosity=0)
    if not Note.objects.exists():
        from grassroots.seed.generator import CorpusSeeder, SeedOptions

        command.stdout.write(f"Seeding {notes:,} notes…")
        CorpusSeeder(SeedOptions(users=max(notes // 20, 50), notes=notes, seed=1)).run()
    result: dict[str, Any] = {"run": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")}
    result["corpus"] = {
        "notes": notes,
        "listed_notes": Note.objects.filter(is_listed=True).count(),
        "cpus": os.cpu_count(),
    }
    result["analysis_rate"] = analysis_rate(sample=2000 if options["quick"] else 5000)
    command.stdout.write(json.dumps(result["analysis_rate"]))
    result["full_analysis"] = full_analysis(command)
    command.stdout.write(json.dumps(result["full_analysis"]))
    brand = bench_brand(command)
    result["brand"] = brand
    result["brand_rebuild"] = brand_rebuild(brand["id"])
    command.stdout.write(json.dumps(result["brand_rebuild"]))
    result["report"] = report_latency(brand["slug"], runs=20 if options["quick"] else 60)
    command.stdout.write(json.dumps(result["report"]))
    table = text_table(result)
    command.stdout.write(table)
    out = Path(settings.VAR_DIR).parent / f"insights-{notes}.report.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    if not (options["quick"] or options["no_docs"]):
        update_markdown(Path(options["docs"]), table)
        command.stdout.write(f"Updated {options['docs']}.")


def analysis_rate(*, sample: int) -> dict[str, Any]:
    """Sentence analysis of `sample` listed notes (with comments), one process, no memo."""
    from grassroots.engagement.models import Comment
    from grassroots.insights.analysis import analyse, split_sentences
    from grassroots.notes.models import Note

    top = Note.objects.aggregate(top=Max("pk"))["top"] or 0
    rng = random.Random(5)
    ids = sorted({rng.randint(1, max(top, 1)) for _ in range(sample * 2)})
    rows = list(
        Note.objects.filter(pk__in=ids, is_listed=True).values_list("pk", "title", "body")[:sample]
    )
    comments: dict[int, list[str]] = {}
    for note_id, body in Comment.objects.filter(
        note_id__in=[row[0] for row in rows], deleted_at__isnull=True, hidden_at__isnull=True
    ).values_list("note_id", "body"):
        comments.setdefault(note_id, []).append(body)
    analyse(["预热一下模型"], memo=False)  # load the model and the segmenter first
    load_before = _load()
    wall = time.perf_counter()
    cpu = time.process_time()
    sentences = 0
    for start in range(0, len(rows), 200):
        texts: list[str] = []
        for note_id, title, body in rows[start : start + 200]:
            texts.append(title)
            texts += split_sentences(body)
            for comment in comments.get(note_id, []):
                texts += split_sentences(comment)
        sentences += len(texts)
        analyse(texts, memo=False)
    wall_s = time.perf_counter() - wall
    cpu_s = time.process_time() - cpu
    return {
        "notes": len(rows),
        "sentences": sentences,
        "wall_s": round(wall_s, 2),
        "cpu_s": round(cpu_s, 2),
        "notes_per_s": round(len(rows) / wall_s, 1) if wall_s else 0.0,
        "notes_per_cpu_s": round(len(rows) / cpu_s, 1) if cpu_s else 0.0,
        "sentences_per_cpu_s": round(sentences / cpu_s, 1) if cpu_s else 0.0,
        "load_before": load_before,
        "load_after": _load(),
    }


def full_analysis(command: BaseCommand) -> dict[str, Any]:
    """The full rebuild, when the copy has no facts yet (otherwise the stored figure)."""
    from grassroots.insights import pipeline
    from grassroots.insights.models import InsightState, NoteFact

    stored = InsightState.objects.filter(name="bench_full_analysis").first()
    if stored is not None and NoteFact.objects.exists():
        return {**stored.value, "reused": True}
    command.stdout.write("Analysing the whole corpus (once per copy)…")
    load_before = _load()
    wall = time.perf_counter()
    cpu = time.process_time()
    outcome = pipeline.rebuild()
    value = {
        **outcome,
        "wall_s": round(time.perf_counter() - wall, 1),
        "cpu_s": round(time.process_time() - cpu, 1),
        "load_before": load_before,
        "load_after": _load(),
    }
    InsightState.objects.update_or_create(name="bench_full_analysis", defaults={"value": value})
    return {**value, "reused": False}


def bench_brand(command: BaseCommand) -> dict[str, Any]:
    """The brand with ~10% of notes mentioning it (its alias is a common word)."""
    from grassroots.brands.models import Brand, BrandMember
    from grassroots.notes.models import Note
    from grassroots.text import words

    brand = Brand.objects.filter(slug=BRAND_SLUG).first()
    if brand is None:
        top = Note.objects.aggregate(top=Max("pk"))["top"] or 0
        rng = random.Random(11)
        ids = sorted({rng.randint(1, max(top, 1)) for _ in range(6000)})
        bodies = list(
            Note.objects.filter(pk__in=ids, is_listed=True).values_list("body", flat=True)
        )
        df: Counter[str] = Counter()
        for body in bodies:
            df.update(
                {
                    w
                    for w in words(body)
                    if len(w) >= 2 and all("\u4e00" <= c <= "\u9fff" for c in w)
                }
            )
        total = max(len(bodies), 1)
        alias = min(df, key=lambda w: (abs(df[w] / total - TARGET_SHARE), w))
        brand = Brand.objects.create(
            slug=BRAND_SLUG,
            name="BenchBrand",
            aliases=[alias],
            verified_at=datetime.now(UTC),
        )
        brand.competitors.add(*Brand.objects.exclude(pk=brand.pk)[:5])
        command.stdout.write(f"Bench brand alias {alias!r} ({df[alias] / total:.1%} of a sample)")
    from grassroots.accounts.models import User

    member, _ = User.objects.get_or_create(username="bench_insights_member")
    BrandMember.objects.get_or_create(brand=brand, user=member)
    return {"id": brand.pk, "slug": brand.slug, "aliases": brand.aliases}


def brand_rebuild(brand_id: int) -> dict[str, Any]:
    from grassroots.insights import pipeline

    load_before = _load()
    wall = time.perf_counter()
    cpu = time.process_time()
    outcome = pipeline.rebuild(brand_id=brand_id)
    return {
        **outcome,
        "wall_s": round(time.perf_counter() - wall, 1),
        "cpu_s": round(time.process_time() - cpu, 1),
        "load_before": load_before,
        "load_after": _load(),
    }


def report_latency(slug: str, *, runs: int) -> dict[str, Any]:
    """build_report and GET /api/insights for the bench brand."""
    from django.test import Client

    from grassroots.accounts.models import User
    from grassroots.insights.models import DailyStat
    from grassroots.insights.report import build_report
    from grassroots.insights.types import InsightScope

    last = DailyStat.objects.filter(dim="brand").aggregate(day=Max("day"))["day"]
    until = last or datetime.now(UTC).date()
    windows = [90, 30, 180, 365]
    for days in windows:  # warm up
        build_report(InsightScope(brand=slug, since=until - timedelta(days=days - 1), until=until))
    load_before = _load()
    wall_ms: list[float] = []
    cpu_ms: list[float] = []
    mentions = 0
    for index in range(runs):
        days = windows[index % len(windows)]
        scope = InsightScope(brand=slug, since=until - timedelta(days=days - 1), until=until)
        started, cpu = time.perf_counter(), time.process_time()
        report = build_report(scope)
        wall_ms.append((time.perf_counter() - started) * 1000)
        cpu_ms.append((time.process_time() - cpu) * 1000)
        if days == 365:
            mentions = report.notes
    client = Client()
    member = User.objects.get(username="bench_insights_member")
    client.force_login(member)
    api_ms: list[float] = []
    for index in range(max(runs // 2, 10)):
        days = windows[index % len(windows)]
        params = {"brand": slug, "since": (until - timedelta(days=days - 1)).isoformat()}
        params["until"] = until.isoformat()
        started = time.perf_counter()
        response = client.get("/api/insights", params)
        api_ms.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise CommandError(f"/api/insights answered {response.status_code}")
    return {
        "runs": runs,
        "windows_days": windows,
        "brand_notes_365_days": mentions,
        "p50_ms": round(statistics.median(wall_ms), 1),
        "p95_ms": round(_percentile(wall_ms, 0.95), 1),
        "max_ms": round(max(wall_ms), 1),
        "cpu_p95_ms": round(_percentile(cpu_ms, 0.95), 1),
        "api_p50_ms": round(statistics.median(api_ms), 1),
        "api_p95_ms": round(_percentile(api_ms, 0.95), 1),
        "load_before": load_before,
        "load_after": _load(),
    }


def text_table(data: dict[str, Any]) -> str:
    rate = data["analysis_rate"]
    full = data["full_analysis"]
    rebuild = data["brand_rebuild"]
    report = data["report"]
    corpus = data["corpus"]
    lines = [
        f"Insights, run {data['run']}: {corpus['listed_notes']:,} listed notes of "
        f"{corpus['notes']:,} (copy of the benchmark corpus), {corpus['cpus']} CPUs shared; "
        f"bench brand alias {data['brand']['aliases']}.",
        "",
        "| measure | figure | target | load avg (before → after) |",
        "|---|---|---|---|",
        f"| sentence analysis ({rate['notes']:,} notes, {rate['sentences']:,} sentences incl. "
        f"comments, no memo) | {rate['notes_per_cpu_s']:,} notes per CPU-second "
        f"({rate['sentences_per_cpu_s']:,} sentences/CPU-s; wall {rate['notes_per_s']:,} "
        f"notes/s) | ≥ 500 notes/s per core | {rate['load_before']} → {rate['load_after']} |",
        f"| full analysis of the corpus (rebuild, memo on) | {full.get('notes', 0):,} notes in "
        f"{full.get('wall_s')} s wall, {full.get('cpu_s')} s CPU; {full.get('themes')} themes"
        f"{' (stored figure)' if full.get('reused') else ''} | — | "
        f"{full.get('load_before')} → {full.get('load_after')} |",
        f"| brand rebuild ({rebuild['mentions']:,} mentions) | {rebuild['wall_s']} s wall, "
        f"{rebuild['cpu_s']} s CPU | ≤ 60 s | {rebuild['load_before']} → "
        f"{rebuild['load_after']} |",
        f"| build_report, brand ({report['brand_notes_365_days']:,} notes in 365 days; "
        f"{report['runs']} runs over 30–365-day windows) | p50 {report['p50_ms']} ms, "
        f"p95 {report['p95_ms']} ms (CPU p95 {report['cpu_p95_ms']} ms) | p95 ≤ 300 ms | "
        f"{report['load_before']} → {report['load_after']} |",
        f"| GET /api/insights?brand= (Django test client, member) | p50 {report['api_p50_ms']} "
        f"ms, p95 {report['api_p95_ms']} ms | p95 ≤ 300 ms | — |",
    ]
    return "\n".join(lines)


def update_markdown(path: Path, body: str) -> None:
    """Rewrite this command's block of the docs (see bench/markdown.py)."""
    replace_marked_block(path, START, END, body)
