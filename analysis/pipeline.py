"""The one per-comment analysis path: clean -> redact -> safeguarding -> sentiment -> themes.

One encoder pass per comment (analysis.encoder) serves the semantic safeguarding detector
and the encoder's sentiment opinion; the rules and the linear sentiment model run beside it.
Without the encoder files (data/models/encoder.*) the rules and the linear model work alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from analysis.encoder import Encoder, encoder_available, load_encoder
from analysis.encoder_sentiment import NO_TEXT, EncoderSentiment, combine, linear_probabilities
from analysis.name_lexicon import load_lexicons
from analysis.normalise import clean_text
from analysis.params import NEGATIVE, NEUTRAL
from analysis.questions import dataset_question_type
from analysis.redaction import redact
from analysis.safeguarding import is_safeguarding
from analysis.safeguarding_model import SECOND_LOOK, SafeguardingHead, combined_risk, load_head
from analysis.sentiment import SentimentModel, load_sentiment_model
from analysis.suggestions import is_plain_suggestion
from analysis.themes import Codebook, ThemeMatch, load_codebook, match_themes

_HAS_WORD = re.compile(r"\w")


@dataclass(frozen=True)
class CommentAnalysis:
    """Everything the product stores about one comment; only redacted text is kept."""

    redacted_text: str
    safeguarding: bool
    sentiment: str
    sentiment_score: float
    themes: tuple[ThemeMatch, ...]
    version: str
    safeguarding_risk: float = 0.0  # 0..1, for ranking the review queue (rules raise it)

    @property
    def theme_ids(self) -> tuple[str, ...]:
        """Theme ids in match order."""
        return tuple(t.theme_id for t in self.themes)


@dataclass(frozen=True)
class Screen:
    """The rule-based first look stored with a comment at once; the model's analysis follows."""

    redacted_text: str
    safeguarding: bool
    safeguarding_risk: float
    themes: tuple[ThemeMatch, ...]


def _convention(result: tuple[str, float], text: str, question_type: str) -> tuple[str, float]:
    """Our convention: a plain suggestion (no complaint in it) is neutral, not negative."""
    label, score = result
    if (
        label == NEGATIVE
        and dataset_question_type(question_type) != "what_good"
        and is_plain_suggestion(text)
    ):
        return NEUTRAL, round(score / 2, 4)
    return result


class Analyser:
    """Runs the analysis contract (design section 6) with one model and one codebook."""

    def __init__(
        self,
        *,
        model: SentimentModel | None = None,
        codebook: Codebook | None = None,
        names: Iterable[str] = (),
        encoder_dir: Path | None = None,
        use_encoder: bool = True,
    ) -> None:
        """Use the given model and codebook, or the shipped defaults.

        Args:
            model: linear sentiment model (the second opinion); default load_sentiment_model().
            codebook: theme codebook; default load_codebook().
            names: known names (staff, participants) to redact wherever they appear.
            encoder_dir: folder of the encoder files; default data/models.
            use_encoder: False runs the rules and the linear model alone.
        """
        self.model = model if model is not None else load_sentiment_model()
        self.codebook = codebook if codebook is not None else load_codebook()
        self.names = tuple(names)
        load_lexicons()  # the redaction's word lists: read here, not in the first person's save
        self.encoder: Encoder | None = None
        self.encoder_sentiment: EncoderSentiment | None = None
        self.safeguarding_head: SafeguardingHead | None = None
        parts = [self.model.version]
        if use_encoder and encoder_available(encoder_dir):
            self.encoder = load_encoder(encoder_dir)
            self.encoder_sentiment = EncoderSentiment.from_encoder(self.encoder)
            self.safeguarding_head = load_head(encoder_dir)
            parts += [self.encoder.version, self.safeguarding_head.version]
        self.version = "+".join([*parts, self.codebook.version])

    def prepare(self, text: str | None) -> str:
        """Clean then redact one text (the only text later stages see)."""
        return redact(clean_text(text), names=self.names)

    def screen_many(self, texts: Sequence[str | None]) -> list[Screen]:
        """The fast first look at comments, no model: redaction, safeguarding rules, theme rules."""
        redacted = [self.prepare(t) for t in texts]
        return [
            Screen(
                redacted_text=text,
                safeguarding=(flag := is_safeguarding(text)),
                safeguarding_risk=combined_risk(0.0, flag),
                themes=tuple(match_themes(text, self.codebook)),
            )
            for text in redacted
        ]

    def analyse(self, text: str | None, question_type: str) -> CommentAnalysis:
        """Analyse one comment; same result as analyse_many on a batch holding it."""
        return self.analyse_many([text], [question_type])[0]

    def analyse_many(
        self, texts: Sequence[str | None], question_types: Sequence[str]
    ) -> list[CommentAnalysis]:
        """Analyse comments in a batch (sentiment is vectorised), in input order.

        Args:
            texts: raw comment texts (None and empty are allowed).
            question_types: one per text: our type, the training data's, or free wording.

        Returns:
            One CommentAnalysis per text.
        """
        if len(texts) != len(question_types):
            raise ValueError("texts and question_types must have the same length")
        redacted = [self.prepare(t) for t in texts]
        # Safeguarding and themes of one comment run back to back: they share its word index.
        rules = [(is_safeguarding(t), tuple(match_themes(t, self.codebook))) for t in redacted]
        if self.encoder is None:
            sentiments = self.model.predict(redacted, list(question_types))
            risks = [combined_risk(0.0, flag) for flag, _ in rules]
            flags = [flag for flag, _ in rules]
        else:
            sentiments, flags, risks = self._encoded(redacted, list(question_types), rules)
        return [
            CommentAnalysis(
                redacted_text=text,
                safeguarding=flag,
                sentiment=label,
                sentiment_score=score,
                themes=themes,
                version=self.version,
                safeguarding_risk=risk,
            )
            for text, flag, risk, (_, themes), (label, score) in zip(
                redacted, flags, risks, rules, sentiments, strict=True
            )
        ]

    def _encoded(
        self, redacted: list[str], question_types: list[str], rules: list[tuple[bool, tuple]]
    ) -> tuple[list[tuple[str, float]], list[bool], list[float]]:
        """Sentiment, flags and risks with one encoder pass over the comments that have words."""
        assert self.encoder and self.encoder_sentiment and self.safeguarding_head
        keep = [i for i, t in enumerate(redacted) if t and _HAS_WORD.search(t)]
        sentiments = [NO_TEXT] * len(redacted)
        model_risks = [0.0] * len(redacted)
        if keep:
            texts = [redacted[i] for i in keep]
            qtypes = [question_types[i] for i in keep]
            encoded = self.encoder.encode(texts, qtypes)
            combined = combine(
                self.encoder_sentiment.probabilities(encoded),
                linear_probabilities(self.model, texts, qtypes),
                self.encoder_sentiment.encoder_weight,
            )
            head = self.safeguarding_head
            for i, result, enc, qtype in zip(keep, combined, encoded, qtypes, strict=True):
                sentiments[i] = _convention(result, redacted[i], qtype)
                risk = head.risk(enc)
                if SECOND_LOOK <= risk < head.threshold and len(enc.sentences) > 1:
                    alone = self.encoder.sentence_vectors(redacted[i], qtype)
                    risk = max(risk, float(head.probabilities(alone).max(initial=0.0)))
                model_risks[i] = risk
        threshold = self.safeguarding_head.threshold
        flags = [flag or risk >= threshold for (flag, _), risk in zip(rules, model_risks, strict=True)]
        risks = [combined_risk(risk, flag) for (flag, _), risk in zip(rules, model_risks, strict=True)]
        return sentiments, flags, risks
