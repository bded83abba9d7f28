"""The `grassroots` command: serve, seed, import, export, bench, plus every Django command.

`grassroots serve` is what `make run` calls: migrate, collect static files, seed a demo
community when the database is empty, print a demo login, then exec gunicorn.
"""

from __future__ import annotations

import os
import sys

# Friendly names for the project's management commands (`import` is a Python keyword).
ALIASES = {"import": "import_jsonl", "export": "export_jsonl"}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if args and args[0] in ALIASES:
        args[0] = ALIASES[args[0]]
    from django.core.management import execute_from_command_line

    execute_from_command_line(["grassroots", *args])


if __name__ == "__main__":
    main()
