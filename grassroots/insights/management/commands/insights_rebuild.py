"""Rebuild the insight facts, themes and aggregates from scratch (or one brand's rows)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from grassroots.brands.models import Brand
from grassroots.insights import pipeline


class Command(BaseCommand):
    help = "Re-analyse every listed note, or with --brand re-find one brand's mentions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--brand", default=None, help="brand slug: only its mentions and rows")
        parser.add_argument(
            "--themes", action="store_true", help="only cluster the stored sentences again"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        brand_id = None
        if options["brand"]:
            brand = Brand.objects.filter(slug=options["brand"]).first()
            if brand is None:
                raise CommandError(f"No brand {options['brand']!r}.")
            brand_id = brand.pk
        result = pipeline.recluster() if options["themes"] else pipeline.rebuild(brand_id=brand_id)
        seconds = time.perf_counter() - started
        details = ", ".join(f"{key} {value}" for key, value in result.items())
        self.stdout.write(f"Rebuilt insights ({details}) in {seconds:.1f}s.")
