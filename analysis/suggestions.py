"""Tell a plain suggestion ("a drop-in on Friday evenings would help") from a complaint.

Our convention (docs/sentiment-model.md): a suggestion or idea with no complaint in it is
neutral. The shared NHS labels mark most suggestions negative, so both models lean that way;
the pipeline turns a "negative" into "neutral" when the comment is a plain suggestion: it
proposes something and holds no complaint word (no negation, nothing bad, nothing missing).
Rules, so a reviewer can see why.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE
_PROPOSAL = re.compile(
    r"^\s*(?:maybe|perhaps|could|would|should|more|have|put|offer|run|get|keep|add|make|let|"
    r"provide|give|invite|include|try|bring|longer|extra|evening|weekend|"
    r"easy|online|need|needs|i\s+think|i['’]?d\s+like|i\s+would\s+like|it\s+would|"
    r"it['’]?d|how\s+about|what\s+about)\b"
    r"|\b(?:would|could|might)\s+(?:help|be\s+(?:good|great|nice|handy|useful|helpful|better|brilliant|an?\s+idea))"
    r"|\b(?:could|should)\s+(?:you|we|there|they|staff|workers?|the)\b"
    r"|\b(?:suggest\w*|how\s+about|what\s+about|wish\s+there\s+was|would\s+like\s+to\s+see)\b",
    _I,
)
_COMPLAINT = re.compile(
    r"\b(?:never|not|no|nobody|nothing|none|didn['’]?t|don['’]?t|doesn['’]?t|wasn['’]?t|weren['’]?t|"
    r"won['’]?t|can['’]?t|cannae|canny|couldn['’]?t|dinnae|isnae|wasnae|disnae|naw|"
    r"rude|late|lost|ignored|awful|terrible|rubbish|crap|poor|bad|badly|worse|worst|useless|"
    r"disgrace\w*|shocking|hate|angry|upset|dirty|filthy|freezing|broken|unfair|judg\w+|"
    r"sanction\w*|stop|fix|sack|waste|wasted|waited|waiting|struggl\w*|hard|difficult|"
    r"problem\w*|issue\w*|complain\w*|unhelpful|disappoint\w*|frustrat\w*|stress\w*|"
    r"too|only|instead|again|still|lack\w*|miss\w*|forgot\w*|cancel\w*|expensive|dear|skint)\b",
    _I,
)
MAX_WORDS = 30


def is_plain_suggestion(text: str) -> bool:
    """Say whether ``text`` proposes something and holds no complaint word (short texts only)."""
    if not text or len(text.split()) > MAX_WORDS:
        return False
    return bool(_PROPOSAL.search(text)) and not _COMPLAINT.search(text)
