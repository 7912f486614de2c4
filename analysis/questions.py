"""Map a question's free wording (or a type name in either vocabulary) to one of our four types."""

from __future__ import annotations

import re

from analysis.params import (
    COULD_IMPROVE,
    DATASET_QUESTION_TYPES,
    GENERAL,
    IDEA,
    QUESTION_TYPES,
    TO_DATASET_QUESTION_TYPE,
    WORKING_WELL,
)

# The training data's vocabulary, mapped back onto ours.
FROM_DATASET_QUESTION_TYPE: dict[str, str] = {
    "what_good": WORKING_WELL,
    "could_improve": COULD_IMPROVE,
    "nonspecific": GENERAL,
}

_MIXED = re.compile(r"\b(satisfied and/?or dissatisfied|good (and|or) bad|likes? and dislikes?)\b")
_IMPROVE = re.compile(
    r"\b(improve\w*|better|change\w*|different(ly)?|wrong|worse|less well|dislike\w*|"
    r"didn'?t (go|work)|did not (go|work)|not (go|work)\w* well|fix|problems?|difficult\w*)\b"
)
_IDEA = re.compile(r"\b(ideas?|suggest\w*|recommend\w*|wish\w*|would you like|future)\b")
_GOOD = re.compile(
    r"\b(good|well|best|like[ds]?|enjoy\w*|help(ed|ful)?|positive|valu\w*|great|"
    r"satisf\w*|happy|pleased|useful)\b"
)


def _normalise(question: str) -> str:
    """Lower-case, turn separators into spaces and squeeze whitespace."""
    return " ".join(question.lower().replace("_", " ").replace("-", " ").split())


def question_type_for(question: str | None) -> str:
    """Return our question type (working_well, could_improve, idea, general) for any wording.

    Args:
        question: the question as asked, a type name of ours, a training-data type name
            (what_good, could_improve, nonspecific), empty or None.

    Returns:
        One of analysis.params.QUESTION_TYPES; "general" when nothing specific is recognised.
    """
    raw = (question or "").strip()
    key = raw.lower()
    if key in QUESTION_TYPES:
        return key
    if key in FROM_DATASET_QUESTION_TYPE:
        return FROM_DATASET_QUESTION_TYPE[key]
    text = _normalise(raw)
    if not text or _MIXED.search(text):
        return GENERAL
    if _IMPROVE.search(text):
        return COULD_IMPROVE
    if _IDEA.search(text):
        return IDEA
    if _GOOD.search(text):
        return WORKING_WELL
    return GENERAL


def dataset_question_type(question: str | None) -> str:
    """Return the training data's question type (what_good, could_improve, nonspecific)."""
    key = (question or "").strip().lower()
    if key in DATASET_QUESTION_TYPES:
        return key
    return TO_DATASET_QUESTION_TYPE[question_type_for(question)]
