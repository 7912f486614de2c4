"""Grow a benchmark database by copying its generated comments, for sizes the generator is slow to fill.

Each copy repeats every submission with its comments, theme links and answers in SQL (INSERT ...
SELECT): new submission ids, comment ids after the highest, times a few minutes later, no receipt
codes. The rows are those bench/generate.py wrote through the real analyser, so pages see the same
mix of localities, texts, sentiments and themes at ``copies`` times the size. Triggers (the search
index) run for every copied row as they would for a save.

Run: `nice -n 10 .venv/bin/python bench/replicate.py --database URL --copies 9` (10x the rows).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import Connection, Table, func, select, text

from feedback.db import make_engine
from feedback.models import Answer, Comment, CommentTheme, Submission

SHIFTED = {"created_at", "raised_at"}


def _new_id(dialect: str, column: str, k: int) -> str:
    if dialect == "sqlite":
        return f"substr({column}, 1, 30) || printf('%06d', {k})"
    return f"left({column}, 30) || lpad('{k}', 6, '0')"


def _later(dialect: str, column: str, k: int) -> str:
    if dialect == "sqlite":
        return f"strftime('%Y-%m-%d %H:%M:%f000', {column}, '+{k} minutes')"
    return f"{column} + interval '{k} minutes'"


def _copy(conn: Connection, table: Table, k: int, offset: int, original_ids: str) -> None:
    """INSERT ... SELECT one copy of the rows of a table that belong to the original submissions."""
    dialect = conn.dialect.name
    names, values = [], []
    for column in table.columns:
        name = column.name
        if table.name == "answer" and name == "id":
            continue  # the database numbers them
        names.append(name)
        if name == "submission_id" or (table.name == "submission" and name == "id"):
            values.append(_new_id(dialect, name, k))
        elif name in ("comment_id",) or (table.name == "comment" and name == "id"):
            values.append(f"{name} + {k * offset}")
        elif name in SHIFTED:
            values.append(_later(dialect, name, k))
        elif name == "receipt_code":
            values.append("NULL")
        else:
            values.append(name)
    where = {
        "submission": f"id IN ({original_ids})",
        "comment": f"submission_id IN ({original_ids})",
        "answer": f"submission_id IN ({original_ids})",
        "comment_theme": f"comment_id <= {offset}",
    }[table.name]
    conn.execute(
        text(
            f"INSERT INTO {table.name} ({', '.join(names)}) SELECT {', '.join(values)} FROM {table.name} WHERE {where}"
        )
    )


def replicate(url: str, copies: int) -> int:
    """Add ``copies`` copies of the generated submissions; return the comments now stored."""
    engine = make_engine(url)
    with engine.connect() as conn:  # one connection: the temporary table of originals lives in it
        offset = conn.scalar(select(func.max(Comment.id))) or 0
        conn.execute(text("CREATE TEMP TABLE originals AS SELECT id FROM submission WHERE is_demo"))
        conn.commit()
        for k in range(1, copies + 1):
            start = time.perf_counter()
            for model in (Submission, Comment, CommentTheme, Answer):
                _copy(conn, model.__table__, k, offset, "SELECT id FROM originals")
            conn.commit()
            print(f"copy {k} of {copies} in {time.perf_counter() - start:.0f} s", flush=True)
        if conn.dialect.name == "postgresql":
            conn.execute(
                text("SELECT setval(pg_get_serial_sequence('comment', 'id'), (SELECT max(id) FROM comment))")
            )
            conn.execute(text("ANALYZE"))
        count = conn.scalar(select(func.count()).select_from(Comment)) or 0
        conn.commit()
    engine.dispose()
    return count


def main() -> int:
    """Command line: replicate the generated rows of a database."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--copies", type=int, default=9)
    args = parser.parse_args()
    print(f"{replicate(args.database, args.copies):,} comments")
    return 0


if __name__ == "__main__":
    sys.exit(main())
