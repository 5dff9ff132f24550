"""The map benchmark writes its own section of docs/BENCHMARKS.md and keeps every other."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import map_settle  # noqa: E402
import report  # noqa: E402

RESULT = {
    "initiatives": 1000,
    "nodes": 498,
    "edges": 1500,
    "total_edges": 2189,
    "capped": True,
    "layout_ms": 1234.0,
    "page_ms": 2345,
    "chromium": "1.0",
    "runs": 3,
}


def test_the_map_section_is_appended_then_replaced_and_other_sections_kept(tmp_path) -> None:
    output = tmp_path / "BENCHMARKS.md"
    output.write_text("# Benchmarks\n\n## Network analysis\n\nfigures\n", encoding="utf-8")
    map_settle.write_section(output, map_settle.section(RESULT))
    map_settle.write_section(output, map_settle.section({**RESULT, "layout_ms": 4321}))
    text = output.read_text(encoding="utf-8")
    assert text.count(map_settle.HEADING) == 1
    assert "## Network analysis\n\nfigures" in text
    assert "| 1,000 | 498 | 1,500 of 2,189 | 4,321 | 2,345 |" in text and "1,234" not in text


def test_the_analysis_report_carries_the_map_section_over(tmp_path) -> None:
    output = tmp_path / "BENCHMARKS.md"
    output.write_text("# Old\n\n" + map_settle.section(RESULT), encoding="utf-8")
    kept = report.kept_sections(output)
    assert kept.startswith("\n" + map_settle.HEADING) and "1,500 of 2,189" in kept
    assert "# Old" not in kept
