"""A card save while the Overview is being computed: how long does the save wait?

One process computes the Overview (every dashboard query, all localities, whole period) over and
over; meanwhile this process saves cards through the real service (``submit_card``) one at a
time and times each save. With reads on a deferred BEGIN (WAL) the save should not wait for the
Overview. The database is filled with bench/generate.py up to --comments first (if it holds
fewer). Prints figures and ends with one JSON line.

Run: `.venv/bin/python bench/bench_save_during_overview.py --database sqlite:///.tmp/overview.db
--comments 100000 [--saves 30]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing as mp
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select

from bench.bench_concurrent_saves import percentile, prepare
from bench.generate import generate
from feedback.capture.scoring import get_analyser
from feedback.capture.submissions import submit_card
from feedback.db import make_engine, make_session_factory, normalise_url
from feedback.models import Comment
from feedback.validation import CardInput


def overview_loop(url: str, running, stop, durations) -> None:
    """Compute the Overview again and again until told to stop; record each duration."""
    from analysis import periods
    from feedback.filters import ReviewFilter
    from feedback.reports.overview import compute_overview
    from ui.filters import quarters_between

    today = dt.date.today()
    start = today - dt.timedelta(days=900)
    filters = ReviewFilter(start=start, end=today, localities=())
    previous = filters.with_period(*periods.previous_period(start, today))
    buckets = list(quarters_between(start, today))
    factory = make_session_factory(make_engine(url))
    while not stop.is_set():
        began = time.perf_counter()
        running.set()
        with factory() as session:
            compute_overview(session=session, filters=filters, buckets=buckets, previous=previous)
        running.clear()
        durations.append(time.perf_counter() - began)


def fill(url: str, comments: int) -> int:
    """Generate comments up to the wanted number; return how many the database holds."""
    engine = make_engine(url)
    prepare(url)
    with make_session_factory(engine)() as session:
        have = session.scalar(select(func.count()).select_from(Comment)) or 0
    if have < comments:
        print(f"generating {comments - have:,} comments...", file=sys.stderr, flush=True)
        generate(engine=engine, comments=comments - have, seed=have + 1)
        have = comments
    engine.dispose()
    return have


def main() -> int:
    """Command line: print the figures, then one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database", default=None, help="SQLAlchemy URL; default: a new temporary SQLite file"
    )
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--saves", type=int, default=30)
    args = parser.parse_args()
    url = normalise_url(args.database or f"sqlite:///{tempfile.mkdtemp()}/bench.db")
    held = fill(url, args.comments)
    activity_id, _warm_up = prepare(url)
    factory = make_session_factory(make_engine(url))
    with factory() as session:
        get_analyser(session).analyse("warm up", "general")
    ctx = mp.get_context("spawn")
    manager = ctx.Manager()
    running, stop, durations = manager.Event(), manager.Event(), manager.list()
    reader = ctx.Process(target=overview_loop, args=(url, running, stop, durations))
    reader.start()
    latencies, overlapped = [], 0
    try:
        for i in range(args.saves):
            if not running.wait(timeout=600):
                raise RuntimeError("the Overview process did not start")
            time.sleep(0.05)  # land inside the running Overview
            was_running = running.is_set()
            card = CardInput(
                str(uuid.uuid4()), activity_id, "could_improve", f"Answer the phone quicker ({i})"
            )
            began = time.perf_counter()
            submit_card(factory=factory, card=card, user_id=None)
            latencies.append((time.perf_counter() - began) * 1000)
            overlapped += was_running and running.is_set()
    finally:
        stop.set()
        reader.join(timeout=600)
    overview_s = list(durations)
    figures = {
        "database": make_engine(url).dialect.name,
        "comments": held,
        "saves": len(latencies),
        "saves_inside_a_running_overview": overlapped,
        "overview_median_s": round(statistics.median(overview_s), 2) if overview_s else None,
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "max_ms": round(max(latencies), 1),
    }
    print(f"{figures['database']}, {held:,} comments; Overview median {figures['overview_median_s']} s")
    print(f"  {len(latencies)} card saves while it ran ({overlapped} began and ended inside one)")
    print(
        f"  save latency: median {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, max {figures['max_ms']} ms"
    )
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
