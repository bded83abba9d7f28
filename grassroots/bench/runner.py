"""Measure page and API server times in-process on the current database.

Each request goes through the whole Django stack (middleware, views, templates) with
django.test.Client, after a warm-up; times are wall-clock per request on this process, so
they are server time without network or a WSGI server in front. Samples are spread over
random notes, users, channels and deep cursors of the corpus.
"""

from __future__ import annotations

import math
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grassroots.accounts.actions import token_create
from grassroots.accounts.models import User
from grassroots.dataio.actions import user_import
from grassroots.feed.queries import discover_page
from grassroots.notes.models import Category, Note
from grassroots.seed.compose import Composer

# p95 targets in milliseconds (docs/benchmarks.md).
TARGETS_MS = {"discover": 50.0, "profile": 50.0, "note_detail": 30.0, "publish": 50.0}
LOGGED_IN_CLIENTS = 12
DEEP_PAGES = 50
BENCH_PUBLISHER = "bench_publisher"


@dataclass
class Timing:
    name: str
    example: str
    samples: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    target_ms: float | None
    queries: int | None
    errors: int = 0
    # CPU time of this process per request: unlike wall time, not inflated when other
    # processes compete for the CPUs (it includes SQLite work, which runs in-process).
    cpu_p50_ms: float = 0.0
    cpu_p95_ms: float = 0.0

    @property
    def meets_target(self) -> bool | None:
        return None if self.target_ms is None else self.p95_ms <= self.target_ms


@dataclass
class BenchSettings:
    samples: int = 200
    warmup: int = 15
    publish_samples: int = 100
    seed: int = 2024


@dataclass
class Measurements:
    timings: list[Timing] = field(default_factory=list)
    publish_rate_per_s: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "timings": [{**asdict(t), "meets_target": t.meets_target} for t in self.timings],
            "publish_rate_per_s": round(self.publish_rate_per_s, 1),
        }


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (values need not be sorted)."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(1, min(len(ordered), math.ceil(fraction * len(ordered))))
    return ordered[rank - 1]


class Bench:
    def __init__(self, settings: BenchSettings) -> None:
        self.settings = settings
        self.rng = random.Random(settings.seed)
        self.result = Measurements()

    # --- sample pools ---------------------------------------------------------------------
    def _listed_note_ids(self, count: int) -> list[int]:
        bounds = Note.objects.filter(is_listed=True).order_by("id").values_list("id", flat=True)
        first, last = bounds.first(), bounds.last()
        if first is None or last is None:
            return []
        ids: list[int] = []
        for _ in range(count):
            start = self.rng.randint(first, last)
            found = (
                Note.objects.filter(is_listed=True, id__gte=start)
                .order_by("id")
                .values_list("id", flat=True)
                .first()
            )
            ids.append(found or first)
        return ids

    def _authors(self, count: int) -> list[str]:
        bounds = User.objects.order_by("id").values_list("id", flat=True)
        first, last = bounds.first(), bounds.last()
        names: list[str] = []
        if first is None or last is None:
            return names
        for _ in range(count):
            start = self.rng.randint(first, last)
            name = (
                User.objects.filter(id__gte=start, notes_count__gt=0, is_active=True)
                .order_by("id")
                .values_list("username", flat=True)
                .first()
            )
            if name:
                names.append(name)
        return names or list(User.objects.values_list("username", flat=True)[:1])

    def _deep_cursors(self) -> tuple[int, list[str]]:
        """Cursors around page DEEP_PAGES of discover (or half-way on a small corpus)."""
        pages = Note.objects.filter(is_listed=True).count() // 20
        depth = min(DEEP_PAGES, max(pages // 2, 1))
        spread = max(min(10, depth // 2), 1)
        cursors: list[str] = []
        cursor: str | None = None
        for page in range(1, depth + spread + 1):
            result = discover_page(viewer=None, cursor=cursor, limit=20)
            cursor = result.next_cursor
            if cursor is None:
                break
            if page >= depth - spread:
                cursors.append(cursor)
        return depth, cursors

    def _clients(self) -> list[Client]:
        clients = []
        for username in self._authors(LOGGED_IN_CLIENTS):
            client = Client()
            client.force_login(User.objects.get(username=username))
            clients.append(client)
        return clients or [Client()]

    # --- measuring ------------------------------------------------------------------------
    def _time(
        self,
        name: str,
        make_request: Callable[[int], Any],
        *,
        examples: list[str],
        target: float | None,
        samples: int | None = None,
    ) -> Timing:
        count = samples or self.settings.samples
        for number in range(self.settings.warmup):
            make_request(number)
        with CaptureQueriesContext(connection) as captured:
            make_request(0)
        # Read now: every request_started signal clears the connection's query log.
        queries = len(captured.captured_queries)
        times: list[float] = []
        cpu_times: list[float] = []
        errors = 0
        for number in range(count):
            started, cpu_started = time.perf_counter(), time.process_time()
            response = make_request(number)
            times.append((time.perf_counter() - started) * 1000)
            cpu_times.append((time.process_time() - cpu_started) * 1000)
            if response.status_code >= 400:
                errors += 1
        timing = Timing(
            name=name,
            example=examples[0] if examples else "",
            samples=count,
            p50_ms=round(statistics.median(times), 2),
            p95_ms=round(percentile(times, 0.95), 2),
            max_ms=round(max(times), 2),
            target_ms=target,
            queries=queries,
            errors=errors,
            cpu_p50_ms=round(statistics.median(cpu_times), 2),
            cpu_p95_ms=round(percentile(cpu_times, 0.95), 2),
        )
        self.result.timings.append(timing)
        return timing

    def run(self) -> Measurements:
        rng = self.rng
        anonymous = Client()
        clients = self._clients()
        note_urls = [reverse("notes:detail", args=[pk]) for pk in self._listed_note_ids(100)]
        profile_urls = [reverse("accounts:profile", args=[name]) for name in self._authors(100)]
        channels = [
            reverse("feed:category", args=[slug])
            for slug in Category.objects.filter(parent__isnull=True).values_list("slug", flat=True)
        ]
        depth, cursors = self._deep_cursors()
        deep = [f"{reverse('feed:discover')}?cursor={cursor}" for cursor in cursors]

        def logged_in(urls: list[str]) -> Callable[[int], Any]:
            return lambda n: clients[n % len(clients)].get(urls[rng.randrange(len(urls))])

        home = reverse("feed:discover")
        self._time(
            "discover (anonymous)",
            lambda n: anonymous.get(home),
            examples=[home],
            target=TARGETS_MS["discover"],
        )
        self._time(
            "discover (logged in)",
            logged_in([home]),
            examples=[home],
            target=TARGETS_MS["discover"],
        )
        if channels:
            self._time(
                "category channel",
                logged_in(channels),
                examples=channels,
                target=TARGETS_MS["discover"],
            )
        if deep:
            self._time(
                f"discover, page ~{depth + 1} (cursor)",
                logged_in(deep),
                examples=deep,
                target=TARGETS_MS["discover"],
            )
        if note_urls:
            self._time(
                "note detail",
                logged_in(note_urls),
                examples=note_urls,
                target=TARGETS_MS["note_detail"],
            )
        if profile_urls:
            self._time(
                "profile",
                logged_in(profile_urls),
                examples=profile_urls,
                target=TARGETS_MS["profile"],
            )
        self._publish()
        return self.result

    def _publish(self) -> None:
        publisher, _created = user_import(username=BENCH_PUBLISHER, display_name="Bench")
        _token, key = token_create(user=publisher, name="bench")
        client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
        composer = Composer()
        rng = random.Random(self.settings.seed)
        subs = composer.subcategories
        url = "/api/notes"

        def publish(number: int) -> Any:
            note = composer.note(rng, subs[rng.randrange(len(subs))], english=False)
            return client.post(url, {"title": note.title, "body": note.body})

        started = time.perf_counter()
        timing = self._time(
            "API publish (text note)",
            publish,
            examples=[f"POST {url}"],
            target=TARGETS_MS["publish"],
            samples=self.settings.publish_samples,
        )
        elapsed = time.perf_counter() - started
        published = self.settings.warmup + 1 + timing.samples
        self.result.publish_rate_per_s = published / elapsed if elapsed else 0.0
