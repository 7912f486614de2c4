"""Re-scoring on both databases: batches with progress, human decisions kept, only stale when asked."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from feedback.capture.rescore import count_stale, rescore_all
from feedback.db import transaction
from feedback.fixtures import ADMIN, make_comment
from feedback.models import Comment, CommentTheme
from feedback.review.coding import code_comment

TEXTS = (
    "I was on hold for ages, answer the phone",
    "My worker helped me find a flat",
    "Nothing, it was all good",
    "The buroo stopped my money",
    "Getting liberated with nowhere to stay",
)


def test_rescore_in_batches_reports_progress(factory: sessionmaker[Session]) -> None:
    with transaction(factory) as session:
        for text in TEXTS:
            make_comment(session, text=text, sentiment=None, themes=())
        assert count_stale(session=session) == len(TEXTS)
    calls: list[tuple[int, int]] = []
    done = rescore_all(
        factory=factory, batch_size=2, only_stale=True, progress=lambda d, t: calls.append((d, t))
    )
    assert done == len(TEXTS)
    assert calls == [(2, 5), (4, 5), (5, 5)]
    with factory() as session:
        comments = session.scalars(select(Comment)).all()
        assert all(c.sentiment in {"positive", "neutral", "negative"} for c in comments)
        assert all(c.analysis_version != "test" for c in comments)
        assert count_stale(session=session) == 0
    assert rescore_all(factory=factory, only_stale=True) == 0


def test_rescore_keeps_human_coding(factory: sessionmaker[Session]) -> None:
    with transaction(factory) as session:
        comment_id = make_comment(
            session, text="My worker helped me find a flat", themes=("housing", "staff")
        ).id
        code_comment(
            session=session,
            comment_id=comment_id,
            viewer=ADMIN,
            sentiment="negative",
            theme_ids=["staff", "money"],
        )
    rescore_all(factory=factory, batch_size=10)
    with factory() as session:
        comment = session.get(Comment, comment_id)
        links = {
            t.theme_id: (t.confirmed, t.rejected)
            for t in session.scalars(select(CommentTheme).where(CommentTheme.comment_id == comment_id))
        }
    assert comment.human_sentiment == "negative"
    assert links["housing"] == (False, True)
    assert links["staff"] == (True, False) and links["money"] == (True, False)
