"""Tests for analysis.pipeline: the one per-comment analysis path."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from analysis.params import SENTIMENTS
from analysis.pipeline import Analyser, CommentAnalysis
from analysis.sentiment import load_sentiment_model
from analysis.themes import codebook_from_records

RECORDS = [
    {"id": "housing", "name": "Housing", "phrases": ["flat", "homeless"]},
    {"id": "staff", "name": "Staff", "phrases": ["worker", "staff"]},
    {"id": "money", "name": "Money", "phrases": ["benefits"]},
]


@pytest.fixture(scope="module")
def analyser() -> Analyser:
    return Analyser(model=load_sentiment_model(), codebook=codebook_from_records(RECORDS))


@pytest.mark.parametrize(
    ("text", "question_type", "sentiment", "themes"),
    [
        ("My worker was brilliant and so kind", "working_well", "positive", ("staff",)),
        ("Nothing", "could_improve", "positive", ()),
        ("Nothing", "What worked well?", "negative", ()),
        ("Staff were rude and I ended up homeless", "general", "negative", ("housing", "staff")),
        ("Help with my benefits was excellent", "what_good", "positive", ("money",)),
    ],
)
def test_analyse_labels_and_themes(
    analyser: Analyser, text: str, question_type: str, sentiment: str, themes: tuple[str, ...]
) -> None:
    result = analyser.analyse(text, question_type)
    assert result.sentiment == sentiment
    assert result.theme_ids == themes
    assert result.version == analyser.version


@pytest.mark.parametrize(
    ("text", "placeholder", "secret"),
    [
        ("Email me at jo.bloggs@example.com about the flat", "[EMAIL]", "jo.bloggs@example.com"),
        ("Ring me on 07700 900123, my worker never does", "[PHONE]", "07700 900123"),
        ("I live at ML3 0AA and need a flat", "[POSTCODE]", "ML3 0AA"),
    ],
)
def test_identifiers_are_redacted_before_anything_else_sees_them(
    analyser: Analyser, text: str, placeholder: str, secret: str
) -> None:
    result = analyser.analyse(text, "general")
    assert placeholder in result.redacted_text
    assert secret not in result.redacted_text
    for match in result.themes:
        assert all(secret not in e for e in match.evidence)


def test_known_names_are_redacted() -> None:
    named = Analyser(model=load_sentiment_model(), codebook=codebook_from_records(RECORDS), names=["Morag"])
    assert "Morag" not in named.analyse("Morag my worker was great", "working_well").redacted_text


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("I want to kill myself", True),
        ("He hits me when he has been drinking", True),
        ("The group was good fun", False),
    ],
)
def test_safeguarding_flag(analyser: Analyser, text: str, flag: bool) -> None:
    assert analyser.analyse(text, "general").safeguarding is flag


@pytest.mark.parametrize("text", [None, "", "   ", "\x00\x07", "👍"])
def test_empty_and_odd_input_never_crash(analyser: Analyser, text: str | None) -> None:
    result = analyser.analyse(text, "general")
    assert isinstance(result, CommentAnalysis)
    assert result.sentiment == "neutral"
    assert result.sentiment_score == 0.0
    assert result.themes == ()


def test_batch_equals_single(analyser: Analyser) -> None:
    texts = [
        "My worker was brilliant",
        None,
        "Waited weeks, nobody called me back about the flat",
        "Nothing",
        "call 07700 900123",
        "It was ok but the staff changed",
    ]
    types = ["working_well", "general", "could_improve", "could_improve", "idea", "FFT Why?"]
    batch = analyser.analyse_many(texts, types)
    assert batch == [analyser.analyse(t, q) for t, q in zip(texts, types, strict=True)]
    assert all(r.sentiment in SENTIMENTS and -1 <= r.sentiment_score <= 1 for r in batch)


def test_mismatched_lengths_raise(analyser: Analyser) -> None:
    with pytest.raises(ValueError, match="same length"):
        analyser.analyse_many(["a"], [])


def test_default_analyser_uses_shipped_model_and_codebook() -> None:
    default = Analyser()
    model_version, encoder_version, head_version, codebook_version = default.version.split("+")
    assert model_version == load_sentiment_model().version
    assert encoder_version == default.encoder.version
    assert head_version == default.safeguarding_head.version
    assert codebook_version == default.codebook.version


def test_without_the_encoder_the_rules_and_linear_model_work_alone() -> None:
    plain = Analyser(use_encoder=False)
    assert plain.encoder is None
    assert plain.version == f"{load_sentiment_model().version}+{plain.codebook.version}"
    result = plain.analyse("He hits me when he has been drinking", "general")
    assert result.safeguarding is True and result.safeguarding_risk == 0.9
    assert plain.analyse("Lovely staff", "working_well").safeguarding_risk == 0.0


def test_the_analyser_reads_the_redaction_word_lists_when_made_not_at_the_first_save() -> None:
    script = (
        "import sys\n"
        f"sys.path.insert(0, {str(Path(__file__).resolve().parents[2])!r})\n"
        "from analysis.name_lexicon import dictionary_words, load_names\n"
        "from analysis.pipeline import Analyser\n"
        "Analyser(use_encoder=False)\n"
        "print(dictionary_words.cache_info().currsize, load_names.cache_info().currsize)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.split() == ["1", "1"]  # a fresh process: both read by the constructor
