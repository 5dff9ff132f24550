"""Write one benchmark's section of docs/BENCHMARKS.md, keeping every other section."""

from __future__ import annotations

from pathlib import Path


def write_section(output: Path, heading: str, text: str) -> None:
    """Replace the section under `heading` (or append it), keeping every other section."""
    existing = output.read_text(encoding="utf-8") if output.exists() else "# Benchmarks\n"
    start = existing.find(heading)
    if start < 0:
        updated = existing.rstrip("\n") + "\n\n" + text
    else:
        following = existing.find("\n## ", start + len(heading))
        tail = existing[following + 1 :] if following >= 0 else ""
        updated = existing[:start] + text + ("\n" + tail if tail else "")
    output.write_text(updated, encoding="utf-8")
