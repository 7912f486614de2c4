"""The local sentence encoder: fine-tuned all-MiniLM-L6-v2 as int8 ONNX (onnxruntime + tokenizers).

One pass per comment over the pair (question, answer) gives every vector the heads need:
the mean of all tokens (sentiment), the mean of the answer's tokens (safeguarding, whole
comment) and the mean of each sentence's tokens (safeguarding, per sentence). Nothing is
downloaded: the model and tokenizer are files in data/models/. The session is built once
per process and model folder (a lazy module-level cache).
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from analysis.idioms import plain
from analysis.questions import dataset_question_type

MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "models"
ONNX_FILE = "encoder.int8.onnx"
TOKENIZER_FILE = "tokenizer.json"
META_FILE = "encoder.json"
MAX_TOKENS = 128
# One comment per session call: the int8 model quantises activations with a scale taken over
# the whole input tensor, so in a batch a comment's vector would depend on its neighbours
# (and padding). Batches of one keep "alone" and "in a batch" identical, at ~2/3 the speed.
BATCH = 1
QUESTION_TEXT: dict[str, str] = {
    "what_good": "What was good?",
    "could_improve": "What could we improve?",
    "nonspecific": "Any comments?",
}
_SENTENCE = re.compile(r"[^.!?\n;]+[.!?\n;]*")


def question_text(question_type: str | None) -> str:
    """Canonical wording of a question (any vocabulary) as the encoder was trained on it."""
    return QUESTION_TEXT[dataset_question_type(question_type)]


def mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Mean of token vectors where ``mask`` is 1; (batch, tokens, dim) -> (batch, dim)."""
    weights = mask[..., None].astype(np.float32)
    return (hidden * weights).sum(1) / np.maximum(weights.sum(1), 1.0)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (split at . ! ? ; and newlines)."""
    return [m.span() for m in _SENTENCE.finditer(text) if m.group().strip()]


@dataclass(frozen=True)
class Encoded:
    """The vectors of one comment, all from one encoder pass."""

    pair: np.ndarray  # (dim,) mean of question and answer tokens
    answer: np.ndarray  # (dim,) mean of the answer's tokens
    sentences: np.ndarray  # (n_sentences, dim); empty (0, dim) for a one-sentence answer


class Encoder:
    """An ONNX encoder session and its tokenizer."""

    def __init__(self, directory: Path) -> None:
        """Open ``directory``/encoder.int8.onnx and tokenizer.json (one thread per session call;
        ``encoder_threads()`` calls at once when encoding many comments)."""
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.directory = directory
        self.meta: dict[str, Any] = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
        self.version: str = self.meta["version"]
        self.tokenizer = Tokenizer.from_file(str(directory / TOKENIZER_FILE))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS, strategy="only_second")
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(
            str(directory / self.meta.get("onnx_file", ONNX_FILE)),
            options,
            providers=["CPUExecutionProvider"],
        )
        self.threads = encoder_threads()
        self._pool: ThreadPoolExecutor | None = None

    def encode(self, texts: Sequence[str], question_types: Sequence[str]) -> list[Encoded]:
        """Encode comments with their questions; batches of similar length, input order kept."""
        pairs = [(question_text(q), plain(t)) for t, q in zip(texts, question_types, strict=True)]
        encodings = self.tokenizer.encode_batch(pairs)
        order = sorted(range(len(pairs)), key=lambda i: len(encodings[i].ids))
        batches = [order[start : start + BATCH] for start in range(0, len(order), BATCH)]
        result: list[Encoded | None] = [None] * len(pairs)
        for rows, (hidden, mask) in zip(batches, self._run_all(batches, encodings), strict=True):
            pooled = mean_pool(hidden, mask)
            for r, i in enumerate(rows):
                result[i] = self._vectors(hidden[r], pooled[r], encodings[i], pairs[i][1])
        return result  # type: ignore[return-value]

    def _run_all(self, batches: list[list[int]], encodings: list) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Token vectors and mask of each batch, in order; several at once with more than one thread."""
        if self.threads == 1 or len(batches) < 2:
            return (self._run(rows, encodings) for rows in batches)
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="encoder")
        return self._pool.map(lambda rows: self._run(rows, encodings), batches)

    def _run(self, rows: list[int], encodings: list) -> tuple[np.ndarray, np.ndarray]:
        """One session call on these rows (padded to the longest); its output and mask."""
        width = max(len(encodings[i].ids) for i in rows)
        ids = np.zeros((len(rows), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        types = np.zeros_like(ids)
        for r, i in enumerate(rows):
            e = encodings[i]
            n = len(e.ids)
            ids[r, :n], mask[r, :n], types[r, :n] = e.ids, 1, e.type_ids
        (hidden,) = self.session.run(
            None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        )
        return hidden, mask

    def sentence_vectors(self, text: str, question_type: str) -> np.ndarray:
        """Answer vectors of each sentence of ``text`` read on its own (a second look)."""
        text = plain(text)
        sentences = [text[a:b].strip() for a, b in sentence_spans(text)]
        if len(sentences) < 2:
            return np.zeros((0, 384), np.float32)
        return np.vstack([e.answer for e in self.encode(sentences, [question_type] * len(sentences))])

    @staticmethod
    def _vectors(hidden: np.ndarray, pooled: np.ndarray, encoding: Any, text: str) -> Encoded:
        """Answer and sentence means from one row of token vectors."""
        seq = encoding.sequence_ids
        answer_tokens = [k for k, s in enumerate(seq) if s == 1]
        dim = hidden.shape[1]
        if not answer_tokens:
            return Encoded(pooled, pooled, np.zeros((0, dim), np.float32))
        answer = hidden[answer_tokens].mean(0)
        spans = sentence_spans(text)
        sentences = []
        if len(spans) > 1:
            offsets = encoding.offsets
            for start, end in spans:
                tokens = [k for k in answer_tokens if offsets[k][0] >= start and offsets[k][1] <= end]
                if tokens:
                    sentences.append(hidden[tokens].mean(0))
        stacked = np.vstack(sentences) if sentences else np.zeros((0, dim), np.float32)
        return Encoded(pooled, answer, stacked)


@functools.lru_cache(maxsize=2)
def _cached(directory: Path) -> Encoder:
    return Encoder(directory)


def encoder_threads() -> int:
    """Comments encoded at once: FEEDBACK_ENCODER_THREADS (1 to the CPU count), default 1.

    Each comment is still one single-threaded call, so its vectors are the same either way.
    One suits the app (a save analyses one comment while others are served); a batch job such
    as ``python -m analysis score`` on a machine of its own may use 2.
    """
    value = os.environ.get("FEEDBACK_ENCODER_THREADS", "1").strip()
    cpus = os.cpu_count() or 1
    return min(int(value), cpus) if value.isdigit() and int(value) >= 1 else 1


def load_encoder(directory: Path | None = None) -> Encoder:
    """The encoder in ``directory`` (default data/models), built once per process."""
    return _cached(Path(directory or MODEL_DIR).resolve())


def encoder_available(directory: Path | None = None) -> bool:
    """Say whether the encoder files are present (the rules still work without them)."""
    folder = Path(directory or MODEL_DIR)
    needed = (META_FILE, TOKENIZER_FILE, ONNX_FILE, "safeguarding_head.json")
    return all((folder / name).is_file() for name in needed)
