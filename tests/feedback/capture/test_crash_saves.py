"""A card writer killed with kill -9 loses no acknowledged save and leaves SQLite intact (small crash test)."""

from __future__ import annotations

from pathlib import Path

from bench.bench_crash_saves import crash_rounds


def test_killed_writers_lose_no_acknowledged_save(tmp_path: Path) -> None:
    counts = crash_rounds(tmp_path / "crash.db", rounds=2, seed=7, max_delay=0.3)
    assert counts["acknowledged"] > 0  # the writers did save before being killed
    assert counts["missing"] == 0
    assert counts["stored"] >= counts["acknowledged"]
    assert counts["integrity_check"] == "ok"
