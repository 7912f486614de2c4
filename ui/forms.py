"""Form plumbing shared by the capture pages: run a save, read safely, reset widget keys."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from feedback.db import write
from feedback.validation import ValidationError
from ui.components import show_database_error
from ui.state import session_factory

T = TypeVar("T")


@dataclass
class Outcome(Generic[T]):
    """What a save did: its value, the field errors, or a database failure."""

    value: T | None = None
    errors: dict[str, str] = field(default_factory=dict)
    database_failed: bool = False

    @property
    def ok(self) -> bool:
        """True when the save went through."""
        return not self.errors and not self.database_failed


def attempt(what: str, action: Callable[[Session], T]) -> Outcome[T]:
    """Run a write in one transaction (retried once if the database was busy); problems become an Outcome.

    Args:
        what: the plain words for the job, used in the database message ("save the card").
        action: the work, given a session inside the transaction.

    Returns:
        The outcome; a database failure has already been shown at the current place on the page.
    """
    return submit(what, lambda factory: write(factory, action))


def submit(what: str, action: Callable[[sessionmaker[Session]], T]) -> Outcome[T]:
    """Run a service that opens its own sessions (e.g. analyse, then write); problems become an Outcome."""
    try:
        return Outcome(value=action(session_factory()))
    except ValidationError as exc:
        return Outcome(errors=exc.errors)
    except SQLAlchemyError:
        show_database_error(what)
        return Outcome(database_failed=True)


def load(what: str, action: Callable[[Session], T]) -> T:
    """Read through feedback/; on a database failure show a plain message and stop the page."""
    try:
        with session_factory()() as session:
            return action(session)
    except SQLAlchemyError:
        show_database_error(what)
        st.stop()
        raise  # unreachable: st.stop() ends the script run


def forget(keys: Iterable[str]) -> None:
    """Remove widget values from the session so the widgets start empty on the next run."""
    for key in list(keys):
        st.session_state.pop(key, None)


def take_flag(key: str) -> bool:
    """Read and clear a one-shot flag set before a rerun."""
    return bool(st.session_state.pop(key, False))


def short_date(day: dt.date | None) -> str:
    """A date as staff read it: 5 Mar 2026."""
    return day.strftime("%-d %b %Y") if day else ""


def card_keys(submission_id: str) -> dict[str, str]:
    """The widget keys of the feedback-card form shown with this submission id.

    The id is part of every key, so a stale second tap on a saved card's form finds no widget.
    """
    return {
        name: f"card_{name}_{submission_id}" for name in ("form", "type", "text", "group", "quote", "save")
    }
