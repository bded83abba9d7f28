"""`grassroots seed`: a reproducible demo community (see grassroots/seed/ and docs/data.md)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from grassroots.notes.models import Note
from grassroots.seed.generator import CorpusSeeder, SeedOptions
from grassroots.seed.photos import add_photos


class Command(BaseCommand):
    help = "Generate a reproducible demo community (users, notes, comments, engagement)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--users", type=int, default=300)
        parser.add_argument("--notes", type=int, default=3000)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument(
            "--comments-per-note", type=float, default=3.0, dest="comments_per_note"
        )
        parser.add_argument(
            "--images",
            action=argparse.BooleanOptionalAction,
            default=False,
            help="give a share of the notes generated photos (small seeds only)",
        )
        parser.add_argument(
            "--manifest",
            default=None,
            help="where to write the manifest of planted content (default var/seed-manifest.json)",
        )
        parser.add_argument(
            "--theme-focus",
            type=float,
            default=0.0,
            dest="theme_focus",
            help="share of notes from the planted themes' sub-categories (0-1; demo: 0.4)",
        )
        parser.add_argument(
            "--anchor",
            default=None,
            help="the corpus' 'now' as an ISO date (default: today, UTC); fixes all dates",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        users, notes = options["users"], options["notes"]
        if users < 2:
            raise CommandError("--users must be at least 2.")
        if notes < 0:
            raise CommandError("--notes cannot be negative.")
        if options["comments_per_note"] < 0:
            raise CommandError("--comments-per-note cannot be negative.")
        if not 0 <= options["theme_focus"] <= 1:
            raise CommandError("--theme-focus must be between 0 and 1.")
        if Note.objects.exists():
            raise CommandError("The database already has notes; seed an empty database.")
        anchor = None
        if options["anchor"]:
            try:
                anchor = datetime.fromisoformat(options["anchor"])
            except ValueError as exc:
                raise CommandError(f"--anchor: {exc}") from exc
            if anchor.tzinfo is None:
                anchor = anchor.replace(tzinfo=UTC)
        seed_options = SeedOptions(
            users=users,
            notes=notes,
            seed=options["seed"],
            comments_per_note=options["comments_per_note"],
            anchor=anchor,
            theme_focus=options["theme_focus"],
        )
        show_bar = options["verbosity"] > 0 and sys.stderr.isatty()
        with tqdm(total=notes, unit="note", disable=not show_bar, smoothing=0.1) as bar:

            def advance(done: int) -> None:
                bar.update(done)

            try:
                seeder = CorpusSeeder(seed_options, progress=advance)
                manifest = seeder.run()
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        if options["images"]:
            manifest["photos"] = add_photos(seed=options["seed"])
        path = Path(options["manifest"] or Path(settings.VAR_DIR) / "seed-manifest.json")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        seconds = manifest["timings_seconds"]["total"]
        counts = manifest["counts"]
        rate = notes / seconds if seconds else 0.0
        photos = ""
        if "photos" in manifest:
            made = manifest["photos"]
            photos = f"; {made['photos']:.0f} photos in {made['seconds']:.0f}s"
        if options["verbosity"] > 0:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Seeded {counts['users']} users, {notes} notes, "
                    f"{counts['comments']} comments, {counts['likes']} likes, "
                    f"{counts['collects']} collects in {seconds:.1f}s "
                    f"({rate:,.0f} notes/s){photos}. Manifest: {path}"
                )
            )
