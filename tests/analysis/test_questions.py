"""Tests for analysis.questions: free question wording -> question type."""

from __future__ import annotations

import pytest

from analysis.params import DATASET_QUESTION_TYPES, QUESTION_TYPES
from analysis.questions import dataset_question_type, question_type_for


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What was good?", "working_well"),
        ("What worked well?", "working_well"),
        ("What has worked well for you?", "working_well"),
        ("What did you like about the hub?", "working_well"),
        ("What helped you most?", "working_well"),
        ("How could we improve?", "could_improve"),
        ("What could we do better?", "could_improve"),
        ("What didn't work well?", "could_improve"),
        ("What did not go well?", "could_improve"),
        ("What would you change?", "could_improve"),
        ("Do you have any suggestions to improve the service?", "could_improve"),
        ("Any ideas?", "idea"),
        ("Do you have ideas for new groups?", "idea"),
        ("What would you suggest?", "idea"),
        ("FFT Why?", "general"),
        ("Anything else?", "general"),
        ("Anything else you want to tell us?", "general"),
        ("Please describe any things that you were satisfied and/or dissatisfied with", "general"),
        ("", "general"),
        ("   ", "general"),
        (None, "general"),
        ("working_well", "working_well"),
        ("could_improve", "could_improve"),
        ("idea", "idea"),
        ("general", "general"),
        ("GENERAL", "general"),
        ("what_good", "working_well"),
        ("nonspecific", "general"),
        (" What_Good ", "working_well"),
    ],
)
def test_question_type_for(question: str | None, expected: str) -> None:
    assert question_type_for(question) == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("working_well", "what_good"),
        ("could_improve", "could_improve"),
        ("idea", "could_improve"),
        ("general", "nonspecific"),
        ("what_good", "what_good"),
        ("nonspecific", "nonspecific"),
        ("What worked well?", "what_good"),
        ("How could we improve?", "could_improve"),
        ("FFT Why?", "nonspecific"),
        ("", "nonspecific"),
        (None, "nonspecific"),
    ],
)
def test_dataset_question_type(question: str | None, expected: str) -> None:
    assert dataset_question_type(question) == expected


@pytest.mark.parametrize("question", ["What was good?", "How could we improve?", "Any ideas?", "x"])
def test_results_are_always_known_types(question: str) -> None:
    assert question_type_for(question) in QUESTION_TYPES
    assert dataset_question_type(question) in DATASET_QUESTION_TYPES
