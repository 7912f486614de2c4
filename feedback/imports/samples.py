"""Known import files for "Your View Counts" as other tools export them (tests, benchmarks, demo)."""

from __future__ import annotations

import random

import pandas as pd

from feedback.demo import demo_texts

# Microsoft Forms style: question wording as headings, labels as cells, ';'-joined multiple choices.
FORMS_HEADINGS = {
    "ID": "@response_id",
    "Completion time": "@date",
    "Area": "@locality",
    "I agree to take part": "@consent",
    "Which of these best describes you?": "stakeholder_group",
    "Overall, how good was the service you had?": "overall",
    "What worked well for you?": "worked_well",
    "What could be better?": "could_be_better",
    "Did the service help you with any of these?": "helped_with",
    "Is there anything else you want to tell us?": "anything_else",
    "May we quote you?": "@quote_permission",
}
GROUPS = (
    "I have a conviction or I am on an order",
    "I am a family member of someone with a conviction",
    "Prefer not to say",
    "",
)
RATINGS = (
    "Very good",
    "Good",
    "Neither good nor poor",
    "Poor",
    "Very poor",
    "Don't know",
)  # never blank: no empty rows
HELPED = ("A place to live", "Money or benefits", "Work, training or college", "Drink or drugs")
AREAS = ("Hamilton", "Clydesdale", "East Kilbride/Strathaven", "")
ENDINGS = ("", "", " Thanks.", " Cheers.", " That's all.", " Honestly.", " Every time.", " Please.")


def _text(rng: random.Random, pool: list[str], blank_share: float) -> str:
    if rng.random() < blank_share:
        return ""
    return rng.choice(pool) + rng.choice(ENDINGS)


def forms_export(rows: int, *, seed: int = 1, blank_share: float = 0.3) -> pd.DataFrame:
    """A Microsoft Forms-like export of made-up responses (every row valid), with demo comment texts."""
    rng = random.Random(seed)
    texts = demo_texts()
    frame = {
        "ID": [str(i + 1) for i in range(rows)],
        "Completion time": [
            f"{rng.randint(1, 28):02d}/{rng.randint(1, 9):02d}/2026 10:{i % 60:02d}" for i in range(rows)
        ],
        "Area": [rng.choice(AREAS) for _ in range(rows)],
        "I agree to take part": ["Yes"] * rows,
        "Which of these best describes you?": [rng.choice(GROUPS) for _ in range(rows)],
        "Overall, how good was the service you had?": [rng.choice(RATINGS) for _ in range(rows)],
        "What worked well for you?": [_text(rng, texts["working_well"], blank_share) for _ in range(rows)],
        "What could be better?": [_text(rng, texts["could_improve"], blank_share) for _ in range(rows)],
        "Did the service help you with any of these?": [
            ";".join(rng.sample(HELPED, rng.randint(0, 2))) for _ in range(rows)
        ],
        "Is there anything else you want to tell us?": [
            _text(rng, texts["general"], 0.7) for _ in range(rows)
        ],
        "May we quote you?": [rng.choice(("Yes", "No", "")) for _ in range(rows)],
    }
    return pd.DataFrame(frame)
