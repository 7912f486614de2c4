"""Review aggregations on both databases, checked against counts made in Python from known rows."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import Counter
from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session, sessionmaker

from feedback.filters import ReviewFilter
from feedback.fixtures import make_activity
from feedback.models import Answer, Comment, CommentTheme, Submission, Survey
from feedback.reports import overview as overview_queries
from feedback.reports.overview import compute_overview

LOCS = ("clydesdale", "hamilton_blantyre_larkhall", "east_kilbride_strathaven")
THEMES = ("housing", "staff", "access")
SENTS = ("positive", "neutral", "negative")
QTYPES = ("working_well", "could_improve", "general")
GROUPS = ("people_with_convictions", "families")


@dataclass(frozen=True)
class Row:
    """What the test stored for one comment, to count in Python."""

    locality: str
    day: dt.date
    channel: str
    group: str
    kind: str
    qtype: str
    sentiment: str
    human: str | None
    safeguarding: bool
    themes: tuple[str, ...]
    rejected: tuple[str, ...]
    rating: str | None


def _seed(session: Session, n: int = 90) -> tuple[list[Row], list[tuple[str, dt.date, str, dict[str, int]]]]:
    rng = random.Random(7)
    survey_id = session.query(Survey.id).filter(Survey.key == "your_view_counts").scalar()
    activities = []
    acts = []
    for i, loc in enumerate(LOCS):
        for j, (kind, day) in enumerate(
            (("listen_event", dt.date(2025, 5, 2)), ("community_event", dt.date(2025, 11, 20)))
        ):
            heads = {GROUPS[0]: 3 + i + j, GROUPS[1]: 10 + i}
            act = make_activity(
                session, locality=loc, kind=kind, start_date=day, attendance=heads, title=f"A{i}{j}"
            )
            activities.append(act)
            acts.append((loc, day, kind, heads))
    rows: list[Row] = []
    for _ in range(n):
        act = rng.choice(activities)
        channel = rng.choice(("staff_card", "kiosk"))
        day = act.start_date + dt.timedelta(days=rng.randint(0, 100))
        themes = tuple(rng.sample(THEMES, k=rng.randint(0, 2)))
        rejected = tuple(t for t in themes if rng.random() < 0.2)
        row = Row(
            act.locality,
            day,
            channel,
            rng.choice(GROUPS),
            act.kind,
            rng.choice(QTYPES),
            rng.choice(SENTS),
            rng.choice((None, None, "negative")),
            rng.random() < 0.1,
            themes,
            rejected,
            rng.choice(("1", "3", "5", "dont_know")) if channel == "kiosk" else None,
        )
        sub = Submission(
            id=str(uuid.uuid4()),
            channel=channel,
            activity_id=act.id,
            locality=row.locality,
            stakeholder_group=row.group,
            survey_id=survey_id if channel == "kiosk" else None,
            created_at=dt.datetime.combine(day, dt.time(23, 30), dt.UTC),
        )
        comment = Comment(
            question="q",
            question_type=row.qtype,
            text="t",
            redacted_text="t",
            sentiment=row.sentiment,
            human_sentiment=row.human,
            safeguarding=row.safeguarding,
        )
        comment.themes = [CommentTheme(theme_id=t, source="rule", rejected=t in rejected) for t in themes]
        sub.comments = [comment]
        if row.rating is not None:
            sub.answers = [Answer(question="overall", choice=row.rating)]
        session.add(sub)
        rows.append(row)
    session.commit()
    return rows, acts


def _in(row: Row, f: ReviewFilter) -> bool:
    return (
        (f.start is None or row.day >= f.start)
        and (f.end is None or row.day <= f.end)
        and (not f.localities or row.locality in f.localities)
        and (not f.kinds or row.kind in f.kinds)
        and (not f.channels or row.channel in f.channels)
        and (not f.stakeholder_groups or row.group in f.stakeholder_groups)
        and (not f.survey_keys or row.channel == "kiosk")
    )


FILTERS = [
    ReviewFilter(),
    ReviewFilter(start=dt.date(2025, 6, 1), end=dt.date(2025, 12, 31)),
    ReviewFilter(localities=("clydesdale",)),
    ReviewFilter(localities=("clydesdale", "east_kilbride_strathaven"), channels=("kiosk",)),
    ReviewFilter(kinds=("community_event",), stakeholder_groups=("families",)),
    ReviewFilter(survey_keys=("your_view_counts",), end=dt.date(2025, 8, 1)),
]


def _as_counter(frame, keys: list[str], value: str) -> Counter:
    return Counter({tuple(r[k] for k in keys): r[value] for _, r in frame.iterrows()})


@pytest.mark.parametrize("filters", FILTERS)
def test_comment_counts_match_python(factory: sessionmaker[Session], filters: ReviewFilter) -> None:
    with factory() as session:
        rows, _ = _seed(session)
        chosen = [r for r in rows if _in(r, filters)]
        summary = [r for r in chosen if not r.safeguarding]
        overview = compute_overview(session=session, filters=filters)
        got = _as_counter(overview.comments, ["locality"], "comments")
        assert got == Counter((r.locality,) for r in summary)
        got = _as_counter(overview.sentiment, ["locality", "sentiment"], "comments")
        assert got == Counter((r.locality, r.human or r.sentiment) for r in summary)
        got = _as_counter(overview.question_types, ["locality", "question_type"], "comments")
        assert got == Counter((r.locality, r.qtype) for r in summary)


@pytest.mark.parametrize("filters", FILTERS[:4])
def test_theme_and_rating_counts_match_python(factory: sessionmaker[Session], filters: ReviewFilter) -> None:
    with factory() as session:
        rows, _ = _seed(session)
        chosen = [r for r in rows if _in(r, filters)]
        summary = [r for r in chosen if not r.safeguarding]
        got = _as_counter(
            compute_overview(session=session, filters=filters).themes,
            ["locality", "theme_id", "sentiment"],
            "comments",
        )
        assert got == Counter(
            (r.locality, t, r.human or r.sentiment) for r in summary for t in r.themes if t not in r.rejected
        )
        got = _as_counter(
            overview_queries.themes_by_question_type(session=session, filters=filters),
            ["question_type", "theme_id"],
            "comments",
        )
        assert got == Counter((r.qtype, t) for r in summary for t in r.themes if t not in r.rejected)
        got = _as_counter(
            overview_queries.ratings_by_locality(session=session, filters=filters),
            ["locality", "question", "choice"],
            "answers",
        )
        assert got == Counter((r.locality, "overall", r.rating) for r in chosen if r.rating)


@pytest.mark.parametrize("filters", [FILTERS[0], FILTERS[1], FILTERS[2], FILTERS[4]])
def test_activity_and_people_counts(factory: sessionmaker[Session], filters: ReviewFilter) -> None:
    with factory() as session:
        _, acts = _seed(session, n=5)

        def keep(loc: str, day: dt.date, kind: str) -> bool:
            return (
                (filters.start is None or day >= filters.start)
                and (filters.end is None or day <= filters.end)
                and (not filters.localities or loc in filters.localities)
                and (not filters.kinds or kind in filters.kinds)
            )

        got = _as_counter(
            overview_queries.activities_by_locality(session=session, filters=filters),
            ["locality"],
            "activities",
        )
        assert got == Counter((loc,) for loc, day, kind, _ in acts if keep(loc, day, kind))
        expected: Counter = Counter()
        for loc, day, kind, heads in acts:
            for group, n in heads.items():
                if keep(loc, day, kind) and (
                    not filters.stakeholder_groups or group in filters.stakeholder_groups
                ):
                    expected[(loc, group)] += n
        got = _as_counter(
            overview_queries.people_by_group(session=session, filters=filters),
            ["locality", "stakeholder_group"],
            "people",
        )
        assert got == expected


def test_sentiment_trend_and_previous_period(factory: sessionmaker[Session]) -> None:
    buckets = [
        ("Q1", dt.date(2025, 4, 1), dt.date(2025, 6, 30)),
        ("Q3", dt.date(2025, 10, 1), dt.date(2025, 12, 31)),
    ]
    with factory() as session:
        rows, _ = _seed(session)
        expected: Counter = Counter()
        for r in rows:
            for label, first, last in buckets:
                if first <= r.day <= last and not r.safeguarding:
                    expected[(label, r.human or r.sentiment)] += 1
        overview = compute_overview(
            session=session,
            filters=ReviewFilter(start=dt.date(2025, 4, 1), end=dt.date(2025, 12, 31)),
            buckets=buckets,
            previous=FILTERS[1].with_period(dt.date(2024, 12, 1), dt.date(2025, 5, 31)),
        )
        trend = overview.sentiment_trend
        assert _as_counter(trend, ["period", "sentiment"], "comments") == expected
        assert list(dict.fromkeys(trend["period"])) == [
            b[0] for b in buckets if any(k[0] == b[0] for k in expected)
        ]
        assert overview.previous is not None
        assert int(overview.previous.comments["comments"].sum()) == sum(
            1 for r in rows if dt.date(2024, 12, 1) <= r.day <= dt.date(2025, 5, 31) and not r.safeguarding
        )


def test_empty_database_gives_empty_frames(session: Session) -> None:
    overview = compute_overview(session=session, filters=ReviewFilter())
    assert overview.comments.empty and list(overview.themes.columns)[-1] == "comments"
