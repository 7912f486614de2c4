"""Every published figure the app offers for a small-cell database, as an attacker collects them.

Shared by the attacker tests: :func:`seed_small_cells` plants the five attacks of issue 11, and
:func:`collect` runs the real report code (overview tables, statement, 'You said, we did',
activity export) over every filter setting the pages offer, preset and custom periods included,
returning each published cell by a stable id plus the sums a reader knows hold between them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy.orm import Session

from analysis.params import LOCALITIES, STAKEHOLDER_GROUPS
from analysis.periods import previous_period
from analysis.suppression import TOTAL
from feedback.filters import ReviewFilter
from feedback.fixtures import make_activity, make_comment
from feedback.models import Answer
from feedback.reports.exports import activities_frame
from feedback.reports.overview import compute_overview
from feedback.reports.overview_tables import shown_overview
from feedback.reports.statement import period_statement
from feedback.reports.you_said_we_did import gather

K = 10
HAM, EK, RG, CL = (
    "hamilton_blantyre_larkhall",
    "east_kilbride_strathaven",
    "rutherglen_cambuslang",
    "clydesdale",
)
D = dt.date
PERIODS: dict[str, tuple[dt.date, dt.date]] = {
    "FY": (D(2025, 4, 1), D(2026, 3, 31)),
    "Apr-Dec": (D(2025, 4, 1), D(2025, 12, 31)),
    "Jan-Mar": (D(2026, 1, 1), D(2026, 3, 31)),
    "Q1": (D(2025, 4, 1), D(2025, 6, 30)),
    "Q2": (D(2025, 7, 1), D(2025, 9, 30)),
    "Q3": (D(2025, 10, 1), D(2025, 12, 31)),
    "from 10 May": (D(2025, 5, 10), D(2026, 3, 31)),
    "from 11 May": (D(2025, 5, 11), D(2026, 3, 31)),
    "9-10 May": (D(2025, 5, 9), D(2025, 5, 10)),
    "10 May": (D(2025, 5, 10), D(2025, 5, 10)),
    "September": (D(2025, 9, 1), D(2025, 9, 30)),
    "from 2 Sep": (D(2025, 9, 2), D(2025, 9, 30)),
    "to 19 Jul": (D(2025, 4, 1), D(2025, 7, 19)),
    "to 20 Jul": (D(2025, 4, 1), D(2025, 7, 20)),
}
PLACES: dict[str, tuple[str, ...]] = {
    "all": (),
    "three": (HAM, EK, RG),
    HAM: (HAM,),
    EK: (EK,),
    RG: (RG,),
    CL: (CL,),
}


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC)


def seed_small_cells(session: Session) -> None:
    """Hamilton 50 positive + 3 negative (one day), East Kilbride 12, Rutherglen 14, Clydesdale 3
    (one day); activities with 15 and 2 family members, 4 and 20 people in September."""
    for i in range(50):
        comment = make_comment(
            session,
            locality=HAM,
            sentiment="positive",
            question_type="working_well",
            themes=("housing", "staff") if i % 3 == 0 else ("housing",),
            channel="kiosk" if i < 15 else "staff_card",
            created_at=_at(D(2025, 4, 1) + dt.timedelta(days=4 * i)),
        )
        if i < 15:
            comment.submission.answers.append(Answer(question="overall", choice="1" if i < 12 else "2"))
    for _ in range(3):
        make_comment(session, locality=HAM, themes=("housing",), created_at=_at(D(2025, 7, 20)))
    for _ in range(12):
        make_comment(
            session, locality=EK, sentiment="positive", themes=("housing",), created_at=_at(D(2025, 6, 15))
        )
    for _ in range(14):
        make_comment(session, locality=RG, themes=("housing", "access"), created_at=_at(D(2025, 8, 1)))
    for _ in range(3):
        make_comment(session, locality=CL, themes=("housing",), created_at=_at(D(2025, 5, 10)))
    make_activity(
        session,
        title="LISTEN event, Hamilton",
        start_date=D(2025, 6, 1),
        attendance={"people_with_convictions": 20, "families": 15},
    )
    make_activity(
        session,
        title="Family day, Lanark",
        locality=CL,
        start_date=D(2026, 2, 10),
        attendance={"families": 2},
    )
    make_activity(
        session,
        title="Hub visit, Rutherglen",
        locality=RG,
        start_date=D(2025, 9, 5),
        attendance={"people_with_convictions": 4},
    )
    make_activity(
        session,
        title="Community meeting, East Kilbride",
        locality=EK,
        start_date=D(2025, 9, 10),
        attendance={"community_members": 20},
    )
    session.commit()


@dataclass
class Published:
    """Published cells by id, shares (percentage, base id, part id) and the sums a reader knows."""

    cells: dict[str, object] = field(default_factory=dict)
    shares: dict[str, tuple[object, str, str]] = field(default_factory=dict)
    lines: list[tuple[tuple[str, ...], str]] = field(default_factory=list)
    memo: dict = field(default_factory=dict, repr=False, compare=False)  # the attacker's reading

    def table(self, name: str, table: pd.DataFrame, *, margins: bool = True) -> None:
        """Add a table's cells and, with margins, its row and column sums."""
        if table.empty:
            return
        for row in table.index:
            for col in table.columns:
                self.cells[f"{name}|{row}|{col}"] = table.at[row, col]
        if not margins:
            return
        body_rows = [r for r in table.index if r != TOTAL]
        body_cols = [c for c in table.columns if c != TOTAL]
        for row in table.index:
            self.lines.append((tuple(f"{name}|{row}|{c}" for c in body_cols), f"{name}|{row}|{TOTAL}"))
        for col in table.columns:
            self.lines.append((tuple(f"{name}|{r}|{col}" for r in body_rows), f"{name}|{TOTAL}|{col}"))


def _overview(out: Published, session: Session, period: str, place: str) -> None:
    from ui.filters import quarters_between

    start, end = PERIODS[period]
    filters = ReviewFilter(start=start, end=end, localities=PLACES[place])
    buckets = quarters_between(start, end)
    data = compute_overview(
        session=session,
        filters=filters,
        buckets=buckets,
        previous=filters.with_period(*previous_period(start, end)),
    )
    shown = shown_overview(data, K, filters=filters, quarters=[b[0] for b in buckets])
    name = f"overview|{period}|{place}"
    for table in (
        "sentiment",
        "question_type",
        "quarter",
        "people",
        "themes_by_locality",
        "themes_by_sentiment",
    ):
        out.table(f"{name}|{table}", getattr(shown, table))
    out.table(f"{name}|themes_by_question_type", shown.themes_by_question_type)
    for question, table in shown.ratings.items():
        out.table(f"{name}|rating {question}", table)
    head = shown.headline
    for row in head.index:
        out.cells[f"{name}|headline|{row}|people"] = head.at[row, "People engaged"]
        out.cells[f"{name}|headline|{row}|comments"] = head.at[row, "Comments"]
        out.cells[f"{name}|headline|{row}|previous"] = head.at[row, "Comments, previous period"]
        for sentiment in ("positive", "neutral", "negative"):
            out.shares[f"{name}|headline|{row}|% {sentiment}"] = (
                head.at[row, f"% {sentiment}"],
                f"{name}|sentiment|{row}|{TOTAL}",
                f"{name}|sentiment|{row}|{sentiment}",
            )


def _statement_and_export(out: Published, session: Session, period: str) -> None:
    start, end = PERIODS[period]
    people = period_statement(session=session, start=start, end=end, k=K).summary.people
    name = f"statement|{period}"
    out.table(name, people.to_frame("people"), margins=False)
    groups = tuple(f"{name}|{label}|people" for label in STAKEHOLDER_GROUPS.values())
    out.lines.append((groups, f"{name}|{TOTAL}|people"))
    rows = activities_frame(session=session, filters=ReviewFilter(start=start, end=end), k=K)
    ids = []
    for title, value in zip(rows["title"], rows["people_engaged"], strict=True):
        ids.append(f"export|{period}|{title}|people")
        out.cells[ids[-1]] = value
    out.lines.append((tuple(ids), f"{name}|{TOTAL}|people"))  # every activity is one day long


def _you_said_we_did(out: Published, session: Session, period: str) -> None:
    start, end = PERIODS[period]
    for place in LOCALITIES:  # each locality and the area-wide document
        themes = gather(session=session, locality=place, start=start, end=end, k=K).themes
        table = themes.set_index("Theme")
        name = f"ysd|{period}|{place}"
        out.table(name, table, margins=False)
        for theme in table.index:
            members = tuple(f"{name}|{theme}|{c}" for c in ("Positive", "Neutral", "Negative"))
            out.lines.append((members, f"{name}|{theme}|Comments"))


def collect(session: Session) -> Published:
    """Every published figure for every period and place setting the pages offer."""
    out = Published()
    for period in PERIODS:
        for place in PLACES:
            _overview(out, session, period, place)
        _statement_and_export(out, session, period)
        _you_said_we_did(out, session, period)
    return out
