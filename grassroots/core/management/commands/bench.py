"""`grassroots bench`: build (or reuse) a benchmark corpus on SQLite and measure the product.

The corpus lives in its own database, var/bench/notes-<N>.sqlite3, so benchmarking never
touches the working database: this command re-runs itself in a child process pointed at that
file (SQLITE_PATH; DATABASE_URL and REDIS_URL unset: the embedded configuration is what is
measured). The first run seeds it with the bulk path and records the seed rate in
var/bench/notes-<N>.manifest.json; later runs reuse it. Results are printed and written to
docs/benchmarks.md (between its markers) unless --quick or --no-docs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from grassroots.bench.report import build_report, machine_info, text_table, update_markdown
from grassroots.bench.runner import Bench, BenchSettings
from grassroots.bench.search import SearchBench, SearchBenchSettings
from grassroots.bench.search import text_table as search_text_table
from grassroots.bench.search import update_markdown as update_search_markdown
from grassroots.notes.models import Note
from grassroots.seed.generator import CorpusSeeder, SeedOptions

CHILD_ENV = "GRASSROOTS_BENCH_CHILD"
QUICK_NOTES = 20_000


class Command(BaseCommand):
    help = "Benchmark seed rate, page server times and API publishing on a generated corpus."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--notes", type=int, default=None, help="corpus size (default 1M)")
        parser.add_argument("--users", type=int, default=None, help="default: notes / 20")
        parser.add_argument(
            "--quick", action="store_true", help=f"{QUICK_NOTES:,} notes, fewer samples, no docs"
        )
        parser.add_argument("--samples", type=int, default=None, help="requests per page type")
        parser.add_argument("--rebuild", action="store_true", help="re-seed the corpus")
        parser.add_argument("--no-docs", action="store_true", help="do not update the docs")
        parser.add_argument(
            "--search",
            action="store_true",
            help="search benchmarks instead of pages: reindex, engine, API, load, tantivy, FTS5",
        )
        parser.add_argument(
            "--load-seconds", type=float, default=20.0, help="search load test duration (≤ 30)"
        )
        parser.add_argument(
            "--no-reindex",
            action="store_true",
            help="search: reuse the corpus's index (the reindex rate is then not measured)",
        )
        parser.add_argument(
            "--insights", action="store_true", help="insight analysis benchmarks (bench/insights)"
        )
        parser.add_argument(
            "--checkout",
            action="store_true",
            help="checkout p95 and orders/s on one hot product (PostgreSQL, scratch database)",
        )
        parser.add_argument(
            "--docs", default=str(Path(settings.BASE_DIR) / "docs" / "benchmarks.md")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["insights"]:
            from grassroots.bench import insights  # noqa: PLC0415 - only this mode needs it

            insights.run(self, options)
            return
        if options["checkout"]:  # in-process on PostgreSQL, not the SQLite corpus child
            from grassroots.bench.checkout import run_command

            run_command(options, self.stdout.write)
            return
        notes = options["notes"] or (QUICK_NOTES if options["quick"] else 1_000_000)
        if notes < 100:
            raise CommandError("--notes must be at least 100.")
        users = options["users"] or max(notes // 20, 50)
        bench_dir = Path(settings.VAR_DIR) / "bench"
        database = bench_dir / f"notes-{notes}.sqlite3"
        manifest = bench_dir / f"notes-{notes}.manifest.json"
        if os.environ.get(CHILD_ENV) != "1":
            self._run_child(database, options, notes, users)
            return
        if options["search"]:
            # The search child's VAR_DIR (index, static) is var/bench/notes-<N>/.
            bench_dir = Path(settings.VAR_DIR).parent
            manifest = bench_dir / f"notes-{notes}.manifest.json"
            database = bench_dir / f"notes-{notes}.sqlite3"
        call_command("migrate", interactive=False, verbosity=0)
        # Pages link hashed static files (as `serve` does): the manifest must exist.
        call_command("collectstatic", interactive=False, verbosity=0)
        if not Note.objects.exists():
            self._build(notes=notes, users=users, manifest=manifest)
        elif options["verbosity"] > 0:
            self.stdout.write(f"Reusing {database} (--rebuild to seed it again).")
        if options["search"]:
            self._search(options, manifest=manifest, bench_dir=bench_dir, notes=notes)
            return
        samples = options["samples"] or (40 if options["quick"] else 300)
        bench = Bench(
            BenchSettings(
                samples=samples,
                warmup=5 if options["quick"] else 20,
                publish_samples=max(samples // 2, 20),
            )
        )
        if options["verbosity"] > 0:
            self.stdout.write("Measuring…")
        measurements = bench.run().as_dict()
        report = build_report(
            corpus=self._corpus(manifest, database),
            seed=self._seed_facts(manifest),
            measurements=measurements,
        )
        self.stdout.write(text_table(report))
        (bench_dir / f"notes-{notes}.report.json").write_text(
            json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        if not (options["quick"] or options["no_docs"]):
            update_markdown(Path(options["docs"]), report)
            self.stdout.write(f"Updated {options['docs']}.")

    def _run_child(self, database: Path, options: dict[str, Any], notes: int, users: int) -> None:
        database.parent.mkdir(parents=True, exist_ok=True)
        if options["rebuild"]:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{database}{suffix}").unlink(missing_ok=True)
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "REDIS_URL"}
        }
        env.update({CHILD_ENV: "1", "SQLITE_PATH": str(database)})
        if options["search"]:  # its own search index, never the working one
            var_dir = database.parent / f"notes-{notes}"
            var_dir.mkdir(parents=True, exist_ok=True)
            env["GRASSROOTS_VAR_DIR"] = str(var_dir)
            env.pop("SEARCH_INDEX_DIR", None)
        argv = [sys.executable, "-m", "grassroots.cli", "bench", "--notes", str(notes)]
        argv += ["--users", str(users), "--docs", options["docs"]]
        argv += ["--verbosity", str(options["verbosity"])]
        if options["samples"]:
            argv += ["--samples", str(options["samples"])]
        argv += [
            flag
            for flag in ("--quick", "--no-docs", "--search", "--no-reindex")
            if options[flag[2:].replace("-", "_")]
        ]
        argv += ["--load-seconds", str(options["load_seconds"])]
        completed = subprocess.run(argv, env=env, check=False)  # noqa: S603 - our own command
        if completed.returncode != 0:
            raise CommandError(f"the benchmark failed (exit status {completed.returncode})")

    def _search(
        self, options: dict[str, Any], *, manifest: Path, bench_dir: Path, notes: int
    ) -> None:
        if not 1 <= options["load_seconds"] <= 30:
            raise CommandError("--load-seconds must be between 1 and 30.")
        data = json.loads(manifest.read_text(encoding="utf-8")) if manifest.exists() else {}
        quick = options["quick"]
        bench = SearchBench(
            SearchBenchSettings(
                queries=options["samples"] or (60 if quick else 300),
                warmup=5 if quick else 20,
                load_seconds=5.0 if quick else options["load_seconds"],
                reindex=not options["no_reindex"],
                fts_path=str(bench_dir / f"notes-{notes}.fts.sqlite3"),
            ),
            manifest=data,
        )

        def progress(message: str) -> None:
            if options["verbosity"] > 0:
                self.stdout.write(message)

        report = {
            "machine": machine_info(),
            "run": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            **bench.run(progress).as_dict(),
        }
        table = search_text_table(report)
        self.stdout.write(table)
        (bench_dir / f"notes-{notes}.search-report.json").write_text(
            json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        if not (quick or options["no_docs"]):
            machine = report["machine"]
            header = (
                f"{notes:,} seeded notes; run {report['run']} on {machine['nproc']} CPUs "
                f"({machine['cpu']}), load average {machine['load_avg_1m']}.\n\n"
            )
            update_search_markdown(Path(options["docs"]), header + table)
            self.stdout.write(f"Updated {options['docs']}.")

    def _build(self, *, notes: int, users: int, manifest: Path) -> None:
        self.stdout.write(f"Seeding {notes:,} notes and {users:,} users (bulk path)…")
        with tqdm(total=notes, unit="note", disable=not sys.stderr.isatty()) as bar:

            def advance(done: int) -> None:
                bar.update(done)

            result = CorpusSeeder(
                SeedOptions(users=users, notes=notes, seed=1), progress=advance
            ).run()
        result["built"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        manifest.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")

    @staticmethod
    def _seed_facts(manifest: Path) -> dict[str, Any]:
        if not manifest.exists():
            return {}
        data = json.loads(manifest.read_text(encoding="utf-8"))
        seconds = data["timings_seconds"]["total"]
        built = data.get("built") or datetime.fromtimestamp(
            manifest.stat().st_mtime, tz=UTC
        ).strftime("%Y-%m-%d %H:%M UTC")
        return {
            "seconds": round(seconds, 1),
            "notes_per_s": round(data["options"]["notes"] / seconds) if seconds else None,
            "built": built,
            "phases_seconds": data["timings_seconds"],
        }

    @staticmethod
    def _corpus(manifest: Path, database: Path) -> dict[str, Any]:
        counts: dict[str, Any] = {}
        if manifest.exists():
            counts = json.loads(manifest.read_text(encoding="utf-8"))["counts"]
        size = sum(
            Path(f"{database}{suffix}").stat().st_size
            for suffix in ("", "-wal")
            if Path(f"{database}{suffix}").exists()
        )
        return {
            "notes": Note.objects.count(),
            "listed_notes": counts.get("listed_notes", 0),
            "users": counts.get("users", 0),
            "comments": counts.get("comments", 0),
            "likes": counts.get("likes", 0),
            "collects": counts.get("collects", 0),
            "database_mb": round(size / 1024 / 1024),
        }
