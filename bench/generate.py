"""Benchmark data: many comments, analysed by the real pipeline, inserted in batches.

Activities are made through the real service (``create_activity``); comments are analysed with
the same ``Analyser.analyse_many`` that saving a card uses, in batches, and written with
executemany inserts instead of one ORM object at a time, so 100,000 comments take minutes.

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

from sqlalchemy import Engine, func, insert, select, text
from sqlalchemy.orm import Session, sessionmaker

from analysis.params import ACTIVITY_KINDS, LOCALITIES, QUESTION_TYPES, STAKEHOLDER_GROUPS
from feedback.capture.activities import create_activity
from feedback.capture.scoring import get_analyser
from feedback.db import make_engine, make_session_factory, transaction
from feedback.demo import demo_texts
from feedback.fixtures import activity_input
from feedback.models import Answer, Comment, CommentTheme, Partner, Submission, Survey
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


def _rows(rng: random.Random, activities: list, texts: dict, n: int, survey_id: int | None) -> list[dict]:
    rows = []
    for _ in range(n):
        activity_id, locality, day = rng.choice(activities)
        qtype = rng.choice(QUESTION_TYPES)
        kiosk = survey_id is not None and rng.random() < 0.3
        rows.append(
            {
                "submission_id": str(uuid.UUID(int=rng.getrandbits(128))),
                "activity_id": activity_id,
                "locality": locality,
                "question_type": qtype,
                "text": rng.choice(texts[qtype]) + rng.choice(EXTRA_WORDS),
                "group": rng.choice(list(STAKEHOLDER_GROUPS)),
                "created_at": dt.datetime.combine(
                    day, dt.time(rng.randint(9, 20), rng.randint(0, 59)), dt.UTC
                ),
                "channel": "kiosk" if kiosk else "staff_card",
                "rating": rng.choice(RATING_CHOICES) if kiosk else None,
            }
        )
    return rows


def _insert_batch(
    session: Session, rows: list[dict], results: list, survey_id: int | None, next_id: int
) -> int:
    submissions, comments, themes, answers = [], [], [], []
    for offset, (row, result) in enumerate(zip(rows, results, strict=True)):
        comment_id = next_id + offset
        submissions.append(
            {
                "id": row["submission_id"],
                "channel": row["channel"],
                "activity_id": row["activity_id"],
                "survey_id": survey_id if row["channel"] == "kiosk" else None,
                "locality": row["locality"],
                "stakeholder_group": row["group"],
                "consent": True,
                "quote_permission": False,
                "language": "en",
                "is_demo": True,
                "created_at": row["created_at"],
            }
        )
        comments.append(
            {
                "id": comment_id,
                "submission_id": row["submission_id"],
                "question": "card",
                "question_type": row["question_type"],
                "text": row["text"],
                "redacted_text": result.redacted_text,
                "sentiment": result.sentiment,
                "sentiment_score": result.sentiment_score,
                "safeguarding": result.safeguarding,
                "analysis_version": result.version,
                "quote_approved": False,
                "created_at": row["created_at"],
            }
        )
        themes.extend(
            {
                "comment_id": comment_id,
                "theme_id": m.theme_id,
                "source": m.source,
                "evidence": list(m.evidence),
                "confirmed": False,
                "rejected": False,
            }
            for m in result.themes
        )
        if row["rating"] is not None:
            answers.append(
                {
                    "submission_id": row["submission_id"],
                    "question": "overall",
                    "choice": row["rating"],
                    "number": float(row["rating"]) if row["rating"].isdigit() else None,
                }
            )
    session.execute(insert(Submission), submissions)
    session.execute(insert(Comment), comments)
    if themes:
        session.execute(insert(CommentTheme), themes)
    if answers:
        session.execute(insert(Answer), answers)
    return next_id + len(rows)


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
        analyser = get_analyser(session)
        survey_id = session.scalar(select(Survey.id).where(Survey.key == "your_view_counts"))
        next_id = (session.scalar(select(func.max(Comment.id))) or 0) + 1
    done = 0
    while done < comments:
        rows = _rows(rng, activities, texts, min(BATCH, comments - done), survey_id)
        results = analyser.analyse_many([r["text"] for r in rows], [r["question_type"] for r in rows])
        with transaction(factory) as session:
            next_id = _insert_batch(session, rows, results, survey_id, next_id)
        done += len(rows)
        if progress:
            progress(done, comments)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(
                text("SELECT setval(pg_get_serial_sequence('comment', 'id'), (SELECT max(id) FROM comment))")
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
