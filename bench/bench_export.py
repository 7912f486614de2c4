"""Time and peak memory of the comments export (CSV and XLSX) of every comment in a database.

``--mode stream`` (the export page's way): rows in batches straight into the two files.
``--mode whole`` (the way before streaming): the whole table as a DataFrame, then the CSV and
XLSX bytes in memory (openpyxl). A database with no comments is first filled with N generated
comments (in this process, so its peak memory then includes generation: fill it beforehand
with bench/generate.py for a clean figure). Prints figures, then one JSON line.

Run: `nice -n 10 .venv/bin/python bench/bench_export.py --database sqlite:///.tmp/b.db --comments 100000`
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.export_stream import ExportWriter
from analysis.exports import frame_to_csv_bytes, frame_to_xlsx_bytes
from bench.bench_pages import prepared
from feedback.db import make_session_factory
from feedback.filters import ReviewFilter
from feedback.reports.exports import comment_batches, comment_columns, comments_frame


def peak_mib() -> float:
    """This process's peak resident memory so far, in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def export_stream(factory, folder: Path) -> tuple[int, int]:
    """Stream every comment into CSV and XLSX files; return rows and total bytes written."""
    writer = ExportWriter(folder / "c.csv", folder / "c.xlsx", comment_columns(True), "Comments")
    with factory() as session:
        for batch in comment_batches(session=session, filters=ReviewFilter(), include_safeguarding=True):
            writer.write(batch)
    writer.close()
    return writer.rows, (folder / "c.csv").stat().st_size + (folder / "c.xlsx").stat().st_size


def export_whole(factory) -> tuple[int, int]:
    """Build the whole table, then both files in memory; return rows and total bytes."""
    with factory() as session:
        frame = comments_frame(session=session, filters=ReviewFilter(), include_safeguarding=True)
    csv, xlsx = frame_to_csv_bytes(frame), frame_to_xlsx_bytes(frame, sheet_name="Comments")
    return len(frame), len(csv) + len(xlsx)


def main() -> int:
    """Prepare the database, export once, print time, size and peak memory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database", default=None, help="database URL (default: a new temporary SQLite file)"
    )
    parser.add_argument("--comments", type=int, default=10_000)
    parser.add_argument("--mode", choices=("stream", "whole"), default="stream")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database or f"sqlite:///{Path(tmp) / 'bench.db'}"
        engine, count = prepared(url, args.comments)
        factory = make_session_factory(engine)
        before = peak_mib()
        start = time.perf_counter()
        if args.mode == "stream":
            rows, size = export_stream(factory, Path(tmp))
        else:
            rows, size = export_whole(factory)
        seconds = time.perf_counter() - start
        engine.dispose()
    peak = peak_mib()
    print(f"{args.mode}: {rows:,} rows, {size / 2**20:.0f} MiB of files in {seconds:.1f} s")
    print(f"peak RSS {peak:.0f} MiB (before the export: {before:.0f} MiB)")
    result = {
        "database": url.split(":")[0].split("+")[0],
        "comments": count,
        "mode": args.mode,
        "rows": rows,
        "seconds": round(seconds, 2),
        "peak_rss_mib": round(peak),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
