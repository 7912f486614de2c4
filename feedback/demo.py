"""Demo and benchmark data: activities, cards and kiosk answers made through the real services."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analysis.params import (
    ACTIVITY_KINDS,
    LOCALITIES,
    NATIONAL_STANDARDS,
    QUESTION_TYPES,
    STAKEHOLDER_GROUPS,
)
from feedback.access import SYSTEM
from feedback.capture.activities import create_activity
from feedback.capture.responses import SurveyResponse, save_survey_response
from feedback.capture.submissions import save_card
from feedback.capture.surveys import parse_definition
from feedback.fixtures import card, make_user
from feedback.models import Activity, Partner, Submission, Survey, Theme, User
from feedback.review.actions import ActionInput, create_action
from feedback.settings import DATA_DIR
from feedback.validation import ActivityInput

DEMO_PREFIX = "[Demo] "
DEMO_USERS = (  # username, display name, role, locality, PIN: demo only, documented in README
    ("admin", "Demo admin", "admin", None, "partnership-demo"),
    ("staff", "Demo staff member", "staff", None, "111333"),
    ("lead.hamilton", "Demo Hamilton lead", "locality_lead", "hamilton_blantyre_larkhall", "222444"),
    ("reviewer", "Demo partnership reviewer", "reviewer", None, "333555"),
)
KIND_TITLES = {
    "listen_event": "LISTEN event",
    "womens_hub_visit": "Women's hub visit",
    "survey_session": "Your View Counts survey session",
    "partner_consultation": "Partner consultation",
    "community_event": "Community event",
}


class DatabaseNotEmptyError(RuntimeError):
    """Demo data is only loaded into an empty database."""


@dataclass(frozen=True)
class DemoSize:
    """How much to make."""

    activities_per_locality: int = 3
    cards_per_activity: tuple[int, int] = (8, 14)
    responses_per_survey_session: tuple[int, int] = (6, 10)


def is_empty(session: Session) -> bool:
    """True when no activity or submission is stored yet."""
    activities = session.scalar(select(func.count()).select_from(Activity)) or 0
    submissions = session.scalar(select(func.count()).select_from(Submission)) or 0
    return activities == 0 and submissions == 0


def demo_texts() -> dict:
    """The demo texts (data/demo_texts.yaml): comments by question type, venues, outcomes."""
    return yaml.safe_load((DATA_DIR / "demo_texts.yaml").read_text(encoding="utf-8"))


def _activity_input(
    rng: random.Random, locality: str, kind: str, day: dt.date, partners: list[Partner], texts: dict
) -> ActivityInput:
    present = rng.sample(partners, k=min(len(partners), rng.randint(3, 7)))
    attendance = {
        g: rng.choice([0, 2, 4, 6, 9, 12, 15, 25]) for g in STAKEHOLDER_GROUPS if rng.random() < 0.6
    }
    return ActivityInput(
        kind=kind,
        title=f"{DEMO_PREFIX}{KIND_TITLES[kind]}, {LOCALITIES[locality]}",
        locality=locality,
        start_date=day,
        venue=rng.choice(texts["venues"][locality]),
        lead_partner_id=present[0].id,
        partner_ids=tuple(p.id for p in present),
        attendance=attendance,
        standards=tuple(rng.sample(NATIONAL_STANDARDS, k=3)),
        notes="Demo activity made by the demo data generator.",
        outcomes=rng.choice(texts["outcomes"]),
    )


def _cards(
    session: Session, rng: random.Random, activity: Activity, count: int, texts: dict, user_id: int
) -> None:
    for _ in range(count):
        question_type = rng.choice(QUESTION_TYPES)
        group = rng.choice(list(STAKEHOLDER_GROUPS))
        data = card(
            activity.id,
            submission_id=str(uuid.UUID(int=rng.getrandbits(128))),
            question_type=question_type,
            text=rng.choice(texts[question_type]),
            stakeholder_group=group,
            quote_permission=rng.random() < 0.5,
        )
        stored = save_card(session=session, card=data, user_id=user_id)
        stored.is_demo = True
        stored.created_at = dt.datetime.combine(activity.start_date, dt.time(11), dt.UTC)


def _responses(
    session: Session, rng: random.Random, activity: Activity, survey: Survey, count: int, texts: dict
) -> None:
    definition = parse_definition(survey.definition, source=survey.key)
    for _ in range(count):
        answers: dict[str, object] = {}
        for question in definition.questions:
            if not question.is_input or rng.random() < 0.2:
                continue  # people skip questions
            names = [c.name for c in question.choices]
            if question.kind == "text":
                answers[question.name] = rng.choice(texts[question.comment_type])
            elif question.kind == "select_multiple":
                answers[question.name] = rng.sample(names, k=rng.randint(1, 2))
            else:
                answers[question.name] = rng.choice(names)
        response = SurveyResponse(
            submission_id=str(uuid.UUID(int=rng.getrandbits(128))),
            survey_id=survey.id,
            locality=activity.locality,
            answers=answers,
            activity_id=activity.id,
            quote_permission=rng.random() < 0.4,
        )
        stored = save_survey_response(session=session, response=response)
        stored.is_demo = True
        stored.created_at = dt.datetime.combine(activity.start_date, dt.time(14), dt.UTC)


DEMO_ACTIONS = (
    (
        "housing",
        "People leaving prison told us they did not know where they would sleep on the first night.",
        "Housing Options will meet everyone due for release 12 weeks before, at the prison.",
        "in_progress",
    ),
    (
        "access",
        "People said the phone line was hard to get through on.",
        "Add a call-back option and publish the direct number on appointment letters.",
        "done",
    ),
    (
        "information",
        "People said letters were hard to understand.",
        "Rewrite the appointment letters in plain English with people who use the service.",
        "planned",
    ),
    (
        "unpaid_work",
        "People said unpaid work placements clashed with their job.",
        "Offer evening and weekend placements in each locality.",
        "not_taken_forward",
    ),
)


def seed_demo_actions(session: Session, rng: random.Random, *, today: dt.date | None = None) -> int:
    """Add a few demo actions per locality (one overdue); return how many."""
    today = today or dt.date.today()
    partners = list(session.scalars(select(Partner.id).order_by(Partner.id)))
    themes = set(session.scalars(select(Theme.id)))
    made = 0
    for locality in LOCALITIES:
        for theme_id, heard, will_do, status in rng.sample(DEMO_ACTIONS, k=2):
            due = today + dt.timedelta(days=rng.randint(-60, 120))
            data = ActionInput(
                heard=heard,
                will_do=will_do,
                locality=locality,
                theme_id=theme_id if theme_id in themes else None,
                owner_partner_id=rng.choice(partners) if partners else None,
                due_date=due,
                status=status,
                status_reason="The partnership agreed to look again next year."
                if status == "not_taken_forward"
                else "",
                we_did="We did it: see the partnership newsletter." if status == "done" else "",
            )
            create_action(session=session, data=data, viewer=SYSTEM, is_demo=True)
            made += 1
    return made


def ensure_demo_users(session: Session) -> int:
    """Create the demo accounts that do not exist yet; return the admin's id."""
    for username, name, role, locality, pin in DEMO_USERS:
        if session.scalar(select(User).where(User.username == username)) is None:
            make_user(session, username=username, role=role, pin=pin, locality=locality).display_name = name
    return session.scalar(select(User.id).where(User.username == "staff"))


def load_demo(
    *, session: Session, seed: int = 2026, size: DemoSize = DemoSize(), today: dt.date | None = None
) -> dict[str, int]:
    """Fill an EMPTY database with demo activities, cards and kiosk answers; return counts."""
    if not is_empty(session):
        raise DatabaseNotEmptyError(
            "The database already holds activities or feedback; demo data is "
            "only loaded into an empty database."
        )
    rng = random.Random(seed)
    texts = demo_texts()
    today = today or dt.date.today()
    staff_id = ensure_demo_users(session)
    partners = list(session.scalars(select(Partner).order_by(Partner.id)))
    surveys = {s.key: s for s in session.scalars(select(Survey).where(Survey.active.is_(True)))}
    kinds = [k for k in ACTIVITY_KINDS if k in KIND_TITLES]
    counts = {"activities": 0, "cards": 0, "responses": 0}
    for locality in LOCALITIES:
        for i in range(size.activities_per_locality):
            kind = kinds[(i + len(locality)) % len(kinds)]
            day = today - dt.timedelta(days=rng.randint(7, 540))
            activity = create_activity(
                session=session,
                data=_activity_input(rng, locality, kind, day, partners, texts),
                user_id=staff_id,
            )
            activity.is_demo = True
            counts["activities"] += 1
            n_cards = rng.randint(*size.cards_per_activity)
            _cards(session, rng, activity, n_cards, texts, staff_id)
            counts["cards"] += n_cards
            survey_key = "womens_hub_checkin" if kind == "womens_hub_visit" else "your_view_counts"
            if kind in ("survey_session", "womens_hub_visit") and survey_key in surveys:
                n = rng.randint(*size.responses_per_survey_session)
                _responses(session, rng, activity, surveys[survey_key], n, texts)
                counts["responses"] += n
    session.flush()
    counts["actions"] = seed_demo_actions(session, rng, today=today)
    return counts
