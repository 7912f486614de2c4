"""Benchmark data: many comments, analysed by the real pipeline, inserted in batches.

Activities are made through the real service (``create_activity``); comments are analysed with
the same ``Analyser.analyse_many`` that saving a card uses, once per distinct text (generated texts
repeat), and written with executemany inserts of the rows the save paths write
(bench/generate_rows.py), summaries included, so a million comments take minutes.

Run: `.venv/bin/python bench/generate.py --comments 10000 [--url URL] [--seed 1]` (the URL
defaults to FEEDBACK_DATABASE_URL; the database should be freshly migrated and empty).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from analysis.params import ACTIVITY_KINDS, LOCALITIES, QUESTION_TYPES, STAKEHOLDER_GROUPS
from analysis.pipeline import Analyser, CommentAnalysis
from bench.generate_rows import RowWriter, Spec, write_specs
from feedback.capture.activities import create_activity
from feedback.capture.scoring import get_analyser
from feedback.db import make_engine, make_session_factory, transaction
from feedback.demo import demo_texts
from feedback.fixtures import activity_input
from feedback.models import Comment, Partner, SafeguardingAlert, Survey
from feedback.settings import get_settings

BATCH = 2000
COMMENTS_PER_ACTIVITY = 100
DAYS_BACK = 900
RATING_CHOICES = ("1", "2", "3", "4", "5", "dont_know")
EXTRA_WORDS = ("", "", " Thanks.", " Cheers.", " That's all.", " Honestly.", " Every time.", " Please.")


def _texts() -> dict[str, list[str]]:
    data = demo_texts()
    return {q: list(data[q]) for q in QUESTION_TYPES}


def make_activities(factory: sessionmaker[Session], rng: random.Random, count: int, today: dt.date) -> list:
    """Create activities through the service; return (id, locality, start date) tuples."""
    made = []
    with transaction(factory) as session:
        partners = list(session.scalars(select(Partner.id).order_by(Partner.id)))
        for i in range(count):
            locality = list(LOCALITIES)[i % len(LOCALITIES)]
            day = today - dt.timedelta(days=rng.randint(0, DAYS_BACK))
            attendance = {g: rng.randint(0, 30) for g in STAKEHOLDER_GROUPS if rng.random() < 0.5}
            data = activity_input(
                kind=rng.choice(list(ACTIVITY_KINDS)),
                title=f"Bench activity {i}",
                locality=locality,
                start_date=day,
                lead_partner_id=rng.choice(partners),
                attendance=attendance,
                outcomes="Bench outcome.",
                venue="",
            )
            activity = create_activity(session=session, data=data, user_id=None)
            activity.is_demo = True
            made.append((activity.id, locality, day))
    return made


def _specs(rng: random.Random, activities: list, texts: dict, n: int, writer: RowWriter) -> list[Spec]:
    specs = []
    for _ in range(n):
        activity_id, locality, day = rng.choice(activities)
        qtype = rng.choice(QUESTION_TYPES)
        kiosk = writer.kiosk_question(qtype) is not None and rng.random() < 0.3
        specs.append(
            Spec(
                submission_id=str(uuid.UUID(int=rng.getrandbits(128))),
                channel="kiosk" if kiosk else "staff_card",
                activity_id=activity_id,
                locality=locality,
                question_type=qtype,
                text=rng.choice(texts[qtype]) + rng.choice(EXTRA_WORDS),
                group=rng.choice(writer.kiosk_groups if kiosk else list(STAKEHOLDER_GROUPS)),
                created_at=dt.datetime.combine(day, dt.time(rng.randint(9, 20), rng.randint(0, 59)), dt.UTC),
                rating=rng.choice(RATING_CHOICES) if kiosk else None,
                is_demo=True,
            )
        )
    return specs


class OncePerText:
    """The real analyser, run once per distinct (text, question type): generated texts repeat."""

    def __init__(self, analyser: Analyser) -> None:
        self.analyser = analyser
        self.known: dict[tuple[str, str], CommentAnalysis] = {}

    def results(self, specs: list[Spec]) -> list[CommentAnalysis]:
        """The analysis of each spec's text."""
        missing = list(
            dict.fromkeys(
                (s.text, s.question_type) for s in specs if (s.text, s.question_type) not in self.known
            )
        )
        if missing:
            found = self.analyser.analyse_many([t for t, _ in missing], [q for _, q in missing])
            self.known.update(zip(missing, found, strict=True))
        return [self.known[(s.text, s.question_type)] for s in specs]


def _max_id(session: Session, column) -> int:
    return session.scalar(select(func.max(column))) or 0


def generate(
    *,
    engine: Engine,
    comments: int,
    seed: int = 1,
    today: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Add activities and ``comments`` analysed comments to a migrated database; return counts."""
    rng = random.Random(seed)
    factory = make_session_factory(engine)
    activities = make_activities(
        factory, rng, max(10, comments // COMMENTS_PER_ACTIVITY), today or dt.date.today()
    )
    texts = _texts()
    with factory() as session:
        analyser = OncePerText(get_analyser(session))
        survey = session.scalars(select(Survey).where(Survey.key == "your_view_counts")).first()
        writer = RowWriter(
            survey, _max_id(session, Comment.id) + 1, _max_id(session, SafeguardingAlert.id) + 1
        )
    done = 0
    while done < comments:
        specs = _specs(rng, activities, texts, min(BATCH, comments - done), writer)
        results = analyser.results(specs)
        with transaction(factory) as session:
            write_specs(session, writer, specs, results)
        done += len(specs)
        if progress:
            progress(done, comments)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            for table in ("comment", "safeguarding_alert"):
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
                    )
                )
    return {"activities": len(activities), "comments": comments}


def main() -> int:
    """Command line: generate into FEEDBACK_DATABASE_URL (or --url)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--url", default=None)
    args = parser.parse_args()
    from feedback.migrations import migrate

    engine = make_engine(args.url or get_settings().database_url)
    migrate(engine, get_settings())
    start = time.perf_counter()

    def show(done: int, total: int) -> None:
        print(f"\r{done:,} of {total:,} comments", end="", file=sys.stderr, flush=True)

    counts = generate(engine=engine, comments=args.comments, seed=args.seed, progress=show)
    print(file=sys.stderr)
    print(
        f"Generated {counts['comments']:,} comments in {counts['activities']:,} activities "
        f"in {time.perf_counter() - start:.1f} s."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
