"""Say figures of speech plainly before the encoder reads a comment ("I'd kill for a coffee").

A sentence encoder puts "kill", "die" and "dead" near disclosures of harm even in idioms.
These rules rewrite the common figurative uses into plain words, only for what the encoder
reads (the stored text is unchanged); the safeguarding rules read the original text. Literal
uses ("kill myself", "he'll kill me", "want to die") match none of the patterns.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE
_PLAIN: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, _I), plain)
    for pattern, plain in (
        (r"\b(?:i['’]?d|i\s+would|i\s+could|could|would)\s+(?:kill|murder)\s+for\b", "I would love"),
        (r"\b(?:could|would|i['’]?d)\s+murder\s+(?:a|an|some)\b", "would love a"),
        (r"\b(?:dying|dyin)\s+to\b", "really wanting to"),
        (r"\b(?:dying|dyin)\s+for\b", "really wanting"),
        (r"\bto\s+die\s+for\b", "wonderful"),
        (
            r"\b(?:nearly|almost|could\s+have|could['’]ve)\s+died\s+(?:laughing|of\s+\w+)",
            "was very surprised",
        ),
        (r"\b(?:killing|killed|kill)\s+(?:myself|masel|mysel)\s+laughing\b", "laughing a lot"),
        (r"\b(?:killed|smashed|nailed)\s+it\b", "did great"),
        (r"\b(?:life[\s\-]?saver|life[\s\-]?line|life[\s\-]?saving)\b", "great help"),
        (
            r"\b(feet|back|legs|knees|head|heid|neck|hands|wait|waiting|queue|heat|cold|"
            r"paperwork|forms?|bus|travel|this|it)\s+(is|are|was|were|['’]s)\s+(?:killing|murdering)\s+me\b",
            r"\1 \2 hard on me",
        ),
        (
            r"\b(?:the|this|that)\s+(?:wait|waiting|queue)\s+(?:kills|killed|nearly\s+killed)\s+me\b",
            "the wait was hard",
        ),
        (r"\bdead\s+(?:happy|chuffed|good|nice|funny|proud|pleased|easy)\b", "very pleased"),
        (r"\bsick\s+to\s+death\s+of\b", "fed up with"),
        (r"\bbored\s+to\s+death\b", "very bored"),
        (r"\b(phone|battery|trainers|shoes|car|laptop)\s+(is|are|was|['’]s)\s+dead\b", r"\1 \2 broken"),
    )
)
_CUE = re.compile(r"kill|murder|d(?:y|i)(?:e|ing|in)|dead|death|life|smash|nail", _I)


def plain(text: str) -> str:
    """``text`` with common figures of speech about dying and violence said plainly."""
    if not text or not _CUE.search(text):
        return text
    for pattern, replacement in _PLAIN:
        text = pattern.sub(replacement, text)
    return text
