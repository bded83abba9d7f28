"""`grassroots eval_search`: measure search quality on a seeded corpus against two baselines.

The corpus lives in its own database, var/eval/notes-<N>-seed-<S>.sqlite3 (its search index
and other derived files under var/eval/notes-<N>-seed-<S>/): this command re-runs itself in a
child process pointed there (SQLITE_PATH, GRASSROOTS_VAR_DIR; DATABASE_URL, REDIS_URL and
SEARCH_INDEX_DIR unset), seeds it on the first run (reused afterwards), rebuilds the search
index with `grassroots reindex`, builds the SQLite FTS5 trigram baseline beside it, and runs
the labelled question set (grassroots/search/evaluation) on the engine, SQL LIKE and FTS5.
The table is printed (or JSON with --json), saved as var/eval/notes-<N>-seed-<S>.report.json
and written into docs/search.md between the eval markers (unless --no-docs).

--in-place evaluates the current database instead (tests use it, with --manifest).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError, CommandParser

from grassroots.bench.markdown import replace_marked_block
from grassroots.notes.models import Note
from grassroots.search.evaluation.baselines import Fts5Trigram, like_search
from grassroots.search.evaluation.questions import build_question_set
from grassroots.search.evaluation.runner import Engine, engine_search, evaluate, markdown_table

CHILD_ENV = "GRASSROOTS_EVAL_CHILD"
START = "<!-- eval:start (written by `grassroots eval_search`; edit outside these markers) -->"
END = "<!-- eval:end -->"


def update_markdown(path: Path, body: str) -> None:
    """Rewrite this command's block of the docs (see bench/markdown.py)."""
    replace_marked_block(path, START, END, body)


class Command(BaseCommand):
    help = "Evaluate search quality (nDCG@10, recall@50, MRR, zero results) against baselines."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--notes", type=int, default=100_000, help="corpus size")
        parser.add_argument("--seed", type=int, default=1, help="seed of the corpus")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")
        parser.add_argument("--rebuild", action="store_true", help="re-seed the corpus")
        parser.add_argument("--no-reindex", action="store_true", help="reuse the search index")
        parser.add_argument("--no-docs", action="store_true", help="do not update the docs")
        parser.add_argument("--docs", default=str(Path(settings.BASE_DIR) / "docs" / "search.md"))
        parser.add_argument(
            "--in-place", action="store_true", help="evaluate the current database (tests)"
        )
        parser.add_argument("--manifest", default=None, help="seed manifest (with --in-place)")

    def handle(self, *args: Any, **options: Any) -> None:
        notes, seed = options["notes"], options["seed"]
        if notes < 100:
            raise CommandError("--notes must be at least 100.")
        name = f"notes-{notes}-seed-{seed}"
        eval_dir = Path(settings.VAR_DIR) / "eval"
        if options["in_place"]:
            if not options["manifest"]:
                raise CommandError("--in-place needs --manifest.")
            manifest = Path(options["manifest"])
            if not manifest.exists():
                raise CommandError(f"no manifest at {manifest}")
            self._evaluate(manifest, fts_path=":memory:", options=options, corpus={})
            return
        if os.environ.get(CHILD_ENV) != "1":
            self._run_child(eval_dir, name, options)
            return
        # In the child VAR_DIR is var/eval/<name>; the corpus files sit beside it.
        eval_dir = Path(settings.VAR_DIR).parent
        manifest = eval_dir / f"{name}.manifest.json"
        call_command("migrate", interactive=False, verbosity=0)
        corpus: dict[str, Any] = {"notes": notes, "seed": seed}
        if not Note.objects.exists():
            self._seed(notes=notes, seed=seed, manifest=manifest)
        self._evaluate(
            manifest, fts_path=str(eval_dir / f"{name}.fts.sqlite3"), options=options, corpus=corpus
        )

    def _run_child(self, eval_dir: Path, name: str, options: dict[str, Any]) -> None:
        database = eval_dir / f"{name}.sqlite3"
        var_dir = eval_dir / name
        var_dir.mkdir(parents=True, exist_ok=True)
        if options["rebuild"]:
            for path in (database, eval_dir / f"{name}.fts.sqlite3"):
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "REDIS_URL", "SEARCH_INDEX_DIR"}
        }
        env.update(
            {CHILD_ENV: "1", "SQLITE_PATH": str(database), "GRASSROOTS_VAR_DIR": str(var_dir)}
        )
        argv = [sys.executable, "-m", "grassroots.cli", "eval_search"]
        argv += ["--notes", str(options["notes"]), "--seed", str(options["seed"])]
        argv += ["--docs", options["docs"], "--verbosity", str(options["verbosity"])]
        argv += [
            flag
            for flag in ("--json", "--no-docs", "--no-reindex")
            if options[flag[2:].replace("-", "_")]
        ]
        completed = subprocess.run(argv, env=env, check=False)  # noqa: S603 - our own command
        if completed.returncode != 0:
            raise CommandError(f"the evaluation failed (exit status {completed.returncode})")

    def _seed(self, *, notes: int, seed: int, manifest: Path) -> None:
        from grassroots.seed.generator import CorpusSeeder, SeedOptions  # noqa: PLC0415

        self.stderr.write(f"Seeding {notes:,} notes (seed {seed})…")
        options = SeedOptions(
            users=max(notes // 20, 50),
            notes=notes,
            seed=seed,
            anchor=datetime(2026, 6, 1, tzinfo=UTC),
        )
        result = CorpusSeeder(options).run()
        manifest.parent.mkdir(parents=True, exist_ok=True)
        manifest.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")

    def _evaluate(
        self, manifest: Path, *, fts_path: str, options: dict[str, Any], corpus: dict[str, Any]
    ) -> None:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        queries = build_question_set(data)
        if not queries:
            raise CommandError("the manifest has no planted questions on listed notes")
        timings: dict[str, float] = {}
        engines: dict[str, Engine] = {}
        notes: list[str] = []
        if "reindex" in get_commands():
            if not options["no_reindex"]:
                started = time.perf_counter()
                call_command("reindex", verbosity=0)
                timings["reindex_s"] = round(time.perf_counter() - started, 1)
            engines["grassroots engine"] = engine_search
        else:
            notes.append("the search engine is not installed (no `reindex` command)")
        engines["SQL LIKE (2-char chunks)"] = lambda q, k: like_search(q, limit=k)
        engines["SQL LIKE (literal)"] = lambda q, k: like_search(q, limit=k, chunks=False)
        fts = Fts5Trigram(fts_path)
        if options["rebuild"] or not fts.exists() or fts_path == ":memory:":
            started = time.perf_counter()
            timings["fts5_notes"] = fts.build()
            timings["fts5_build_s"] = round(time.perf_counter() - started, 1)
        engines["SQLite FTS5 trigram bm25"] = lambda q, k: fts.search(q, limit=k)
        try:
            report = evaluate(queries, engines)
        finally:
            fts.close()
        report["corpus"] = {
            **corpus,
            "listed_notes": Note.objects.filter(is_listed=True).count(),
            "comments": data.get("counts", {}).get("comments"),
        }
        report["timings"] = timings
        report["notes"] = notes
        report["run"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        table = markdown_table(report)
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=1))
        else:
            self.stdout.write(table)
            for note in notes:
                self.stdout.write(f"Note: {note}")
        if options["in_place"]:
            return
        out = manifest.with_name(manifest.name.replace(".manifest.json", ".report.json"))
        out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        if not options["no_docs"]:
            corpus_line = (
                f"Corpus: {report['corpus']['listed_notes']:,} listed notes of "
                f"{corpus.get('notes', 0):,} seeded (seed {corpus.get('seed')}), "
                f"{report['corpus']['comments'] or 0:,} comments; {report['queries']} labelled "
                f"queries; run {report['run']}; timings {timings}."
            )
            update_markdown(Path(options["docs"]), corpus_line + "\n\n" + table)
            self.stderr.write(f"Updated {options['docs']}.")
