"""`grassroots export FILE.jsonl`: write the instance's content in the import schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from grassroots.dataio.exporter import export_jsonl


class Command(BaseCommand):
    help = "Export users, notes (with images), comments and engagement as JSONL (docs/data.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="path of the .jsonl file to write")
        parser.add_argument(
            "--no-images", action="store_true", help="do not copy note images next to the file"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        counts = export_jsonl(path, images=not options["no_images"])
        if options["verbosity"] > 0:
            summary = ", ".join(f"{kind}: {count}" for kind, count in sorted(counts.items()))
            self.stdout.write(f"Wrote {path}. {summary or 'Nothing to export.'}")
