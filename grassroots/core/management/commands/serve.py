"""Run the product: migrate, static files, demo seed if empty, then gunicorn."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "grassroots-demo"  # noqa: S105 - printed on purpose: a local demo login


class Command(BaseCommand):
    help = "Migrate, seed a demo community when empty, and serve with gunicorn."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("GRASSROOTS_BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "4"))
        )
        parser.add_argument("--demo-notes", type=int, default=3000)
        parser.add_argument("--demo-users", type=int, default=300)
        parser.add_argument("--no-seed", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        user_model = get_user_model()
        seeded = False
        if not options["no_seed"] and not user_model.objects.exists():
            self.stdout.write("Empty database: seeding a demo community…")
            call_command(
                "seed",
                users=options["demo_users"],
                notes=options["demo_notes"],
                seed=42,
                images=True,
                theme_focus=0.4,  # enough brand talk for the demo brand's insight workspace
            )
            from grassroots.seed.shops import seed_shops  # demo shops, cards, orders from notes

            seed_shops(seed=42)
            seeded = True
        # The seed writes rows in bulk, not through the outbox: build the search index from
        # the database when it was just seeded, has never been built, or was built with an
        # older schema.
        from grassroots.search import index as search_index

        if seeded or not search_index.is_compatible(search_index.current_generation()):
            call_command("reindex", verbosity=0)
        if seeded:  # insights: analyse the fresh seed once (then the watcher below keeps up)
            call_command("insights_rebuild", verbosity=0)
        if user_model.objects.filter(username=DEMO_USERNAME).exists():
            self.stdout.write(self.style.SUCCESS(f"Demo login: {DEMO_USERNAME} / {DEMO_PASSWORD}"))
        bind = options["bind"]
        self.stdout.write(self.style.SUCCESS(f"Serving on http://{bind}/"))
        sys.stdout.flush()
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or "gunicorn"
        argv = [
            gunicorn,
            "config.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(options["workers"]),
            "--threads",
            "2",
            "--access-logfile",
            "-",
            "--chdir",
            str(settings.BASE_DIR),
        ]
        # The search indexer runs beside the web server; it watches its parent's pid (which
        # stays the same across the exec below) and exits when the server is gone.
        subprocess.Popen(  # noqa: S603 - our own interpreter and command
            [
                sys.executable,
                "-m",
                "grassroots.cli",
                "indexer",
                "--parent-pid",
                str(os.getpid()),
            ],
            cwd=str(settings.BASE_DIR),
        )
        # Expired stock reservations and unpaid orders are released every minute (orders app).
        subprocess.Popen(  # noqa: S603 - our own interpreter and command
            [
                sys.executable,
                "-m",
                "grassroots.cli",
                "release_reservations",
                "--every",
                "60",
                "--parent-pid",
                str(os.getpid()),
                "--verbosity",
                "0",
            ],
            cwd=str(settings.BASE_DIR),
        )
        # New and changed notes are analysed for brand insights every 30 s (insights app).
        subprocess.Popen(  # noqa: S603 - our own interpreter and command
            [sys.executable, "-m", "grassroots.cli", "insights_update", "--watch"]
            + ["--parent-pid", str(os.getpid())],
            cwd=str(settings.BASE_DIR),
        )
        os.execv(gunicorn, argv)  # noqa: S606 - replace this process with the server
