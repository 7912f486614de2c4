"""TF-IDF blocks stored as plain data (terms and idf), with fast word and char_wb counting.

A fitted block is saved as JSON terms plus an idf array, so a model loads without unpickling.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.preprocessing import normalize

WORD_TOKEN_PATTERN = r"(?u)\b\w+\b|[!?]"
_WORD_TOKEN = re.compile(WORD_TOKEN_PATTERN)
_WORD_CACHE_LIMIT = 200_000


def _counts_matrix(indices: list[int], indptr: list[int], n_terms: int) -> sp.csr_matrix:
    """CSR count matrix from per-row column lists (repeated columns are summed)."""
    counts = sp.csr_matrix(
        (np.ones(len(indices)), np.array(indices, dtype=np.int32), np.array(indptr)),
        shape=(len(indptr) - 1, n_terms),
    )
    counts.sum_duplicates()
    return counts


@dataclass(frozen=True)
class TfidfBlock:
    """A fitted TF-IDF vectoriser stored as plain data (terms in column order plus idf)."""

    analyzer: str
    ngram_range: tuple[int, int]
    terms: tuple[str, ...]
    idf: np.ndarray

    def _state(self) -> dict:
        """Per-process helpers built on first use: the counter, vocabulary and word cache."""
        state = self.__dict__.get("_runtime")
        if state is None:
            vocabulary = {t: i for i, t in enumerate(self.terms)}
            counter = CountVectorizer(
                analyzer=self.analyzer,
                ngram_range=self.ngram_range,
                vocabulary=vocabulary,
                token_pattern=WORD_TOKEN_PATTERN if self.analyzer == "word" else None,
                dtype=np.float64,
            )
            state = {"counter": counter, "vocab": vocabulary, "words": {}}
            state["analyse"] = counter.build_analyzer()
            object.__setattr__(self, "_runtime", state)
        return state

    def _char_wb_counts(self, texts: Sequence[str], state: dict) -> sp.csr_matrix:
        """Char_wb n-gram counts, one cached column list per distinct word.

        char_wb n-grams never cross whitespace, so a text's counts are the sum over its words;
        identical to CountVectorizer(analyzer="char_wb") but much faster on real text.
        """
        cache: dict[str, list[int]] = state["words"]
        if len(cache) > _WORD_CACHE_LIMIT:
            cache.clear()
        vocab, analyse = state["vocab"], state["analyse"]
        indices: list[int] = []
        indptr = [0]
        for text in texts:
            for word in text.lower().split():
                cols = cache.get(word)
                if cols is None:
                    cols = [vocab[g] for g in analyse(word) if g in vocab]
                    cache[word] = cols
                indices.extend(cols)
            indptr.append(len(indices))
        return _counts_matrix(indices, indptr, len(self.terms))

    def _word_counts(self, texts: Sequence[str], state: dict) -> sp.csr_matrix:
        """Word 1..2-gram counts, the same n-grams as CountVectorizer builds, with less overhead."""
        vocab = state["vocab"]
        findall = _WORD_TOKEN.findall
        bigrams = self.ngram_range[1] >= 2
        indices: list[int] = []
        indptr = [0]
        for text in texts:
            tokens = findall(text.lower())
            grams = tokens + [f"{a} {b}" for a, b in pairwise(tokens)] if bigrams else tokens
            indices.extend([vocab[g] for g in grams if g in vocab])
            indptr.append(len(indices))
        return _counts_matrix(indices, indptr, len(self.terms))

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Sublinear tf x idf, rows L2-normalised (same as TfidfVectorizer(sublinear_tf=True))."""
        state = self._state()
        if self.analyzer == "char_wb":
            counts = self._char_wb_counts(texts, state)
        elif self.analyzer == "word" and self.ngram_range in ((1, 1), (1, 2)):
            counts = self._word_counts(texts, state)
        else:
            counts = state["counter"].transform(texts).tocsr()
        counts.data = (1.0 + np.log(counts.data)) * self.idf[counts.indices]
        return normalize(counts, norm="l2", copy=False)

    @classmethod
    def fit(
        cls, texts: Sequence[str], *, analyzer: str, ngram_range: tuple[int, int], min_df: int
    ) -> TfidfBlock:
        """Fit a TF-IDF vocabulary and idf on training texts."""
        vec = TfidfVectorizer(
            analyzer=analyzer,
            ngram_range=ngram_range,
            min_df=min_df,
            sublinear_tf=True,
            token_pattern=WORD_TOKEN_PATTERN if analyzer == "word" else None,
        )
        vec.fit(texts)
        terms = tuple(vec.get_feature_names_out().tolist())
        return cls(analyzer, ngram_range, terms, np.asarray(vec.idf_, dtype=np.float64))
