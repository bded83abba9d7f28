"""`grassroots bench --checkout`: checkout latency and orders/s on one hot product (PostgreSQL).

Runs in its own freshly created PostgreSQL database (`<name>_bench_checkout`, dropped at the
end), never the working one. Two phases, each checkout = orders.checkout.checkout_place (reserve
the cart, then allocate under row locks and place the order), the cart filled beforehand:

1. uncontended: one thread, `samples` checkouts of a hot variant, one after another;
2. contended: `threads` threads, each with its own connection, check out the *same* variant
   for `seconds` seconds; p95 and orders/s under lock contention;
3. sell-out: `threads` × 5 buyers race for 10 units; must sell exactly 10 (sanity).

Timed with perf_counter around the checkout call only. The machine's load average is recorded,
since other processes share the CPUs.
"""

from __future__ import annotations

import statistics
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.db import connection, connections

from grassroots.bench.markdown import replace_marked_block
from grassroots.bench.report import machine_info

START = "<!-- bench-checkout:start (written by `grassroots bench --checkout`) -->"
END = "<!-- bench-checkout:end -->"
TARGET_P95_MS = 100.0


@dataclass
class CheckoutBenchSettings:
    samples: int = 200
    threads: int = 8
    seconds: float = 15.0
    warmup: int = 10


@dataclass
class Phase:
    name: str
    threads: int
    latencies_ms: list[float] = field(default_factory=list)
    orders: int = 0
    refused: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        data = sorted(self.latencies_ms)

        def pct(p: float) -> float | None:
            if not data:
                return None
            return round(data[min(len(data) - 1, int(round(p / 100 * (len(data) - 1))))], 1)

        return {
            "name": self.name,
            "threads": self.threads,
            "checkouts": len(data),
            "orders": self.orders,
            "refused": self.refused,
            "seconds": round(self.seconds, 2),
            "orders_per_s": round(self.orders / self.seconds, 1) if self.seconds else None,
            "p50_ms": pct(50),
            "p95_ms": pct(95),
            "p99_ms": pct(99),
            "mean_ms": round(statistics.fmean(data), 1) if data else None,
        }


class CheckoutBench:
    def __init__(self, options: CheckoutBenchSettings) -> None:
        self.options = options
        self.queries_per_checkout = 0
        self.client_cpu_ms: float | None = None

    # --- data ---------------------------------------------------------------------------------

    def _buyers(self, count: int, prefix: str) -> list[tuple[Any, int]]:
        from grassroots.accounts.models import User
        from grassroots.orders.models import Address

        users = User.objects.bulk_create(
            [
                User(username=f"{prefix}{i}", email=f"{prefix}{i}@example.com", display_name=prefix)
                for i in range(count)
            ]
        )
        addresses = Address.objects.bulk_create(
            [
                Address(
                    owner=user,
                    recipient="Bench",
                    phone="13800000000",
                    region="Shanghai",
                    line="1 Bench Road",
                    is_default=True,
                )
                for user in users
            ]
        )
        return [(user, address.pk) for user, address in zip(users, addresses, strict=True)]

    def _hot_variant(self, stock: int) -> Any:
        from decimal import Decimal

        from grassroots.accounts.models import User
        from grassroots.shops.models import Product, Shop, ShopMember, Variant

        tag = uuid.uuid4().hex[:8]
        owner = User.objects.create(username=f"seller-{tag}", email=f"seller-{tag}@example.com")
        shop = Shop.objects.create(slug=f"hot-{tag}", name="Hot", owner=owner)
        ShopMember.objects.create(shop=shop, user=owner, role=ShopMember.Role.OWNER)
        product = Product.objects.create(shop=shop, title="Hot product", price_from=Decimal("9.90"))
        return Variant.objects.create(
            product=product, sku="HOT", price=Decimal("9.90"), stock=stock
        )

    @staticmethod
    def _fill_cart(user: Any, variant_id: int) -> None:
        from grassroots.orders.actions import cart_add

        cart_add(user=user, variant_id=variant_id, quantity=1)

    @staticmethod
    def _checkout(user: Any, address_id: int) -> bool:
        from grassroots.core.errors import Conflict
        from grassroots.orders.checkout import checkout_place

        try:
            checkout_place(buyer=user, key=uuid.uuid4().hex, address_id=address_id)
        except Conflict:
            return False
        return True

    # --- phases ---------------------------------------------------------------------------------

    def _uncontended(self) -> Phase:
        from django.test.utils import CaptureQueriesContext

        variant = self._hot_variant(stock=10**6)
        buyers = self._buyers(self.options.samples + self.options.warmup, "solo")
        phase = Phase("uncontended", threads=1)
        cpu_ms: list[float] = []
        for index, (user, address_id) in enumerate(buyers):
            self._fill_cart(user, variant.pk)
            if index == 0:  # the SQL a checkout costs (both transactions)
                with CaptureQueriesContext(connection) as queries:
                    self._checkout(user, address_id)
                self.queries_per_checkout = len(queries.captured_queries)
                continue
            cpu_started = time.process_time()
            started = time.perf_counter()
            ok = self._checkout(user, address_id)
            elapsed = (time.perf_counter() - started) * 1000
            if index < self.options.warmup:
                continue
            cpu_ms.append((time.process_time() - cpu_started) * 1000)
            phase.latencies_ms.append(elapsed)
            phase.orders += ok
        self.client_cpu_ms = round(statistics.fmean(cpu_ms), 1) if cpu_ms else None
        # Orders/s of one client doing nothing but check out (cart filling is not timed).
        phase.seconds = sum(phase.latencies_ms) / 1000
        return phase

    def _run_threads(self, jobs: list[Callable[[], None]]) -> None:
        barrier = threading.Barrier(len(jobs))
        errors: list[BaseException] = []

        def worker(job: Callable[[], None]) -> None:
            try:
                barrier.wait(timeout=60)
                job()
            except BaseException as exc:  # re-raised below
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if errors:
            raise errors[0]

    def _contended(self, threads: int) -> Phase:
        variant = self._hot_variant(stock=10**6)
        # Enough buyers with a full cart for the whole run (a buyer checks out once).
        per_thread = 1000
        buyers = self._buyers(threads * per_thread, f"hot{threads}-")
        from grassroots.orders.models import Cart, CartItem

        carts = Cart.objects.bulk_create([Cart(user=user) for user, _a in buyers])
        CartItem.objects.bulk_create(
            [CartItem(cart=cart, variant_id=variant.pk, quantity=1) for cart in carts]
        )
        phase = Phase("contended", threads=threads)
        lock = threading.Lock()
        deadline: list[float] = []

        def job(mine: list[tuple[Any, int]]) -> Callable[[], None]:
            def run() -> None:
                local: list[float] = []
                ordered = refused = 0
                for user, address_id in mine:
                    if time.perf_counter() >= deadline[0]:
                        break
                    started = time.perf_counter()
                    ok = self._checkout(user, address_id)
                    local.append((time.perf_counter() - started) * 1000)
                    ordered += ok
                    refused += not ok
                with lock:
                    phase.latencies_ms.extend(local)
                    phase.orders += ordered
                    phase.refused += refused

            return run

        jobs = [job(buyers[i * per_thread : (i + 1) * per_thread]) for i in range(threads)]
        begun = time.perf_counter()
        deadline.append(begun + self.options.seconds)
        self._run_threads(jobs)
        phase.seconds = time.perf_counter() - begun
        return phase

    def _sell_out(self) -> dict[str, Any]:
        from grassroots.orders.models import Order

        variant = self._hot_variant(stock=10)
        buyers = self._buyers(self.options.threads * 5, "race")
        for user, _address in buyers:
            self._fill_cart(user, variant.pk)
        results: list[bool] = []

        def job(user: Any, address_id: int) -> Callable[[], None]:
            return lambda: results.append(self._checkout(user, address_id))

        self._run_threads([job(user, address_id) for user, address_id in buyers])
        variant.refresh_from_db()
        return {
            "buyers": len(buyers),
            "stock": variant.stock,
            "orders": Order.objects.filter(lines__variant=variant).count(),
            "allocated": variant.allocated,
            "oversold": variant.allocated > variant.stock,
        }

    def run(self, progress: Callable[[str], None] = lambda _m: None) -> dict[str, Any]:
        if connection.vendor != "postgresql":
            raise RuntimeError("the checkout benchmark needs PostgreSQL (DATABASE_URL)")
        load_before = machine_info()["load_avg_1m"]
        progress("uncontended checkouts…")
        solo = self._uncontended().as_dict()
        hot = []
        for threads in sorted({max(self.options.threads // 2, 2), self.options.threads}):
            progress(f"contended checkouts ({threads} threads)…")
            hot.append(self._contended(threads).as_dict())
        progress("sell-out race…")
        race = self._sell_out()
        machine = machine_info()
        return {
            "run": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": machine,
            "load_avg_1m_before": load_before,
            "database": f"PostgreSQL {connection.pg_version // 10000}",  # type: ignore[attr-defined]
            "settings": self.options.__dict__,
            "target_p95_ms": TARGET_P95_MS,
            "phases": [solo, *hot],
            "queries_per_checkout": self.queries_per_checkout,
            "client_cpu_ms": self.client_cpu_ms,
            "sell_out": race,
        }


def text_table(report: dict[str, Any]) -> str:
    machine = report["machine"]
    lines = [
        f"Run {report['run']} on {machine['nproc']} CPUs ({machine['cpu']}), "
        f"{report['database']}; load average {report['load_avg_1m_before']} before, "
        f"{machine['load_avg_1m']} after (other processes share these CPUs).",
        "",
        "| phase | threads | checkouts | orders | refused | orders/s | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for phase in report["phases"]:
        lines.append(
            f"| {phase['name']} | {phase['threads']} | {phase['checkouts']} | {phase['orders']} | "
            f"{phase['refused']} | {phase['orders_per_s']} | {phase['p50_ms']} | "
            f"{phase['p95_ms']} | {phase['p99_ms']} |"
        )
    race = report["sell_out"]
    target = report["target_p95_ms"]
    verdicts = ", ".join(
        f"{phase['name']} ×{phase['threads']} "
        + ("meets" if (phase["p95_ms"] or 0) <= target else "misses")
        for phase in report["phases"]
    )
    lines += [
        "",
        f"One checkout (reserve + place) = {report['queries_per_checkout']} SQL statements in two "
        f"transactions; {report['client_cpu_ms']} ms of Python CPU per checkout (uncontended "
        "mean), the rest of the wall time is PostgreSQL and waiting for a CPU.",
        f"Sell-out race: {race['buyers']} buyers, {race['stock']} units → {race['orders']} orders, "
        f"allocated {race['allocated']} (oversold: {'yes' if race['oversold'] else 'no'}).",
        f"p95 against the {target:.0f} ms target: {verdicts}. Under contention every checkout "
        "waits its turn on the one hot row (and for a CPU): latency ≈ threads ÷ orders/s.",
    ]
    return "\n".join(lines)


def update_markdown(path: Path, body: str) -> None:
    """Rewrite this command's block of the docs (see bench/markdown.py)."""
    replace_marked_block(path, START, END, body, heading="## Checkout")


def run_command(options: dict[str, Any], write: Callable[[str], None]) -> None:
    """The `bench --checkout` command body: a scratch database, the run, the docs."""
    from django.core.management.base import CommandError

    if connection.vendor != "postgresql":
        raise CommandError("bench --checkout needs PostgreSQL: set DATABASE_URL.")
    quick = bool(options.get("quick"))
    bench = CheckoutBench(
        CheckoutBenchSettings(
            samples=options.get("samples") or (40 if quick else 200),
            threads=4 if quick else 8,
            seconds=5.0 if quick else 15.0,
        )
    )
    original = connection.settings_dict["NAME"]
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"{original}_bench_checkout"
    write(f"Creating the scratch database {original}_bench_checkout…")
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        report = bench.run(write)
    finally:
        connections.close_all()
        connection.creation.destroy_test_db(original, verbosity=0)
    table = text_table(report)
    write(table)
    if not (quick or options.get("no_docs")):
        update_markdown(Path(options["docs"]), table)
        write(f"Updated {options['docs']}.")
