"""`grassroots import FILE.jsonl`: import users, notes, comments and engagement (docs/data.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from grassroots.dataio.importer import import_jsonl, iter_errors


class Command(BaseCommand):
    help = (
        "Import a JSONL file. Bad lines are reported as 'line N: message' and the good ones "
        "are still imported; the exit status is non-zero when any line failed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="path of the .jsonl file (image paths are relative to it)")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and write everything, then roll back"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        report = import_jsonl(path, dry_run=options["dry_run"])
        for message in iter_errors(report):
            self.stderr.write(message)
        kinds = sorted(set(report.created) | set(report.unchanged))
        summary = ", ".join(
            f"{kind}: {report.created[kind]} new, {report.unchanged[kind]} unchanged"
            for kind in kinds
        )
        prefix = "Dry run (rolled back). " if options["dry_run"] else ""
        if options["verbosity"] > 0:
            self.stdout.write(
                f"{prefix}{report.lines} lines read. {summary or 'Nothing imported.'}"
            )
        if report.errors:
            raise CommandError(
                f"{len(report.errors)} line(s) failed and were not imported; "
                "the other records were imported."
            )
