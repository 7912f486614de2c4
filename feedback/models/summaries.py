"""Pre-aggregated counts for the dashboards (design section 5) and the data version caches key on.

Every summary table ("cube") counts the records of one source (comments, theme mentions, rating
answers) by a period and some dimensions, with the sum of the records' cell keys
(analysis.disclosure), so a count read from a cube publishes exactly as the same count made from
the raw rows. Full cubes keep every dimension the review filters use, by day; lean cubes keep only
what the unfiltered overview needs, by day and by month, so a long period reads a few thousand
rows whatever the number of comments. feedback.summaries keeps them exact.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import BigInteger, Boolean, Column, Date, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column

from feedback.models.base import Base

DIMENSION_TYPES = {
    "locality": String(40),
    "kind": String(30),  # the activity's kind; "" without an activity
    "channel": String(20),
    "stakeholder_group": String(40),
    "survey_id": Integer(),  # 0 without a survey
    "question_type": String(20),
    "sentiment": String(10),  # as reported: a person's correction wins
    "flagged": Boolean(),  # safeguarding flag (left out of every published summary)
    "theme_id": String(40),
    "question": String(60),
    "choice": String(400),  # "" for no choice
}
SOURCE_DIMENSIONS = {
    "comment": (
        "locality",
        "kind",
        "channel",
        "stakeholder_group",
        "survey_id",
        "question_type",
        "sentiment",
        "flagged",
    ),
    "theme": (
        "locality",
        "kind",
        "channel",
        "stakeholder_group",
        "survey_id",
        "question_type",
        "sentiment",
        "flagged",
        "theme_id",
    ),
    "answer": ("locality", "kind", "channel", "stakeholder_group", "survey_id", "question", "choice"),
}
LEAN_DIMENSIONS = {
    "comment": ("locality", "question_type", "sentiment", "flagged"),
    "theme": ("locality", "question_type", "sentiment", "flagged", "theme_id"),
    "answer": ("locality", "channel", "question", "choice"),
}


@dataclass(frozen=True)
class Cube:
    """One summary table: a source counted by period (day or month start) and dimensions."""

    name: str
    source: str
    dimensions: tuple[str, ...]
    grain: str

    @property
    def table(self) -> Table:
        """The table of this cube."""
        return Base.metadata.tables[self.name]


CUBES: tuple[Cube, ...] = (
    *(Cube(f"summary_{s}_day", s, SOURCE_DIMENSIONS[s], "day") for s in SOURCE_DIMENSIONS),
    *(Cube(f"summary_{s}_lean_day", s, LEAN_DIMENSIONS[s], "day") for s in LEAN_DIMENSIONS),
    *(Cube(f"summary_{s}_lean_month", s, LEAN_DIMENSIONS[s], "month") for s in LEAN_DIMENSIONS),
)


def cube_table(name: str) -> Table:
    """The table of the cube with this name."""
    return next(c.table for c in CUBES if c.name == name)


def cube_columns(cube: Cube) -> list[Column]:
    """The columns of a cube's table: period and dimensions (the key), records and key sum."""
    return [
        Column("period", Date(), primary_key=True),
        *(Column(d, DIMENSION_TYPES[d], primary_key=True) for d in cube.dimensions),
        Column("records", Integer(), nullable=False),
        Column("key_sum", BigInteger(), nullable=False),
    ]


for _cube in CUBES:
    Table(_cube.name, Base.metadata, *cube_columns(_cube))


class DataVersion(Base):
    """One row whose version every write to reported data bumps in its own transaction."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)
