"""The benchmark report: machine facts, a text table, and the section of docs/benchmarks.md.

docs/benchmarks.md keeps hand-written analysis outside the markers; `grassroots bench`
replaces only what lies between them.
"""

from __future__ import annotations

import os
import platform
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import django

START = "<!-- bench:start (written by `grassroots bench`; edit outside these markers) -->"
END = "<!-- bench:end -->"


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def machine_info() -> dict[str, Any]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in _read("/proc/cpuinfo").splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or platform.machine(),
    )
    ram_kb = next(
        (
            int(line.split()[1])
            for line in _read("/proc/meminfo").splitlines()
            if line.startswith("MemTotal:")
        ),
        0,
    )
    return {
        "nproc": os.cpu_count() or 1,
        "cpu": cpu,
        "ram_gb": round(ram_kb / 1024 / 1024, 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "django": django.get_version(),
        "sqlite": sqlite3.sqlite_version,
        # Other work on the machine skews timings; the 1-minute load average shows how much.
        "load_avg_1m": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
    }


def build_report(
    *, corpus: dict[str, Any], seed: dict[str, Any], measurements: dict[str, Any]
) -> dict[str, Any]:
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine_info(),
        "corpus": corpus,
        "seed": seed,
        **measurements,
    }


def _verdict(timing: dict[str, Any]) -> str:
    if timing["meets_target"] is None:
        return ""
    return "ok" if timing["meets_target"] else "MISSED"


def text_table(report: dict[str, Any]) -> str:
    rows = [
        (
            "what",
            "samples",
            "p50 ms",
            "p95 ms",
            "max ms",
            "cpu p50",
            "cpu p95",
            "target p95",
            "queries",
            "",
        ),
    ]
    for timing in report["timings"]:
        target = timing["target_ms"]
        rows.append(
            (
                timing["name"],
                str(timing["samples"]),
                f"{timing['p50_ms']:.1f}",
                f"{timing['p95_ms']:.1f}",
                f"{timing['max_ms']:.1f}",
                f"{timing.get('cpu_p50_ms', 0):.1f}",
                f"{timing.get('cpu_p95_ms', 0):.1f}",
                f"≤ {target:.0f}" if target else "",
                str(timing["queries"] if timing["queries"] is not None else ""),
                _verdict(timing) + (f" ({timing['errors']} errors)" if timing["errors"] else ""),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) for row in rows]
    seed = report["seed"]
    lines.append("")
    lines.append(
        f"seed: {seed.get('notes_per_s') or 'n/a'} notes/s "
        f"({seed.get('seconds') or 'n/a'} s for {report['corpus']['notes']:,} notes); "
        f"API publish rate: {report['publish_rate_per_s']} notes/s (sequential)"
    )
    return "\n".join(lines)


def markdown_section(report: dict[str, Any]) -> str:
    machine, corpus, seed = report["machine"], report["corpus"], report["seed"]
    lines = [
        START,
        f"## Latest run: {report['date']}",
        "",
        f"- Machine: {machine['nproc']} CPUs ({machine['cpu']}), {machine['ram_gb']} GB RAM, "
        f"{machine['os']}; Python {machine['python']}, Django {machine['django']}, "
        f"SQLite {machine['sqlite']}; load average {machine.get('load_avg_1m')} at the end "
        "of the run.",
        f"- Corpus: {corpus['notes']:,} notes ({corpus.get('listed_notes', 0):,} listed), "
        f"{corpus['users']:,} users, {corpus.get('comments', 0):,} comments, "
        f"{corpus.get('likes', 0):,} likes, {corpus.get('collects', 0):,} collects "
        f"(database {corpus.get('database_mb', 0):,} MB).",
        f"- Seed (bulk path): {seed.get('seconds') or 'n/a'} s, "
        f"{seed.get('notes_per_s') or 'n/a'} notes/s"
        + (f" (built {seed['built']})" if seed.get("built") else "")
        + ".",
        f"- API publish (text note, POST /api/notes with a token, sequential): "
        f"{report['publish_rate_per_s']} notes/s.",
        "",
        "| what | samples | p50 ms | p95 ms | max ms | CPU p50 ms | CPU p95 ms | target p95 "
        "| queries | |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for timing in report["timings"]:
        target = f"≤ {timing['target_ms']:.0f}" if timing["target_ms"] else ""
        errors = f" ({timing['errors']} errors)" if timing["errors"] else ""
        lines.append(
            f"| {timing['name']} | {timing['samples']} | {timing['p50_ms']:.1f} | "
            f"{timing['p95_ms']:.1f} | {timing['max_ms']:.1f} | "
            f"{timing.get('cpu_p50_ms', 0):.1f} | {timing.get('cpu_p95_ms', 0):.1f} | {target} | "
            f"{timing['queries']} | {_verdict(timing)}{errors} |"
        )
    lines.append(END)
    return "\n".join(lines)


def update_markdown(path: Path, report: dict[str, Any]) -> None:
    """Replace the generated section of the document (or create it)."""
    section = markdown_section(report)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if START in text and END in text:
        before = text[: text.index(START)]
        after = text[text.index(END) + len(END) :]
        text = before + section + after
    else:
        text = (text.rstrip() + "\n\n" if text else "# Benchmarks\n\n") + section + "\n"
    path.write_text(text, encoding="utf-8")
