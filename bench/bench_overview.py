"""Median time of the overview's queries at N comments: all localities and one locality, warm runs.

"Overview" is every query the dashboard runs (feedback.reports.overview.compute_overview: the
current period with its quarters and the previous period) over the last 900 days, read from the
summary cubes; with --raw the same frames are also counted from the raw rows (what the page did
before the summaries), for comparison. "Suppression" is the disclosure layer on top.

The database is filled by bench/generate.py when it is empty; one that already holds exactly N
comments is reused (so 1M is generated once). Prints figures and ends with one JSON line.

Run: `.venv/bin/python bench/bench_overview.py --database sqlite:///.tmp/bench/1m.db --comments 1000000`
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sqlalchemy import Engine, func, select, text

from analysis import periods
from bench.generate import generate
from feedback.db import make_engine, make_session_factory
from feedback.filters import ReviewFilter
from feedback.migrations import migrate
from feedback.models import Comment
from feedback.reports.overview import compute_overview
from feedback.reports.overview_tables import shown_overview
from feedback.settings import settings_from_env
from ui.filters import quarters_between

RUNS = 5
ONE_LOCALITY = "hamilton_blantyre_larkhall"
DAYS = 900


def _args(today: dt.date, localities: tuple[str, ...]) -> dict:
    start = today - dt.timedelta(days=DAYS)
    filters = ReviewFilter(start=start, end=today, localities=localities)
    previous = filters.with_period(*periods.previous_period(start, today))
    return {"filters": filters, "previous": previous, "buckets": list(quarters_between(start, today))}


def timed(engine: Engine, args: dict, raw: bool) -> tuple[float, float]:
    """Median ms of the overview's queries and of its suppression over warm runs (one run first)."""
    factory = make_session_factory(engine)
    query_ms, suppress_ms = [], []
    for _ in range(RUNS + 1):
        start = time.perf_counter()
        with factory() as session:
            data = compute_overview(session=session, raw=raw, **args)
        query_ms.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        shown_overview(data, 10, filters=args["filters"], quarters=[b[0] for b in args["buckets"]])
        suppress_ms.append((time.perf_counter() - start) * 1000)
    return statistics.median(query_ms[1:]), statistics.median(suppress_ms[1:])


def filled(engine: Engine, comments: int, today: dt.date) -> float:
    """Generate the comments into an empty database; seconds taken (0 when reused)."""
    with engine.connect() as conn:
        have = conn.scalar(select(func.count()).select_from(Comment))
    if have == comments:
        return 0.0
    if have:
        raise SystemExit(f"The database holds {have:,} comments, not {comments:,}: give an empty one.")
    start = time.perf_counter()

    def show(done: int, total: int) -> None:
        print(f"\r{done:,} of {total:,} comments", end="", file=sys.stderr, flush=True)

    generate(engine=engine, comments=comments, seed=comments, today=today, progress=show)
    print(file=sys.stderr)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    return time.perf_counter() - start


def main() -> int:
    """Fill (if empty), time, print a table and one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database",
        default=None,
        help="database URL, sqlite:///... or postgresql://... (default: .tmp/bench/overview-N.db)",
    )
    parser.add_argument("--comments", type=int, default=10_000)
    parser.add_argument("--raw", action="store_true", help="also time counting the raw rows")
    args = parser.parse_args()
    default = REPO / ".tmp" / "bench" / f"overview-{args.comments}.db"
    engine = make_engine(args.database or f"sqlite:///{default}")
    migrate(engine, settings_from_env())
    today = dt.date.today()
    made = filled(engine, args.comments, today)
    figures: dict[str, object] = {"database": engine.dialect.name, "comments": args.comments}
    if made:
        figures["generate_s"] = round(made, 1)
    print(f"{'source':<10}{'scope':<16}{'queries ms':>11}{'suppress ms':>12}")
    for source in ("summaries", "raw") if args.raw else ("summaries",):
        for scope, localities in (("all", ()), ("one_locality", (ONE_LOCALITY,))):
            query, suppress = timed(engine, _args(today, localities), raw=source == "raw")
            print(f"{source:<10}{scope:<16}{query:>11.1f}{suppress:>12.1f}", flush=True)
            name = "overview" if scope == "all" else "overview_one_locality"
            prefix = "raw_" if source == "raw" else ""
            figures[f"{prefix}{name}_ms"] = round(query, 1)
            if source == "summaries" and scope == "all":
                figures["suppress_ms"] = round(suppress, 1)
    engine.dispose()
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
