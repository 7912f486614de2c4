"""The one per-comment analysis path: clean -> redact -> safeguarding -> sentiment -> themes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from analysis.normalise import clean_text
from analysis.redaction import redact
from analysis.safeguarding import is_safeguarding
from analysis.sentiment import SentimentModel, load_sentiment_model
from analysis.themes import Codebook, ThemeMatch, load_codebook, match_themes


@dataclass(frozen=True)
class CommentAnalysis:
    """Everything the product stores about one comment; only redacted text is kept."""

    redacted_text: str
    safeguarding: bool
    sentiment: str
    sentiment_score: float
    themes: tuple[ThemeMatch, ...]
    version: str

    @property
    def theme_ids(self) -> tuple[str, ...]:
        """Theme ids in match order."""
        return tuple(t.theme_id for t in self.themes)


class Analyser:
    """Runs the analysis contract (design section 6) with one model and one codebook."""

    def __init__(
        self,
        *,
        model: SentimentModel | None = None,
        codebook: Codebook | None = None,
        names: Iterable[str] = (),
    ) -> None:
        """Use the given model and codebook, or the shipped defaults.

        Args:
            model: sentiment model; default load_sentiment_model().
            codebook: theme codebook; default load_codebook().
            names: known names (staff, participants) to redact wherever they appear.
        """
        self.model = model if model is not None else load_sentiment_model()
        self.codebook = codebook if codebook is not None else load_codebook()
        self.names = tuple(names)
        self.version = f"{self.model.version}+{self.codebook.version}"

    def prepare(self, text: str | None) -> str:
        """Clean then redact one text (the only text later stages see)."""
        return redact(clean_text(text), names=self.names)

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
        sentiments = self.model.predict(redacted, list(question_types))
        return [
            CommentAnalysis(
                redacted_text=text,
                safeguarding=flag,
                sentiment=label,
                sentiment_score=score,
                themes=themes,
                version=self.version,
            )
            for text, (flag, themes), (label, score) in zip(redacted, rules, sentiments, strict=True)
        ]
