"""Median time to compute the overview (all localities, one locality) at 10,000 and 100,000 comments.

On SQLite (a temporary file) and PostgreSQL (FEEDBACK_BENCH_POSTGRES_URL, else
FEEDBACK_TEST_POSTGRES_URL; the database's public schema is dropped and rebuilt). "Overview" is
every query the dashboard runs (feedback.reports.overview.compute_overview: current period with quarters
and the previous period) over all the data's financial years; "suppression" is the disclosure
layer (cell-key perturbation, analysis/disclosure.py) of the dashboard's tables on top. Prints figures; asserts nothing.

Run: `source .tmp/test-env.sh && .venv/bin/python bench/bench_overview.py [--sizes 10000 100000]`
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import Engine, text

from analysis import periods
from bench.generate import generate
from feedback.db import make_engine, make_session_factory
from feedback.filters import ReviewFilter
from feedback.migrations import migrate
from feedback.reports.overview import Overview, compute_overview
from feedback.reports.overview_tables import shown_overview
from feedback.settings import settings_from_env
from ui.filters import quarters_between

RUNS = 5
ONE_LOCALITY = "hamilton_blantyre_larkhall"


def fresh_engine(backend: str, tmp: Path) -> Engine | None:
    """A migrated, empty database of the backend (None when PostgreSQL is not configured)."""
    if backend == "sqlite":
        path = tmp / "bench.db"
        path.unlink(missing_ok=True)
        engine = make_engine(f"sqlite:///{path}")
    else:
        url = os.environ.get("FEEDBACK_BENCH_POSTGRES_URL") or os.environ.get("FEEDBACK_TEST_POSTGRES_URL")
        if not url:
            return None
        engine = make_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    migrate(engine, settings_from_env())
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    return engine


def _filters(today: dt.date, localities: tuple[str, ...]) -> tuple[ReviewFilter, ReviewFilter, list]:
    start = today - dt.timedelta(days=900)
    filters = ReviewFilter(start=start, end=today, localities=localities)
    before = periods.previous_period(start, today)
    return filters, filters.with_period(*before), list(quarters_between(start, today))


def suppress_overview(data: Overview, *, k: int, filters: ReviewFilter, buckets: list) -> None:
    """Every table the dashboard publishes, through the cell-key disclosure layer."""
    shown_overview(data, k, filters=filters, quarters=[b[0] for b in buckets])


def time_overview(engine: Engine, localities: tuple[str, ...], today: dt.date) -> tuple[float, float, int]:
    """Median seconds of the overview and of its suppression, and tracemalloc peak bytes."""
    factory = make_session_factory(engine)
    filters, previous, buckets = _filters(today, localities)
    query_times, suppress_times, peak = [], [], 0
    for _ in range(RUNS):
        tracemalloc.start()
        start = time.perf_counter()
        with factory() as session:
            data: Overview = compute_overview(
                session=session, filters=filters, buckets=buckets, previous=previous
            )
        query_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        suppress_overview(data, k=10, filters=filters, buckets=buckets)
        suppress_times.append(time.perf_counter() - start)
        peak = max(peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return statistics.median(query_times), statistics.median(suppress_times), peak


def main() -> int:
    """Generate each size on each backend, time the overview, print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    args = parser.parse_args()
    today = dt.date.today()
    print(
        f"{'backend':<11}{'comments':>9}{'generate s':>11}  {'scope':<15}{'queries ms':>11}"
        f"{'suppress ms':>12}{'peak MiB':>9}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for backend in args.backends:
            for size in args.sizes:
                engine = fresh_engine(backend, Path(tmp))
                if engine is None:
                    print(f"{backend}: skipped (set FEEDBACK_BENCH_POSTGRES_URL)")
                    break
                start = time.perf_counter()
                generate(engine=engine, comments=size, seed=size, today=today)
                made = time.perf_counter() - start
                if engine.dialect.name == "postgresql":
                    with engine.begin() as conn:
                        conn.execute(text("ANALYZE"))
                for scope, localities in (("all localities", ()), ("one locality", (ONE_LOCALITY,))):
                    queries, suppress, peak = time_overview(engine, localities, today)
                    print(
                        f"{backend:<11}{size:>9,}{made:>11.1f}  {scope:<15}{queries * 1000:>11.0f}"
                        f"{suppress * 1000:>12.0f}{peak / 2**20:>9.1f}",
                        flush=True,
                    )
                engine.dispose()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Peak memory of this process (ru_maxrss, generation included): {rss:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
