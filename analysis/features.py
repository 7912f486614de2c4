"""Feature extraction for the sentiment model: cue flags, lexicon scores and clause statistics.

Everything here is built from plain data (a word -> polarity lexicon; the TF-IDF blocks of
analysis.tfidf are term lists and idf arrays), so a trained model can be stored as JSON and ``.npz``
arrays and loaded without unpickling.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np

from analysis.params import DATASET_QUESTION_TYPES

_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?")
_NOTHING = re.compile(
    r"^\W*(nothing|none|no|nope|nil|n/?a|na|not really|nothing really|nothing at all|no comments?"
    r"|not applicable|all good|no improvements?|can'?t think of anything|nothing to improve"
    r"|nothing else|no thanks?|no thank you)\W*$"
)
_NEGATORS = frozenset(
    [
        "not",
        "no",
        "never",
        "nothing",
        "none",
        "nobody",
        "cannot",
        "without",
        "hardly",
        "isn't",
        "wasn't",
        "didn't",
        "don't",
        "doesn't",
        "couldn't",
        "wouldn't",
        "won't",
        "can't",
        "aren't",
        "weren't",
        "haven't",
        "hasn't",
        "shouldn't",
        "dont",
        "didnt",
        "wasnt",
        "cant",
        "couldnt",
        "isnt",
    ]
)
_CONTRAST = frozenset(
    ["but", "however", "although", "though", "except", "apart", "whereas", "yet", "unfortunately", "despite"]
)
_CLAUSE_SPLIT = re.compile(
    r"[.!?;\n]+|\b(?:but|however|although|though|except|unfortunately|whereas)\b", re.IGNORECASE
)
_HAS_WORD = re.compile(r"\w")
CLAUSE_NAMES: tuple[str, ...] = (
    "clause_max",
    "clause_min",
    "clause_mean",
    "clause_opposed",
    "clause_range",
    "clause_log_count",
)
_SUGGESTION = frozenset(
    ["could", "should", "more", "better", "would", "improve", "maybe", "perhaps", "need", "needs"]
)
CUE_NAMES: tuple[str, ...] = (
    "nothing_answer",
    "contrast",
    "negation",
    "suggestion",
    "log_words",
    "empty",
    "short",
    "long",
    "exclamation",
    "question",
)
LEXICON_NAMES: tuple[str, ...] = (
    "lex_mean",
    "lex_max",
    "lex_min",
    "lex_n_pos",
    "lex_n_neg",
    "lex_both",
    "lex_none",
    "lex_subjectivity",
    "lex_before_contrast",
    "lex_after_contrast",
    "lex_flip",
    "lex_has_contrast",
    "lex_opposed",
    "lex_flat",
)

Lexicon = Mapping[str, tuple[float, float]]


def textblob_lexicon() -> dict[str, tuple[float, float]]:
    """Read TextBlob's adjective lexicon (PDDL, De Smedt and Daelemans) as word -> (pol, subj)."""
    import textblob.en  # local import: only training needs the XML file

    path = Path(textblob.en.__file__).with_name("en-sentiment.xml")
    senses: dict[str, list[tuple[float, float]]] = {}
    for node in ET.parse(path).getroot().iter("word"):
        form = (node.get("form") or "").lower()
        if form and " " not in form:
            pair = (float(node.get("polarity", 0)), float(node.get("subjectivity", 0)))
            senses.setdefault(form, []).append(pair)
    return {w: tuple(np.mean(v, axis=0).round(4).tolist()) for w, v in sorted(senses.items())}


def cue_features(texts: Sequence[str]) -> np.ndarray:
    """Hand-made cues: "nothing" answers, contrast, negation, suggestion words, length."""
    out = np.zeros((len(texts), len(CUE_NAMES)))
    for i, text in enumerate(texts):
        lower = text.lower()
        words = _TOKEN.findall(lower)
        n = len(words)
        out[i] = (
            bool(_NOTHING.match(lower)),
            not _CONTRAST.isdisjoint(words),
            not _NEGATORS.isdisjoint(words),
            not _SUGGESTION.isdisjoint(words),
            np.log1p(n) / 5,
            n == 0,
            n <= 3,
            n > 40,
            "!" in text,
            "?" in text,
        )
    return out


def _mean(values: list[float]) -> float:
    """Mean of a list, 0.0 when empty."""
    return sum(values) / len(values) if values else 0.0


def _lexicon_row(words: list[str], lexicon: Lexicon) -> list[float]:
    """Polarity statistics of one tokenised text, with negation flips and contrast halves."""
    pols: list[float] = []
    subs: list[float] = []
    halves: tuple[list[float], list[float]] = ([], [])
    half = 0
    for j, tok in enumerate(words):
        if tok in _CONTRAST:
            half = 1
            continue
        entry = lexicon.get(tok)
        if entry is None:
            continue
        pol, sub = entry
        if not _NEGATORS.isdisjoint(words[max(0, j - 3) : j]):
            pol = -0.5 * pol
        subs.append(sub)
        if pol != 0:
            pols.append(pol)
            halves[half].append(pol)
    values = pols or [0.0]
    mean = _mean(values)
    n_pos = sum(1 for p in values if p > 0.05)
    n_neg = sum(1 for p in values if p < -0.05)
    first, second = _mean(halves[0]), _mean(halves[1])
    flip = (first > 0.05 and second < -0.05) or (first < -0.05 and second > 0.05)
    return [
        mean,
        max(values),
        min(values),
        math.log1p(n_pos),
        math.log1p(n_neg),
        float(n_pos > 0 and n_neg > 0),
        float(n_pos == 0 and n_neg == 0),
        _mean(subs),
        first,
        second,
        float(flip),
        float(half),
        float(first * second < 0),
        float(abs(mean) < 0.05),
    ]


def lexicon_features(texts: Sequence[str], lexicon: Lexicon) -> np.ndarray:
    """Lexicon polarity statistics per text (a fast stand-in for TextBlob polarity)."""
    rows = [_lexicon_row(_TOKEN.findall(t.lower()), lexicon) for t in texts]
    return np.array(rows, dtype=float).reshape(len(texts), len(LEXICON_NAMES))


def split_clauses(text: str) -> list[str]:
    """Split a text at sentence ends and contrast words; the whole text if nothing is left."""
    parts = [p.strip() for p in _CLAUSE_SPLIT.split(text) if p and _HAS_WORD.search(p)]
    return parts or [text]


def clause_features(texts: Sequence[str], score: Callable[[list[str]], np.ndarray]) -> np.ndarray:
    """Statistics of per-clause polarity scores: a text with a strongly positive and a strongly
    negative clause is "mixed", which the dataset labels neutral.

    Args:
        texts: cleaned texts.
        score: maps a list of clauses to polarity scores (positive > 0 > negative).

    Returns:
        Array (len(texts), len(CLAUSE_NAMES)).
    """
    split = [split_clauses(t) for t in texts]
    flat = [c for clauses in split for c in clauses]
    scores = np.asarray(score(flat), dtype=float) if flat else np.zeros(0)
    out = np.zeros((len(texts), len(CLAUSE_NAMES)))
    start = 0
    for i, clauses in enumerate(split):
        v = scores[start : start + len(clauses)]
        start += len(clauses)
        hi, lo = float(v.max()), float(v.min())
        out[i] = (hi, lo, float(v.mean()), hi > 0.2 and lo < -0.2, hi - lo, math.log1p(len(v)))
    return out


def question_indicators(dataset_question_types: Sequence[str]) -> np.ndarray:
    """One-hot matrix over DATASET_QUESTION_TYPES (unknown types give an all-zero row)."""
    index = {q: k for k, q in enumerate(DATASET_QUESTION_TYPES)}
    out = np.zeros((len(dataset_question_types), len(DATASET_QUESTION_TYPES)))
    for i, q in enumerate(dataset_question_types):
        if q in index:
            out[i, index[q]] = 1.0
    return out
