"""`grassroots insights`: the insight report of GET /api/insights, in a terminal.

The same scope options as the API (--brand, --product, --category, --topic, --q, --since,
--until); `--json` prints exactly the API's JSON. The operator running it sees every brand
(no membership check); bad options exit with a message and a non-zero status.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from ninja.responses import NinjaJSONEncoder

from grassroots.core.errors import DomainError
from grassroots.insights.api import report_data
from grassroots.insights.reading import ScopeParams, report_for, scope_from_params
from grassroots.insights.types import InsightReport, Theme

KIND_NAMES = {"pain_point": "pain point", "need": "need", "praise": "praise"}


class Command(BaseCommand):
    help = "Print the insight report (themes, sentiment, volume) of a scope and time window."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--brand", help="brand slug")
        parser.add_argument("--product", help="brand product id")
        parser.add_argument("--category", help="category slug (top or sub-category)")
        parser.add_argument("--topic", help="topic name, with or without #")
        parser.add_argument("--q", help="search words, e.g. 推车 or sunscreen")
        parser.add_argument("--since", help="first day, YYYY-MM-DD (default: until - 90 days)")
        parser.add_argument("--until", help="last day, YYYY-MM-DD (default: today)")
        parser.add_argument("--json", action="store_true", help="print the API's JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        params = ScopeParams(
            **{
                name: None if options.get(name) is None else str(options[name])
                for name in ("brand", "product", "category", "topic", "q", "since", "until")
            }
        )
        try:
            scope = scope_from_params(params, viewer=None)
            report = report_for(viewer=None, scope=scope)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if options["json"]:
            self.stdout.write(
                json.dumps(report_data(report), ensure_ascii=False, cls=NinjaJSONEncoder, indent=2)
            )
            return
        self._print_table(report)

    def _print_table(self, report: InsightReport) -> None:
        write = self.stdout.write
        scope = report.scope
        named = [
            f"{name}={getattr(scope, name)}"
            for name in ("brand", "product", "category", "topic", "q")
            if getattr(scope, name) not in (None, "")
        ]
        write(f"Scope: {', '.join(named) or 'all public notes'}")
        write(f"Window: {report.since.isoformat()} .. {report.until.isoformat()}")
        sentiment = report.sentiment
        write(
            f"Notes: {report.notes}  sentences: {report.sentences}  "
            f"sentiment: +{sentiment.positive} ={sentiment.neutral} -{sentiment.negative} "
            f"(net {sentiment.net:+.2f})"
        )
        write("")
        write(f"{'Volume':<12} {'notes':>6} {'pos':>5} {'neu':>5} {'neg':>5}  (periods with notes)")
        for point in report.series:
            if point.notes or point.positive or point.neutral or point.negative:
                write(
                    f"  {point.day.isoformat()} {point.notes:6d} {point.positive:5d} "
                    f"{point.neutral:5d} {point.negative:5d}"
                )
        write("")
        write("Themes")
        self._themes(report.themes)
        if report.rising:
            write("")
            write("Rising")
            self._themes(report.rising)
        if report.aspects:
            write("")
            write(f"{'Aspect':<16} {'mentions':>8} {'pos':>6} {'neg':>6}")
            for aspect in report.aspects:
                write(
                    f"{aspect.term:<16} {aspect.count:8d} {aspect.positive:6d} {aspect.negative:6d}"
                )
        if report.competitors:
            write("")
            write(f"{'Brand':<20} {'notes':>7} {'voice':>7} {'net':>6}  top themes")
            for row in report.competitors:
                top = "; ".join(theme.label for theme in row.top_themes[:3])
                write(
                    f"{row.name:<20} {row.notes:7d} {row.share_of_voice:7.1%} "
                    f"{row.sentiment:+6.2f}  {top}"
                )

    def _themes(self, themes: list[Theme]) -> None:
        write = self.stdout.write
        if not themes:
            write("  (none)")
            return
        write(f"  {'#':>2} {'kind':<10} {'notes':>6} {'share':>6} {'trend':<8} label / quote")
        for rank, theme in enumerate(themes, 1):
            trend = "RISING" if theme.is_rising else theme.trend
            write(
                f"  {rank:2d} {KIND_NAMES.get(theme.kind, theme.kind):<10} {theme.note_count:6d} "
                f"{theme.share:6.1%} {trend:<8} {theme.label}"
            )
            if theme.quotes:
                quote = theme.quotes[0]
                write(f"{'':36}“{quote.text}” (note {quote.note_id})")
