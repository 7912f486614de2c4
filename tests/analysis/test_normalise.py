"""Tests for analysis.normalise.clean_text."""

from __future__ import annotations

import unicodedata

import pytest

from analysis.normalise import clean_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, ""),
        ("", ""),
        ("   ", ""),
        ("\n\t \r\n", ""),
        ("  hello  ", "hello"),
        ("a\tb", "a b"),
        ("a   b", "a b"),
        ("line one\r\nline two", "line one\nline two"),
        ("line one\rline two", "line one\nline two"),
        ("a\n\n\n\n\nb", "a\n\nb"),
        ("a \n b", "a\nb"),
        ("bell\x07 and null\x00 gone", "bell and null gone"),
        ("esc\x1b[31mred", "esc[31mred"),
        ("zero\u200bwidth", "zerowidth"),
        ("\ufeffbom first", "bom first"),
        ("bidi \u202eevil\u202c text", "bidi evil text"),
        ("cafe\u0301", "café"),
        ("non\u00a0breaking", "non breaking"),
        ("para\u2029graph", "para\ngraph"),
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),
        ("😀 great 😀", "😀 great 😀"),
        ("Dziękuję bardzo", "Dziękuję bardzo"),
        ("شكرا جزيلا", "شكرا جزيلا"),
        ("بہت شکریہ", "بہت شکریہ"),
        (12345, "12345"),
    ],
)
def test_clean_text(text: object, expected: str) -> None:
    assert clean_text(text) == expected  # type: ignore[arg-type]


def test_clean_text_is_nfc_and_keeps_length_uncapped() -> None:
    long_text = "word " * 1000
    result = clean_text(long_text)
    assert len(result) == len(long_text) - 1
    assert unicodedata.is_normalized("NFC", clean_text("e\u0301" * 10))


def test_clean_text_survives_lone_surrogates_and_broken_str() -> None:
    class Broken:
        def __str__(self) -> str:
            raise RuntimeError("boom")

    assert clean_text("ok\ud800") == "ok"
    assert clean_text(Broken()) == ""  # type: ignore[arg-type]
