"""'You said, we did': what people told us in a locality, and what the partnership did about it.

Inputs:

* themes: one row per theme with columns ``theme`` (label), ``positive``, ``neutral``,
  ``negative`` (comment counts by sentiment) and optionally ``count`` (must equal their sum).
* quotes: (text, theme) pairs, or mappings with ``text`` and ``theme``. They must already be
  redacted, permitted to quote and approved by a person (design section 7); this module does
  not check that.
* actions: one row per action with columns ``heard`` (what we heard), ``will_do``,
  ``owner_partner``, ``due_date``, ``status`` (key of params.ACTION_STATUSES), ``reason`` (why
  not taken forward) and ``we_did_text`` (the public "we did" wording); all but ``heard`` and
  ``status`` may be missing.

Comment counts pass the disclosure layer (analysis.disclosure); action counts are not about
people and are not.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from analysis.disclosure import protection_sentence, publish_series
from analysis.docx_export import add_table, document_bytes, new_document
from analysis.exports import frame_to_markdown, neutralise_cell
from analysis.params import ACTION_STATUSES
from analysis.periods import as_date, format_date, format_period
from analysis.suppression import SUPPRESSED, TOTAL, clamp_k

SENTIMENT_COLUMNS: tuple[str, ...] = ("positive", "neutral", "negative")
THEME_HEADERS: tuple[str, ...] = ("Theme", "Comments", "Positive", "Neutral", "Negative")
ACTION_HEADERS: tuple[str, ...] = ("You said", "We will / we did", "Who", "When", "Status")
ACTION_REQUIRED: tuple[str, ...] = ("heard", "status")
STATUS_ORDER: tuple[str, ...] = ("done", "in_progress", "planned", "not_taken_forward")


@dataclass(frozen=True)
class Quote:
    """One approved, redacted quote and the theme it illustrates."""

    text: str
    theme: str


@dataclass(frozen=True)
class ActionItem:
    """One action as published: what we heard and what was done or will be done."""

    you_said: str
    response: str
    owner: str
    when: str
    status: str


@dataclass(frozen=True)
class YouSaidWeDid:
    """The 'you said, we did' summary for one locality and period."""

    locality: str
    start: date
    end: date
    k: int
    themes: pd.DataFrame
    quotes: tuple[Quote, ...]
    actions: tuple[ActionItem, ...]

    @property
    def title(self) -> str:
        """Return the document title."""
        return f"You said, we did: {self.locality}"

    @property
    def period_text(self) -> str:
        """Return the period in words."""
        return format_period(self.start, self.end)


def build_you_said_we_did(
    themes: pd.DataFrame,
    quotes: Iterable[tuple[str, str] | Mapping[str, str] | Quote],
    actions: pd.DataFrame,
    *,
    locality: str,
    start: date,
    end: date,
    k: int | None = None,
    top: int | None = None,
) -> YouSaidWeDid:
    """Build the summary.

    Args:
        themes: comment counts by theme and sentiment (module docstring).
        quotes: approved redacted quotes.
        actions: the locality's actions (module docstring).
        locality: the locality's label, e.g. "Clydesdale".
        start: first day of the period.
        end: last day of the period.
        k: suppression threshold (clamped).
        top: keep only this many themes, most comments first.

    Returns:
        The themes table (columns ``THEME_HEADERS``, suppressed), quotes and actions in order.
    """
    kk = clamp_k(k)
    return YouSaidWeDid(
        locality=locality,
        start=start,
        end=end,
        k=kk,
        themes=_themes_table(themes, kk, top),
        quotes=tuple(_quotes(quotes)),
        actions=tuple(_actions(actions)),
    )


def actions_frame(y: YouSaidWeDid) -> pd.DataFrame:
    """Return the actions as a table with columns ``ACTION_HEADERS``."""
    rows = [(a.you_said, a.response, a.owner, a.when, a.status) for a in y.actions]
    return pd.DataFrame(rows, columns=list(ACTION_HEADERS), dtype=object)


def you_said_we_did_to_markdown(y: YouSaidWeDid) -> str:
    """Return the summary as Markdown."""
    parts = [f"# {_md(y.title)}", "", f"Period: {y.period_text}", "", "## What you told us", ""]
    if y.themes.empty:
        parts += ["No comments were recorded in this period.", ""]
    else:
        parts += [frame_to_markdown(y.themes), f"_{protection_sentence(y.k)}_", ""]
    if y.quotes:
        parts += ["## In your words", ""]
        parts += [f"> “{_md(q.text)}” ({_md(q.theme)})\n" for q in y.quotes]
    parts += ["## What we are doing", ""]
    if y.actions:
        parts.append(frame_to_markdown(actions_frame(y)))
    else:
        parts += ["No actions have been agreed yet.", ""]
    return "\n".join(parts).rstrip("\n") + "\n"


def you_said_we_did_to_docx_bytes(y: YouSaidWeDid) -> bytes:
    """Return the summary as a Word document with real tables."""
    doc = new_document(landscape=False)
    doc.add_heading(str(neutralise_cell(y.title)), level=1)
    doc.add_paragraph(f"Period: {y.period_text}")
    doc.add_heading("What you told us", level=2)
    if y.themes.empty:
        doc.add_paragraph("No comments were recorded in this period.")
    else:
        add_table(doc, THEME_HEADERS, y.themes.values.tolist())
        doc.add_paragraph().add_run(protection_sentence(y.k)).italic = True
    if y.quotes:
        doc.add_heading("In your words", level=2)
        for q in y.quotes:
            paragraph = doc.add_paragraph()
            paragraph.add_run(f"“{neutralise_cell(q.text)}”").italic = True
            paragraph.add_run(f" ({neutralise_cell(q.theme)})")
    doc.add_heading("What we are doing", level=2)
    if y.actions:
        add_table(doc, ACTION_HEADERS, actions_frame(y).values.tolist())
    else:
        doc.add_paragraph("No actions have been agreed yet.")
    return document_bytes(doc)


def _themes_table(themes: pd.DataFrame, k: int, top: int | None) -> pd.DataFrame:
    """Return themes by published comments (most first), with ``THEME_HEADERS`` columns."""
    missing = [c for c in ("theme", *SENTIMENT_COLUMNS) if c not in themes.columns]
    if missing:
        raise ValueError(f"themes frame is missing columns: {', '.join(missing)}")
    counts = themes.set_index("theme")[list(SENTIMENT_COLUMNS)].fillna(0).astype("int64")
    total = counts.sum(axis=1)
    if "count" in themes.columns and (themes["count"].fillna(0).to_numpy() != total.to_numpy()).any():
        raise ValueError("themes: count must equal positive + neutral + negative")
    key_columns = [f"{c}_key" for c in SENTIMENT_COLUMNS]
    keys = (
        themes.set_index("theme")[key_columns]
        .fillna(0)
        .astype("int64")
        .set_axis(list(SENTIMENT_COLUMNS), axis=1)
        if all(c in themes.columns for c in key_columns)
        else counts * 0
    )
    # Only themes whose published total is a number, ordered by what is published, so neither a
    # row's presence nor its place says anything about a hidden count.
    rows = [[theme, *_row_shown(counts.loc[theme], keys.loc[theme], k)] for theme in counts.index]
    rows = sorted((r for r in rows if r[1] != SUPPRESSED), key=lambda r: (-r[1], str(r[0])))
    rows = rows[:top] if top is not None else rows
    return pd.DataFrame(rows, columns=list(THEME_HEADERS), dtype=object)


def _row_shown(row: pd.Series, keys: pd.Series, k: int) -> list[object]:
    """Return [total, positive, neutral, negative] as published for one theme (cell keys)."""
    shown = publish_series(row, keys, k=k, total=True)
    return [shown[TOTAL], *(shown[c] for c in SENTIMENT_COLUMNS)]


def _quotes(quotes: Iterable[tuple[str, str] | Mapping[str, str] | Quote]) -> list[Quote]:
    """Return the quotes as Quote objects, empty and repeated ones left out."""
    out: list[Quote] = []
    for item in quotes:
        if isinstance(item, Quote):
            quote = item
        elif isinstance(item, Mapping):
            quote = Quote(_text(item.get("text")), _text(item.get("theme")))
        else:
            text, theme = item
            quote = Quote(_text(text), _text(theme))
        if quote.text and quote not in out:
            out.append(quote)
    return out


def _actions(actions: pd.DataFrame) -> list[ActionItem]:
    """Return the actions in status order (done first), then by due date."""
    missing = [c for c in ACTION_REQUIRED if c not in actions.columns]
    if missing:
        raise ValueError(f"actions frame is missing columns: {', '.join(missing)}")
    items = []
    for raw in actions.to_dict("records"):
        status = _text(raw.get("status"))
        if status not in ACTION_STATUSES:
            raise ValueError(f"unknown action status: {status!r}")
        due = as_date(raw.get("due_date"))
        items.append((STATUS_ORDER.index(status), due or date.max, _item(raw, status, due)))
    items.sort(key=lambda t: (t[0], t[1]))
    return [item for _, _, item in items]


def _item(raw: Mapping[str, object], status: str, due: date | None) -> ActionItem:
    """Return one published action; the response depends on its status."""
    will_do, did = _text(raw.get("will_do")), _text(raw.get("we_did_text"))
    if status == "done":
        response = f"We did: {did or will_do}"
    elif status == "not_taken_forward":
        reason = _text(raw.get("reason"))
        response = f"Not taken forward: {reason}" if reason else "Not taken forward."
    else:
        response = f"We will: {will_do}" + (f"\nSo far: {did}" if did else "")
    return ActionItem(
        you_said=_text(raw.get("heard")),
        response=response,
        owner=_text(raw.get("owner_partner")),
        when=format_date(due) if due else "",
        status=ACTION_STATUSES[status],
    )


def _text(value: object) -> str:
    """Return a stripped string; None and NaN give an empty string."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).strip()


def _md(value: str) -> str:
    """Return neutralised text for a Markdown line."""
    return str(neutralise_cell(value)).replace("\r", "").replace("\n", " ")
