"""Emergent groups among comments no theme matched: TF-IDF and NMF topics with examples."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfVectorizer

from analysis.params import REDACTION_TOKENS

logger = logging.getLogger(__name__)

_TOKEN_PATTERN = r"(?u)\b[^\W\d_][^\W\d_'’]+\b"


@dataclass(frozen=True)
class EmergentGroup:
    """One emergent group: its top words, and example comments as input indexes and texts."""

    label: str
    top_words: tuple[str, ...]
    example_indexes: tuple[int, ...]
    examples: tuple[str, ...]
    size: int


def _strip_placeholders(text: str) -> str:
    """Remove redaction placeholders so they do not become topic words."""
    for placeholder in REDACTION_TOKENS:
        text = text.replace(placeholder, " ")
    return text


def _vectorise(texts: list[str]) -> tuple[TfidfVectorizer, np.ndarray] | None:
    """Fit TF-IDF with English stop words; None when no usable word remains."""
    vectoriser = TfidfVectorizer(
        stop_words="english",
        token_pattern=_TOKEN_PATTERN,
        lowercase=True,
        min_df=1,
        max_df=0.95 if len(texts) > 20 else 1.0,
    )
    try:
        matrix = vectoriser.fit_transform(texts)
    except ValueError:  # empty vocabulary: only stop words, emoji or blanks
        return None
    return vectoriser, matrix


def emergent_groups(
    texts: Sequence[str], *, n_groups: int = 5, top_words: int = 8, examples: int = 3, seed: int = 0
) -> list[EmergentGroup]:
    """Group unmatched comments into ``n_groups`` topics with TF-IDF and NMF.

    Args:
        texts: Comments (ideally redacted) that matched no codebook theme.
        n_groups: Wanted number of groups; fewer come back when there are fewer texts or words.
        top_words: Words listed per group.
        examples: Example comments per group, the most typical first.
        seed: Random state of NMF, for repeatable groups.

    Returns:
        Groups, largest first; an empty list when there is nothing to group.
    """
    cleaned = [_strip_placeholders(text) if isinstance(text, str) else "" for text in texts]
    usable = [index for index, text in enumerate(cleaned) if text.strip()]
    if len(usable) < 2 or n_groups < 1:
        return []
    fitted = _vectorise([cleaned[index] for index in usable])
    if fitted is None:
        return []
    vectoriser, matrix = fitted
    n_components = min(n_groups, len(usable), matrix.shape[1])
    if n_components < 1 or matrix.nnz == 0:
        return []
    model = NMF(n_components=n_components, init="nndsvda", random_state=seed, max_iter=400)
    weights = model.fit_transform(matrix)
    vocabulary = vectoriser.get_feature_names_out()
    assignment = weights.argmax(axis=1)
    has_weight = weights.max(axis=1) > 0
    groups = []
    for component in range(n_components):
        members = np.flatnonzero((assignment == component) & has_weight)
        if members.size == 0:
            continue
        ranked = members[np.argsort(-weights[members, component], kind="stable")][:examples]
        words = tuple(
            vocabulary[i]
            for i in np.argsort(-model.components_[component], kind="stable")[:top_words]
            if model.components_[component, i] > 0
        )
        indexes = tuple(usable[i] for i in ranked)
        groups.append(
            EmergentGroup(
                label=", ".join(words[:3]),
                top_words=words,
                example_indexes=indexes,
                examples=tuple(texts[i] for i in indexes),
                size=int(members.size),
            )
        )
    return sorted(groups, key=lambda group: (-group.size, group.label))
