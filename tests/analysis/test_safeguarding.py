"""Tests for analysis.safeguarding: the case table in data/safeguarding_cases.yaml and odd input."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from analysis.safeguarding import CATEGORIES, is_safeguarding, safeguarding_reasons

CASES_PATH = Path(__file__).parent / "data" / "safeguarding_cases.yaml"
CASES: list[dict] = yaml.safe_load(CASES_PATH.read_text(encoding="utf-8"))


def _params() -> list[pytest.param]:
    """One param per case; known gaps become strict xfails."""
    return [
        pytest.param(
            case["text"],
            bool(case["flag"]),
            tuple(case["reasons"]),
            marks=[pytest.mark.xfail(reason=case["gap"], strict=True)] if "gap" in case else [],
            id=f"case{number:03d}",
        )
        for number, case in enumerate(CASES)
    ]


def test_case_table_covers_both_directions() -> None:
    flagged = [case for case in CASES if case["flag"]]
    assert len(CASES) >= 60
    assert len(flagged) >= 25
    assert len(CASES) - len(flagged) >= 25


@pytest.mark.parametrize(("text", "flag", "reasons"), _params())
def test_safeguarding_case_table(text: str, flag: bool, reasons: tuple[str, ...]) -> None:
    assert is_safeguarding(text) is flag
    assert tuple(safeguarding_reasons(text)) == reasons


@pytest.mark.parametrize(
    "text",
    [None, "", "   ", "\x00\x01", "😀" * 100, "kill " * 400, "a" * 2000, "<b>hi</b>", "مرحبا"],
)
def test_bad_input_never_raises(text: str) -> None:
    reasons = safeguarding_reasons(text)
    assert set(reasons) <= set(CATEGORIES)
    assert is_safeguarding(text) is bool(reasons)


def test_reasons_follow_category_order() -> None:
    reasons = safeguarding_reasons("He batters me and I want to die")
    assert reasons == [category for category in CATEGORIES if category in reasons]
    assert reasons == ["suicide", "abuse"]
