"""`grassroots eval_insights`: measure the insight analysis on a seeded corpus.

Like `eval_search`, the corpus lives in its own database, var/eval/insights-<N>-seed-<S>.sqlite3
(derived files under var/eval/insights-<N>-seed-<S>/): the command re-runs itself in a child
process pointed there (SQLITE_PATH, GRASSROOTS_VAR_DIR; DATABASE_URL and REDIS_URL unset),
seeds it on the first run (anchor 2026-06-01; reused afterwards), runs
`grassroots insights_rebuild` and then the measurements of `grassroots.insights.evaluation`.
The table is printed (or JSON with --json), saved beside the corpus as .report.json and
written into docs/insights.md between the eval markers (unless --no-docs).

--in-place evaluates the current database (tests use it, with --manifest).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from grassroots.bench.markdown import replace_marked_block
from grassroots.insights import evaluation
from grassroots.notes.models import Note

CHILD_ENV = "GRASSROOTS_EVAL_INSIGHTS_CHILD"
START = "<!-- eval-insights:start (written by `grassroots eval_insights`; edit outside) -->"
END = "<!-- eval-insights:end -->"
ANCHOR = datetime(2026, 6, 1, tzinfo=UTC)


def update_markdown(path: Path, body: str) -> None:
    """Rewrite this command's block of the docs (see bench/markdown.py)."""
    replace_marked_block(path, START, END, body)


class Command(BaseCommand):
    help = "Evaluate theme recovery, rising detection and sentiment on a seeded corpus."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--notes", type=int, default=100_000, help="corpus size")
        parser.add_argument("--seed", type=int, default=1, help="seed of the corpus")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")
        parser.add_argument("--rebuild", action="store_true", help="re-seed the corpus")
        parser.add_argument("--no-analysis", action="store_true", help="reuse the analysis")
        parser.add_argument("--no-docs", action="store_true", help="do not update the docs")
        parser.add_argument("--docs", default=str(Path(settings.BASE_DIR) / "docs" / "insights.md"))
        parser.add_argument("--in-place", action="store_true", help="evaluate this database")
        parser.add_argument("--manifest", default=None, help="seed manifest (with --in-place)")
        parser.add_argument("--until", default=None, help="last day of the reports (in-place)")
        parser.add_argument("--skip-rising", action="store_true", help="skip the rising sweep")
        parser.add_argument(
            "--no-baseline", action="store_true", help="skip snownlp's (slow) baseline"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        notes, seed = options["notes"], options["seed"]
        if notes < 100:
            raise CommandError("--notes must be at least 100.")
        name = f"insights-{notes}-seed-{seed}"
        if options["in_place"]:
            if not options["manifest"]:
                raise CommandError("--in-place needs --manifest.")
            manifest = Path(options["manifest"])
            if not manifest.exists():
                raise CommandError(f"no manifest at {manifest}")
            data = json.loads(manifest.read_text(encoding="utf-8"))
            until = (
                date.fromisoformat(options["until"])
                if options["until"]
                else datetime.fromisoformat(data["anchor"]).date() - timedelta(days=1)
            )
            self._evaluate(data, until, options, {}, None)
            return
        eval_dir = Path(settings.VAR_DIR) / "eval"
        if os.environ.get(CHILD_ENV) != "1":
            self._run_child(eval_dir, name, options)
            return
        eval_dir = Path(settings.VAR_DIR).parent
        manifest = eval_dir / f"{name}.manifest.json"
        call_command("migrate", interactive=False, verbosity=0)
        timings: dict[str, float] = {}
        if not Note.objects.exists():
            started = time.perf_counter()
            self._seed(notes=notes, seed=seed, manifest=manifest)
            timings["seed_s"] = round(time.perf_counter() - started, 1)
        if not options["no_analysis"]:
            started = time.perf_counter()
            call_command("insights_rebuild", verbosity=0)
            timings["insights_rebuild_s"] = round(time.perf_counter() - started, 1)
        data = json.loads(manifest.read_text(encoding="utf-8"))
        until = ANCHOR.date() - timedelta(days=1)
        corpus = {"notes": notes, "seed": seed, "timings": timings}
        self._evaluate(data, until, options, corpus, manifest)

    def _run_child(self, eval_dir: Path, name: str, options: dict[str, Any]) -> None:
        database = eval_dir / f"{name}.sqlite3"
        var_dir = eval_dir / name
        var_dir.mkdir(parents=True, exist_ok=True)
        if options["rebuild"]:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{database}{suffix}").unlink(missing_ok=True)
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "REDIS_URL", "SEARCH_INDEX_DIR"}
        }
        env.update(
            {CHILD_ENV: "1", "SQLITE_PATH": str(database), "GRASSROOTS_VAR_DIR": str(var_dir)}
        )
        # The sentiment model is cached in the main var dir, not retrained per corpus.
        models = Path(settings.VAR_DIR) / "models"
        env.setdefault("GRASSROOTS_MODEL_DIR", str(models))
        argv = [sys.executable, "-m", "grassroots.cli", "eval_insights"]
        argv += ["--notes", str(options["notes"]), "--seed", str(options["seed"])]
        argv += ["--docs", options["docs"], "--verbosity", str(options["verbosity"])]
        argv += [
            flag
            for flag in ("--json", "--no-docs", "--no-analysis", "--skip-rising", "--no-baseline")
            if options[flag[2:].replace("-", "_")]
        ]
        completed = subprocess.run(argv, env=env, check=False)  # noqa: S603 - our own command
        if completed.returncode != 0:
            raise CommandError(f"the evaluation failed (exit status {completed.returncode})")

    def _seed(self, *, notes: int, seed: int, manifest: Path) -> None:
        from grassroots.seed.generator import CorpusSeeder, SeedOptions  # noqa: PLC0415

        self.stderr.write(f"Seeding {notes:,} notes (seed {seed})…")
        options = SeedOptions(users=max(notes // 20, 50), notes=notes, seed=seed, anchor=ANCHOR)
        result = CorpusSeeder(options).run()
        manifest.parent.mkdir(parents=True, exist_ok=True)
        manifest.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")

    def _evaluate(
        self,
        data: dict[str, Any],
        until: date,
        options: dict[str, Any],
        corpus: dict[str, Any],
        manifest: Path | None,
    ) -> None:
        started = time.perf_counter()
        report: dict[str, Any] = {"until": until.isoformat()}
        report["recovery"] = evaluation.recovery(data, until)
        if options["skip_rising"]:
            report["rising"] = {
                "rising": [],
                "flat_reports": 0,
                "flat_rising_flags": 0,
                "flat_planted_theme_flags": 0,
                "false_alarms_per_report": 0.0,
            }
        else:
            report["rising"] = evaluation.rising(data, until)
        report["sentiment"] = evaluation.sentiment(data, baseline=not options["no_baseline"])
        report["cocreation"] = evaluation.cocreation()
        report["corpus"] = {
            **corpus,
            "listed_notes": Note.objects.filter(is_listed=True).count(),
            "comments": data.get("counts", {}).get("comments"),
        }
        report["eval_seconds"] = round(time.perf_counter() - started, 1)
        report["run"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        table = evaluation.markdown(report)
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=1, default=str))
        else:
            self.stdout.write(table)
        if manifest is None:
            return
        out = manifest.with_name(manifest.name.replace(".manifest.json", ".report.json"))
        out.write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str), "utf-8")
        if not options["no_docs"]:
            line = (
                f"Corpus: {report['corpus']['listed_notes']:,} listed notes of "
                f"{corpus.get('notes', 0):,} seeded (seed {corpus.get('seed')}, anchor "
                f"{ANCHOR.date()}), {report['corpus']['comments'] or 0:,} comments; reports up "
                f"to {until}; run {report['run']}; timings {corpus.get('timings')}, evaluation "
                f"{report['eval_seconds']} s."
            )
            update_markdown(Path(options["docs"]), line + "\n\n" + table)
            self.stderr.write(f"Updated {options['docs']}.")
