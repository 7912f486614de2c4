"""Re-score N stored comments (default 100,000) in batches: time and peak memory.

Run: `.venv/bin/python bench/bench_rescore.py [--comments 100000] [--batch-size 500]`. Generates the
comments into a temporary SQLite database in a child process (bench/generate.py), then re-scores
them here with `feedback.capture.rescore.rescore_all`, printing the time, the throughput and this process's
peak memory before and after, so the growth is visible. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from feedback.capture.rescore import rescore_all
from feedback.capture.scoring import get_analyser
from feedback.db import make_engine, make_session_factory


def peak_mib() -> float:
    """This process's peak resident memory so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    """Generate, then re-score, and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/rescore.db"
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "generate.py"),
                "--comments",
                str(args.comments),
                "--url",
                url,
            ],
            check=True,
            cwd=ROOT,
        )
        factory = make_session_factory(make_engine(url))
        with factory() as session:
            get_analyser(session)  # load the model and codebook before measuring
        before = peak_mib()
        start = time.perf_counter()
        done = rescore_all(factory=factory, batch_size=args.batch_size)
        seconds = time.perf_counter() - start
        after = peak_mib()
    print(
        f"Re-scored {done:,} comments in batches of {args.batch_size}: {seconds:.1f} s "
        f"({done / seconds:,.0f} comments/s)"
    )
    print(
        f"Peak memory: {before:.0f} MiB after loading the model, {after:.0f} MiB after re-scoring "
        f"(growth {after - before:.0f} MiB)"
    )


if __name__ == "__main__":
    main()
