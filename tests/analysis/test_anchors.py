"""The anchor pre-filters skip only patterns that cannot match: fast paths equal brute force."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from analysis import safeguarding, themes
from analysis.anchor_index import AnchorIndex
from analysis.anchors import regex_anchors

ROOT = Path(__file__).resolve().parents[2]
DATASET = ROOT.parent / "shared" / "datasets" / "service_feedback_labelled.csv"


def _corpus() -> list[str]:
    texts = pd.read_csv(ROOT / "data" / "justice_comments_labelled.csv", keep_default_na=False)[
        "text"
    ].tolist()
    for name in ("safeguarding_cases.yaml", "redaction_cases.yaml"):
        data = yaml.safe_load((ROOT / "tests" / "analysis" / "data" / name).read_text(encoding="utf-8"))
        rows = data if isinstance(data, list) else next(v for v in data.values() if isinstance(v, list))
        texts += [str(r.get("text") or r.get("input") or "") for r in rows if isinstance(r, dict)]
    if DATASET.exists():
        texts += pd.read_csv(DATASET, keep_default_na=False)["text"].sample(800, random_state=3).tolist()
    # Every codebook phrase in a sentence, in three cases, with a curly apostrophe variant.
    for theme in themes.load_codebook().themes:
        for phrase in theme.phrases:
            if not phrase.startswith("re:"):
                sentence = f"Well, {phrase}s were the problem for me."
                texts += [sentence, sentence.upper(), sentence.title(), sentence.replace("'", "’")]
    rng = random.Random(5)
    words = " ".join(texts).split()
    texts += [" ".join(rng.sample(words, 12)) for _ in range(1500)]
    return texts


CORPUS = _corpus()


def test_corpus_is_large_enough_to_mean_something() -> None:
    assert len(CORPUS) > 3000


def test_match_themes_equals_running_every_theme_regex() -> None:
    codebook = themes.load_codebook()
    for text in CORPUS:
        brute = [
            (theme_id, tuple(dict.fromkeys(m.group() for m in pattern.finditer(text))))
            for theme_id, pattern in sorted(codebook._patterns.items())
            if text.strip()
        ]
        expected = [(theme_id, evidence) for theme_id, evidence in brute if evidence]
        assert [(m.theme_id, m.evidence) for m in themes.match_themes(text, codebook)] == expected, text


def test_safeguarding_equals_running_every_rule() -> None:
    for text in CORPUS:
        prepared = safeguarding._NOT_DISCLOSURES.sub(" ", text.replace("’", "'"))
        brute = [
            c
            for c in safeguarding.CATEGORIES
            if prepared.strip() and safeguarding._COMPILED[c].search(prepared)
        ]
        assert safeguarding.safeguarding_reasons(text) == brute, text


@pytest.mark.parametrize(
    ("pattern", "text", "can_match"),
    [
        (r"\bflat\b", "I got a flat", True),
        (r"\bflat\b", "I got a house", False),
        (r"\b(?:buroo|UC)\b", "the buroo sanctioned me", True),
        (r"\b(?:buroo|UC)\b", "THE BUROO", True),
        (r"\bno\s+point\s+going\s+on", "there's no point going on", True),
        (r"\bno\s+point\s+going\s+on", "good point", False),
        (r"\d{3}", "call 999", True),
    ],
)
def test_anchor_index_rules_out_only_impossible_patterns(pattern: str, text: str, can_match: bool) -> None:
    index = AnchorIndex([regex_anchors(pattern)])
    possible = index.possible(text)
    matches = re.search(pattern, text, re.IGNORECASE) is not None
    assert matches == can_match
    if matches:
        assert possible is None or 0 in possible
