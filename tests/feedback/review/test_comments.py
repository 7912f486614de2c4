"""The comment explorer's queries on both databases: filters, scope, search, paging."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from feedback.access import Viewer
from feedback.filters import ReviewFilter
from feedback.fixtures import ADMIN, CLYDESDALE, lead, make_activity, make_comment
from feedback.review.comments import COUNT_CAP, CommentFilter, Cursor, count_comments, list_comments
from feedback.search_index import escape_like

REVIEWER = Viewer(user_id=None, role="reviewer")


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("plain", "plain"),
        ("100%", "100\\%"),
        ("a_b", "a\\_b"),
        ("back\\slash", "back\\\\slash"),
        ("%_%", "\\%\\_\\%"),
        ("", ""),
    ],
)
def test_escape_like(text: str, escaped: str) -> None:
    assert escape_like(text) == escaped


def _seed(session: Session) -> dict[str, int]:
    activity = make_activity(session, kind="womens_hub_visit")
    ids = {
        "phone": make_comment(session, text="Answer the PHONE quicker, 100% please").id,
        "flat": make_comment(
            session,
            text="Help with my flat",
            themes=("housing",),
            sentiment="neutral",
            locality=CLYDESDALE,
            channel="kiosk",
            stakeholder_group="families",
        ).id,
        "worker": make_comment(
            session,
            text="My worker was brilliant",
            themes=("staff",),
            sentiment="positive",
            created_at=dt.datetime(2025, 6, 1, 9, tzinfo=dt.UTC),
            activity_id=activity.id,
        ).id,
        "flagged": make_comment(session, text="No point going on", themes=(), safeguarding=True).id,
        "under": make_comment(session, text="snake_case and 50 percent", themes=()).id,
    }
    session.commit()
    return ids


def _ids(session: Session, filters: CommentFilter, viewer: Viewer = ADMIN) -> set[int]:
    return {r.id for r in list_comments(session=session, filters=filters, viewer=viewer, page_size=50).rows}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (CommentFilter(), {"phone", "flat", "worker", "flagged", "under"}),
        (CommentFilter(search="phone"), {"phone"}),
        (CommentFilter(search="  Phone "), {"phone"}),
        (CommentFilter(search="100%"), {"phone"}),
        (CommentFilter(search="%"), {"phone"}),
        (CommentFilter(search="_"), {"under"}),
        (CommentFilter(search="e_c"), {"under"}),
        (CommentFilter(theme_ids=("housing",)), {"flat"}),
        (CommentFilter(theme_ids=("housing", "staff")), {"flat", "worker"}),
        (CommentFilter(sentiments=("positive",)), {"worker"}),
        (CommentFilter(sentiments=("neutral", "positive")), {"flat", "worker"}),
        (CommentFilter(safeguarding=True), {"flagged"}),
        (CommentFilter(safeguarding=False, unthemed=True), {"under"}),
        (CommentFilter(review=ReviewFilter(localities=(CLYDESDALE,))), {"flat"}),
        (CommentFilter(review=ReviewFilter(channels=("kiosk",))), {"flat"}),
        (CommentFilter(review=ReviewFilter(stakeholder_groups=("families",))), {"flat"}),
        (CommentFilter(review=ReviewFilter(kinds=("womens_hub_visit",))), {"worker"}),
        (CommentFilter(review=ReviewFilter(start=dt.date(2025, 5, 1), end=dt.date(2025, 6, 1))), {"worker"}),
        (
            CommentFilter(review=ReviewFilter(start=dt.date(2026, 1, 1))),
            {"phone", "flat", "flagged", "under"},
        ),
    ],
)
def test_filters(session: Session, filters: CommentFilter, expected: set[str]) -> None:
    ids = _seed(session)
    assert _ids(session, filters) == {ids[name] for name in expected}
    assert count_comments(session=session, filters=filters, viewer=ADMIN) == len(expected)


def test_lead_sees_only_own_locality_and_reviewer_never_flagged(session: Session) -> None:
    ids = _seed(session)
    assert ids["flat"] not in _ids(session, CommentFilter(), lead())
    assert _ids(session, CommentFilter(), lead(locality=CLYDESDALE)) == {ids["flat"]}
    assert ids["flagged"] not in _ids(session, CommentFilter(), REVIEWER)
    assert ids["flagged"] in _ids(session, CommentFilter(), lead())


def test_raw_text_only_for_coders_who_ask(session: Session) -> None:
    make_comment(session, text="Call Jim on 07700 900123", redacted="Call [NAME] on [PHONE]")
    session.commit()
    shown = list_comments(session=session, filters=CommentFilter(), viewer=ADMIN).rows[0]
    assert shown.text is None and shown.redacted_text == "Call [NAME] on [PHONE]"
    raw = list_comments(session=session, filters=CommentFilter(), viewer=lead(), include_raw=True).rows[0]
    assert raw.text == "Call Jim on 07700 900123"
    reviewer = list_comments(
        session=session, filters=CommentFilter(), viewer=REVIEWER, include_raw=True
    ).rows[0]
    assert reviewer.text is None


def test_search_looks_at_redacted_text_only(session: Session) -> None:
    make_comment(session, text="Call Jim please", redacted="Call [NAME] please")
    session.commit()
    assert count_comments(session=session, filters=CommentFilter(search="jim"), viewer=ADMIN) == 0
    assert count_comments(session=session, filters=CommentFilter(search="[name]"), viewer=ADMIN) == 1


def test_keyset_pages_walk_every_comment_once_newest_first(session: Session) -> None:
    base = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    made = [
        make_comment(session, text=f"comment {i}", created_at=base + dt.timedelta(days=i // 2)).id
        for i in range(7)
    ]  # pairs share a time: the id breaks the tie
    session.commit()
    seen, after, pages = [], None, []
    while True:
        page = list_comments(session=session, filters=CommentFilter(), viewer=ADMIN, after=after, page_size=3)
        pages.append(page)
        seen.extend(r.id for r in page.rows)
        if page.next_after is None:
            break
        after = page.next_after
    assert seen == sorted(made, key=lambda i: (made.index(i) // 2, i), reverse=True)
    assert [len(p.rows) for p in pages] == [3, 3, 1]
    assert (pages[0].total, pages[0].pages, pages[0].capped) == (7, 3, False)


def test_a_cursor_is_stable_when_newer_comments_arrive(session: Session) -> None:
    base = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    made = [make_comment(session, text=f"c {i}", created_at=base + dt.timedelta(days=i)).id for i in range(4)]
    session.commit()
    first = list_comments(session=session, filters=CommentFilter(), viewer=ADMIN, page_size=2)
    make_comment(session, text="newer", created_at=base + dt.timedelta(days=10))
    session.commit()
    second = list_comments(
        session=session, filters=CommentFilter(), viewer=ADMIN, after=first.next_after, page_size=2
    )
    assert [r.id for r in second.rows] == [made[1], made[0]] and second.next_after is None


def test_the_count_stops_at_the_cap(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(5):
        make_comment(session, text=f"c {i}")
    session.commit()
    monkeypatch.setattr("feedback.review.comments.COUNT_CAP", 3)
    page = list_comments(session=session, filters=CommentFilter(), viewer=ADMIN, page_size=2)
    assert (page.total, page.capped, len(page.rows)) == (3, True, 2)
    assert count_comments(session=session, filters=CommentFilter(), viewer=ADMIN, cap=3) == 4
    assert count_comments(session=session, filters=CommentFilter(), viewer=ADMIN) == 5
    assert COUNT_CAP == 10_000
    monkeypatch.setattr("feedback.review.comments.SEARCH_COUNT_CAP", 2)
    searched = list_comments(session=session, filters=CommentFilter(search="c "), viewer=ADMIN, page_size=2)
    assert (searched.total, searched.capped) == (2, True)


def test_cursor_is_a_plain_value() -> None:
    cursor = Cursor(dt.datetime(2026, 1, 1, tzinfo=dt.UTC), 5)
    assert cursor == Cursor(dt.datetime(2026, 1, 1, tzinfo=dt.UTC), 5)


def test_rows_carry_themes_with_evidence_and_shown_sentiment(session: Session) -> None:
    comment = make_comment(session, themes=("access", "staff"), sentiment="negative")
    comment.human_sentiment = "neutral"
    comment.themes[1].rejected = True
    session.commit()
    row = list_comments(session=session, filters=CommentFilter(), viewer=ADMIN).rows[0]
    assert row.sentiment == "neutral" and row.auto_sentiment == "negative"
    assert [(t.theme_id, t.evidence) for t in row.themes] == [("access", ("access",))]
    assert count_comments(session=session, filters=CommentFilter(theme_ids=("staff",)), viewer=ADMIN) == 0
    assert count_comments(session=session, filters=CommentFilter(sentiments=("negative",)), viewer=ADMIN) == 0
