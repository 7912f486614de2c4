"""Import N rows of a Microsoft Forms-like CSV (default 10,000 and 100,000): rows per second, end to end.

Run: `nice -n 10 .venv/bin/python bench/bench_import.py [--rows 10000 100000] [--unique-texts]`.
Each size gets a fresh migrated SQLite database (or --url) and one activity; the import timing
covers reading the file, checking every row with the kiosk's rules, the rules' first look at every
comment (redaction, safeguarding and theme rules; distinct texts once), storing in batches and
raising the rules' alerts. The model's analysis then follows (as after a saved card): it is timed
separately, until no comment is left pending. The demo comment pool
repeats texts, as real exports repeat "Nothing" or "All good"; --unique-texts makes every comment
distinct (the pipeline's worst case). Prints figures and ends with one JSON line; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from feedback.access import SYSTEM
from feedback.capture.pending import analyse_pending
from feedback.capture.scoring import get_analyser
from feedback.db import make_engine, make_session_factory, transaction
from feedback.fixtures import make_activity
from feedback.imports.files import read_table
from feedback.imports.mapping import ColumnMapping
from feedback.imports.samples import FORMS_HEADINGS, forms_export
from feedback.imports.service import check_file, import_context, run_import
from feedback.migrations import migrate
from feedback.settings import settings_from_env

TEXT_COLUMNS = (
    "What worked well for you?",
    "What could be better?",
    "Is there anything else you want to tell us?",
)


def _file(rows: int, unique: bool, folder: Path) -> Path:
    frame = forms_export(rows, seed=rows)
    if unique:
        for column in TEXT_COLUMNS:
            frame[column] = [f"{t} (visit {i})" if t else t for i, t in enumerate(frame[column])]
    path = folder / f"import-{rows}.csv"
    frame.to_csv(path, index=False)
    return path


def run(rows: int, unique: bool, url: str | None, analyse: bool = True) -> dict:
    """Import one file of `rows` rows into a fresh database; return the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        engine = make_engine(url or f"sqlite:///{folder / 'bench.db'}")
        migrate(engine, settings_from_env())
        factory = make_session_factory(engine)
        with transaction(factory) as session:
            activity_id = make_activity(session).id
        with factory() as session:
            get_analyser(session)  # load the models before timing, as a running app has them
        path = _file(rows, unique, folder)
        start = time.perf_counter()
        table = read_table(path.read_bytes(), path.name)
        with factory() as session:
            context, target = import_context(
                session=session, survey_key="your_view_counts", activity_id=activity_id, viewer=SYSTEM
            )
        checked = check_file(table.frame, ColumnMapping("your_view_counts", dict(FORMS_HEADINGS)), context)
        checked_at = time.perf_counter()
        result = run_import(factory=factory, checked=checked, target=target, import_good_rows=False)
        seconds = time.perf_counter() - start
        analysed_at = time.perf_counter()
        analysed = len(analyse_pending(factory=factory)) if analyse else 0
        analysis_seconds = time.perf_counter() - analysed_at
        comments = sum(len(r.comments) for r in checked.good)
        distinct = len({(t, q) for r in checked.good for _, q, t in r.comments})
        engine.dispose()
    figures = {
        "rows": rows,
        "stored": result.stored,
        "comments": comments,
        "distinct_comments": distinct,
        "flagged": result.flagged,
        "seconds": round(seconds, 1),
        "check_seconds": round(checked_at - start, 1),
        "rows_per_s": round(rows / seconds),
        "analysed": analysed,
        "analysis_seconds": round(analysis_seconds, 1),
        "analysed_per_s": round(analysed / analysis_seconds) if analysis_seconds else None,
    }
    print(
        f"{rows:>7,} rows ({comments:,} comments, {distinct:,} distinct): {seconds:6.1f} s, "
        f"{figures['rows_per_s']:,} rows/s (reading and checking {figures['check_seconds']} s); "
        f"then the model's analysis of {analysed:,} comments {analysis_seconds:6.1f} s",
        flush=True,
    )
    return figures


def main() -> None:
    """Run each size and print the figures, then one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--unique-texts", action="store_true", help="every comment distinct (worst case)")
    parser.add_argument(
        "--import-only", action="store_true", help="time the import alone, not the analysis that follows"
    )
    parser.add_argument("--url", default=None, help="database URL (default a temporary SQLite file)")
    args = parser.parse_args()
    results = [run(n, args.unique_texts, args.url, not args.import_only) for n in args.rows]
    print(json.dumps({"bench": "import", "unique_texts": args.unique_texts, "results": results}))


if __name__ == "__main__":
    main()
