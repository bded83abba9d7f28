"""`grassroots search "query"`: the same results as GET /api/search/notes, in a terminal."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from ninja.responses import NinjaJSONEncoder

from grassroots.core.errors import DomainError
from grassroots.search import engine
from grassroots.search.api import _answer_dict, note_hit_dict


class Command(BaseCommand):
    help = "Search notes from the command line."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("query")
        parser.add_argument("--sort", default="overall", choices=engine.SORTS)
        parser.add_argument("--type", dest="note_type", default=None, choices=engine.NOTE_TYPES)
        parser.add_argument("--time", default=None, choices=tuple(engine.TIME_WINDOWS))
        parser.add_argument("--category", default=None)
        parser.add_argument("--city", default=None)
        parser.add_argument("--limit", type=int, default=20)
        parser.add_argument("--offset", type=int, default=0)
        parser.add_argument("--json", action="store_true", help="print the API's JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = engine.search_notes(
                query=options["query"],
                sort=options["sort"],
                note_type=options["note_type"],
                time=options["time"],
                category=options["category"],
                city=options["city"],
                limit=options["limit"],
                offset=options["offset"],
                detail=True,
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if options["json"]:
            payload = {
                "items": [note_hit_dict(hit) for hit in result.items],
                "total": result.total,
                "answer": _answer_dict(result.answer),
            }
            self.stdout.write(
                json.dumps(payload, ensure_ascii=False, cls=NinjaJSONEncoder, indent=2)
            )
            return
        self.stdout.write(f"{result.total} results ({result.took_ms:.1f} ms)")
        if result.answer is not None:
            self.stdout.write(f"Answer ({result.answer.source}): {result.answer.text}")
        for hit in result.items:
            self.stdout.write(f"{hit.score:8.3f}  #{hit.note.pk}  {hit.note.title}  {hit.snippet}")
