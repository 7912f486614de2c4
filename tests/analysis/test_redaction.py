"""Tests for analysis.redaction: the case table in data/redaction_cases.yaml and odd input."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from analysis.redaction import chi_is_valid, redact

CASES_PATH = Path(__file__).parent / "data" / "redaction_cases.yaml"
CASES: list[dict] = yaml.safe_load(CASES_PATH.read_text(encoding="utf-8"))


def _params() -> list[pytest.param]:
    """Turn each case into a pytest param; known gaps become strict xfails."""
    params = []
    for number, case in enumerate(CASES):
        marks = [pytest.mark.xfail(reason=case["gap"], strict=True)] if "gap" in case else []
        params.append(
            pytest.param(
                case["text"],
                case.get("expected", case["text"]),
                tuple(case.get("names", ())),
                marks=marks,
                id=f"case{number:03d}",
            )
        )
    return params


def test_case_table_is_big_enough() -> None:
    untouched = [case for case in CASES if "expected" not in case]
    assert len(CASES) >= 150
    assert len(untouched) >= 40


@pytest.mark.parametrize(("text", "expected", "names"), _params())
def test_redact_case_table(text: str, expected: str, names: tuple[str, ...]) -> None:
    assert redact(text, names=names) == expected


@pytest.mark.parametrize(
    ("case",),
    [(case,) for case in CASES if case.get("ids") and "gap" not in case],
)
def test_identifiers_are_gone(case: dict) -> None:
    result = redact(case["text"], names=case.get("names", ()))
    for identifier in case["ids"]:
        assert identifier not in result


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        ("1203851006", True),
        ("0101901003", True),
        ("2507721006", True),
        ("1203851234", False),
        ("3202851006", False),  # 32nd day
        ("1213851006", False),  # 13th month
        ("12038510", False),
        ("abcdefghij", False),
    ],
)
def test_chi_is_valid(digits: str, valid: bool) -> None:
    assert chi_is_valid(digits) is valid


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\n\t",
        "😀" * 50,
        "word " * 400,
        "a" * 2000,
        "7" * 2000,
        "<script>alert(1)</script><img src=x onerror=alert(2)>",
        "Dzień dobry, nazywam się Anna",
        "مرحبا",
        "\x00\x07 odd",
        "[NAME] [PHONE] already masked",
    ],
)
def test_bad_input_never_raises_and_returns_text(text: str) -> None:
    result = redact(text)
    assert isinstance(result, str)
    assert "<script>" not in text or "<script>" in result


def test_redact_none_gives_empty_string() -> None:
    assert redact(None) == ""  # type: ignore[arg-type]


def test_placeholders_are_not_masked_again() -> None:
    assert redact("[NAME] [PHONE] [REF]") == "[NAME] [PHONE] [REF]"


def test_known_names_are_masked_case_insensitively() -> None:
    assert redact("zbigniew was kind", names=["Zbigniew"]) == "[NAME] was kind"
