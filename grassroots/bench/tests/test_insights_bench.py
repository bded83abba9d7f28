"""bench --insights pieces on a tiny corpus (figures are for docs, not asserted)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management.base import BaseCommand

from grassroots.bench import insights
from grassroots.notes.tests.factories import NoteFactory

pytestmark = pytest.mark.django_db


def test_measurements_and_table(tmp_path: Path) -> None:
    for index in range(30):
        NoteFactory.create(body=f"价格很实在，物流太慢了。第{index}次回购，做工不错")
    command = BaseCommand()
    result: dict[str, Any] = {"run": "now", "corpus": {"notes": 30, "listed_notes": 30, "cpus": 2}}
    result["analysis_rate"] = insights.analysis_rate(sample=30)
    assert 0 < result["analysis_rate"]["notes"] <= 30
    result["full_analysis"] = insights.full_analysis(command)
    assert result["full_analysis"]["notes"] == 30
    assert insights.full_analysis(command)["reused"] is True
    brand = insights.bench_brand(command)
    result["brand"] = brand
    result["brand_rebuild"] = insights.brand_rebuild(brand["id"])
    assert result["brand_rebuild"]["mentions"] >= 1
    result["report"] = insights.report_latency(brand["slug"], runs=4)
    table = insights.text_table(result)
    assert "≤ 300 ms" in table
    docs = tmp_path / "benchmarks.md"
    docs.write_text("# Benchmarks\n", encoding="utf-8")
    insights.update_markdown(docs, table)
    insights.update_markdown(docs, table)
    text = docs.read_text(encoding="utf-8")
    assert text.count(insights.START) == 1 and text.count(insights.END) == 1
