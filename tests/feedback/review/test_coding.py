"""Human coding on both databases: stored with who and when, wins everywhere, exported as labels."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.training import load_labelled
from feedback.access import NotAllowedError, Viewer
from feedback.fixtures import ADMIN, CLYDESDALE, lead, make_comment, make_user
from feedback.models import AuditEvent, Comment, CommentTheme
from feedback.review.coding import LABELLED_COLUMNS, bulk_code, code_comment, labelled_csv, labelled_frame
from feedback.review.comments import CommentFilter, count_comments
from feedback.validation import ValidationError


def _links(session: Session, comment_id: int) -> dict[str, tuple[str, bool, bool]]:
    rows = session.scalars(select(CommentTheme).where(CommentTheme.comment_id == comment_id))
    return {t.theme_id: (t.source, t.confirmed, t.rejected) for t in rows}


def test_code_comment_stores_human_labels_with_who_and_when(session: Session) -> None:
    user = make_user(session, username="lee", role="locality_lead", locality="hamilton_blantyre_larkhall")
    comment = make_comment(session, themes=("access", "staff"), sentiment="negative")
    code_comment(
        session=session,
        comment_id=comment.id,
        viewer=lead(user.id),
        sentiment="neutral",
        theme_ids=["access", "housing"],
    )
    session.commit()
    stored = session.get(Comment, comment.id)
    assert (stored.sentiment, stored.human_sentiment, stored.labelled_by) == ("negative", "neutral", user.id)
    assert stored.labelled_at is not None
    assert _links(session, comment.id) == {
        "access": ("rule", True, False),
        "staff": ("rule", False, True),
        "housing": ("human", True, False),
    }
    assert session.scalars(select(AuditEvent.event)).all()[-1] == "comment.code"


def test_human_label_overrides_everywhere(session: Session) -> None:
    comment = make_comment(session, themes=("access",), sentiment="negative")
    code_comment(session=session, comment_id=comment.id, viewer=ADMIN, sentiment="positive", theme_ids=[])
    session.commit()
    for filters, expected in [
        (CommentFilter(sentiments=("negative",)), 0),
        (CommentFilter(sentiments=("positive",)), 1),
        (CommentFilter(theme_ids=("access",)), 0),
        (CommentFilter(unthemed=True), 1),
    ]:
        assert count_comments(session=session, filters=filters, viewer=ADMIN) == expected


@pytest.mark.parametrize(
    ("viewer", "error"),
    [
        (Viewer(user_id=None, role="reviewer"), NotAllowedError),
        (Viewer(user_id=None, role="staff"), NotAllowedError),
        (lead(locality=CLYDESDALE), NotAllowedError),
    ],
)
def test_code_comment_refuses_outside_scope(session: Session, viewer: Viewer, error: type) -> None:
    comment = make_comment(session)
    with pytest.raises(error):
        code_comment(session=session, comment_id=comment.id, viewer=viewer, sentiment="positive")
    assert session.get(Comment, comment.id).human_sentiment is None


@pytest.mark.parametrize(
    ("sentiment", "themes", "field"),
    [("happy", None, "sentiment"), (None, ["not_a_theme"], "themes"), ("", None, "sentiment")],
)
def test_code_comment_validates(
    session: Session, sentiment: str | None, themes: list[str] | None, field: str
) -> None:
    comment = make_comment(session)
    with pytest.raises(ValidationError) as caught:
        code_comment(
            session=session, comment_id=comment.id, viewer=ADMIN, sentiment=sentiment, theme_ids=themes
        )
    assert field in caught.value.errors


def test_bulk_code_sets_sentiment_and_themes_on_every_comment(session: Session) -> None:
    ids = [make_comment(session, themes=("access",)).id for _ in range(3)]
    assert (
        bulk_code(
            session=session,
            comment_ids=ids,
            viewer=ADMIN,
            sentiment="neutral",
            add_theme_ids=["staff"],
            remove_theme_ids=["access"],
        )
        == 3
    )
    session.commit()
    for comment_id in ids:
        assert session.get(Comment, comment_id).human_sentiment == "neutral"
        assert _links(session, comment_id) == {
            "access": ("rule", False, True),
            "staff": ("human", True, False),
        }


def test_bulk_confirm_keeps_what_is_shown(session: Session) -> None:
    first = make_comment(session, themes=("access",), sentiment="negative")
    second = make_comment(session, themes=("staff",), sentiment="positive")
    second.human_sentiment = "neutral"
    session.flush()
    bulk_code(session=session, comment_ids=[first.id, second.id], viewer=ADMIN, confirm=True)
    session.commit()
    assert session.get(Comment, first.id).human_sentiment == "negative"
    assert session.get(Comment, second.id).human_sentiment == "neutral"
    assert _links(session, first.id)["access"] == ("rule", True, False)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"comment_ids": []}, "selection"),
        ({"comment_ids": list(range(1, 502))}, "selection"),
        ({"comment_ids": [1], "add_theme_ids": ["staff"], "remove_theme_ids": ["staff"]}, "themes"),
    ],
)
def test_bulk_code_validates(session: Session, kwargs: dict, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        bulk_code(session=session, viewer=ADMIN, **kwargs)
    assert field in caught.value.errors


def test_bulk_code_refuses_a_selection_with_another_locality(session: Session) -> None:
    mine = make_comment(session)
    theirs = make_comment(session, locality=CLYDESDALE)
    with pytest.raises(NotAllowedError):
        bulk_code(session=session, comment_ids=[mine.id, theirs.id], viewer=lead(), sentiment="positive")


def test_labelled_frame_exports_human_labels_redacted(session: Session) -> None:
    coded = make_comment(session, text="Call Jim", redacted="Call [NAME]", themes=("access", "staff"))
    themes_only = make_comment(
        session, text="My flat", themes=("housing",), sentiment="neutral", question_type="working_well"
    )
    make_comment(session, text="Not coded")
    flagged = make_comment(session, text="No point going on", safeguarding=True)
    code_comment(
        session=session, comment_id=coded.id, viewer=ADMIN, sentiment="positive", theme_ids=["access"]
    )
    code_comment(session=session, comment_id=themes_only.id, viewer=ADMIN, theme_ids=["housing", "money"])
    code_comment(session=session, comment_id=flagged.id, viewer=ADMIN, sentiment="negative")
    session.commit()
    frame = labelled_frame(session, batch_size=1)
    assert tuple(frame.columns) == LABELLED_COLUMNS
    assert frame.values.tolist() == [
        ["Call [NAME]", "could_improve", "positive", "access"],
        ["My flat", "working_well", "neutral", "housing|money"],
    ]
    assert labelled_frame(session, locality=CLYDESDALE).empty


def test_labelled_csv_is_accepted_by_the_trainer(session: Session, tmp_path: Path) -> None:
    comment = make_comment(session, text="My worker helped", themes=("staff",), question_type="working_well")
    code_comment(session=session, comment_id=comment.id, viewer=ADMIN, sentiment="positive")
    session.commit()
    path = tmp_path / "labels.csv"
    path.write_bytes(labelled_csv(labelled_frame(session)))
    loaded = load_labelled([path])
    assert loaded[["text", "sentiment"]].values.tolist() == [["My worker helped", "positive"]]
    assert loaded["question_type"].tolist() == ["what_good"]


@pytest.mark.parametrize(
    "text", ["=1+1", "+44 7700", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", '=HYPERLINK("http://x")']
)
def test_labelled_csv_neutralises_formulas(session: Session, text: str) -> None:
    comment = make_comment(session, text=text, themes=("staff",))
    code_comment(session=session, comment_id=comment.id, viewer=ADMIN, sentiment="negative")
    session.commit()
    rows = list(csv.reader(io.StringIO(labelled_csv(labelled_frame(session)).decode("utf-8"))))
    assert rows[1][0] == "'" + text
