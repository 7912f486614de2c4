"""Flag comments that disclose a risk of harm: suicide, self-harm, abuse, threats, children.

Rules, not a model: each category is a small set of regular expressions written for how
people in South Lanarkshire put it ("he batters me", "the weans are left on their own").
Figurative uses ("the staff killed it", "dying for a cup of tea", "this waiting kills me")
and training courses ("suicide prevention course") are not flagged. When in doubt a
pattern flags: a named person reads flagged comments, so a missed disclosure costs more.
"""

from __future__ import annotations

import re

from analysis.anchor_index import AnchorIndex
from analysis.anchors import regex_anchors

SUICIDE = "suicide"
SELF_HARM = "self_harm"
ABUSE = "abuse"
THREAT = "threat"
CHILD_PROTECTION = "child_protection"
CATEGORIES: tuple[str, ...] = (SUICIDE, SELF_HARM, ABUSE, THREAT, CHILD_PROTECTION)

_PERSON = (
    r"(?:he|she|they|him|her|partner|husband|wife|boyfriend|girlfriend|bf|ex|man|dad|da|"
    r"mum|maw|mam|step\w+|brother|sister|son|uncle|someone|somebody|guy)"
)
_KIDS = (
    r"(?:kids?|weans?|bairns?|children|child|baby|babies|son|daughter|boy|lassie|"
    r"wee one|wee ones|toddler)"
)
_WILL = r"(?:['’]ll|\s+will|\s+would|\s+is\s+going\s+to|\s+is\s+gonnae|\s+said\s+(?:he|she)['’]?d)"
_VIOLENT_VERB = (
    r"(?:hits?|hitting|batter(?:s|ed|ing|in)?|beat(?:s|en|ing)?|punch(?:es|ed|ing)?|"
    r"kick(?:s|ed|ing)?|slap(?:s|ped|ping)?|chok(?:es|ed|ing)|strangl(?:es|ed|ing)|"
    r"assault(?:s|ed|ing)?|abus(?:es|ed|ing)|rap(?:es|ed|ing)|leather(?:s|ed|ing)?|"
    r"burst|knock(?:s|ed|ing)\s+me\s+about)"
)

_NOT_DISCLOSURES = re.compile(
    r"\b(?:suicide|self[\s\-]?harm)\s+(?:prevention|awareness|training|course|first\s+aid|"
    r"talk|workshop|session|policy|policies|leaflet|helpline|line)\b",
    re.IGNORECASE,
)

_RULES: dict[str, tuple[str, ...]] = {
    SUICIDE: (
        r"\bsuicid(?:e|al)\b",
        r"\bkill(?:ing)?\s+myself\b",
        r"\b(?:end|ending|take|taking)\s+(?:it\s+all|my\s+(?:own\s+)?life)\b",
        r"\bend\s+it\b(?=\s*(?:$|[.!,]|now|tonight|soon))",
        r"\bno\s+point\s+(?:in\s+)?(?:going\s+on|living|being\s+here|carrying\s+on|in\s+life)",
        r"\bbetter\s+off\s+(?:without\s+me|dead|if\s+i\s+(?:was|were)n['’]?t\s+here)",
        r"\b(?:can['’]?t|cannae|cannot|canny)\s+go\s+on\b(?!\s+(?:the|a|holiday|my|to|at))",
        r"\b(?:don['’]?t|dinnae|do\s+not)\s+want\s+to\s+(?:be\s+here|live|be\s+alive|wake\s+up)",
        r"\b(?:want|wanted|wanting)\s+to\s+die\b",
        r"\bwish\s+i\s+(?:was|were)\s+dead\b",
        r"\b(?:nothing|no\s+reason)\s+to\s+live\s+for\b|\bno\s+reason\s+to\s+live\b",
        r"\b(?:take|taking|took|swallow|swallowed)\s+all\s+(?:of\s+)?(?:my|the|ma)\s+"
        r"(?:tablets|pills|meds)\b",
        r"\b(?:take|took|taken)\s+an\s+overdose\b",
        r"\bhang\s+myself\b|\bjump\s+off\s+(?:a|the)\s+bridge\b",
    ),
    SELF_HARM: (
        r"\bself[\s\-]?harm(?:ing|ed)?\b",
        r"\b(?:cut|cutting|burn|burning|burnt|hurt|hurting|harm|harming)\s+myself\b",
        r"\b(?:take|took|taken)\s+an\s+overdose\b",
    ),
    ABUSE: (
        rf"\b{_PERSON}(?:['’]s|\s+has|\s+is|\s+was|\s+keeps)?(?:\s+been)?\s+{_VIOLENT_VERB}\s+me\b",
        rf"\b{_VIOLENT_VERB}\s+me\s+(?:up|about|when|every|again)\b",
        r"\b(?:being|been|getting|got)\s+(?:abused|battered|beaten|raped|assaulted)\b",
        r"\bdomestic(?:ally)?\s+abus(?:e|ed|ive)\s+(?:relationship|partner|at\s+home|now)\b",
        r"\b(?:i['’]?m|i\s+am)\s+(?:being\s+)?(?:abused|experiencing\s+domestic)",
        r"\bcoercive(?:ly)?\s+control",
        r"\bcontrols?\s+(?:all\s+)?(?:my|the)\s+(?:money|phone|life|bank)",
        r"\b(?:checks|reads|takes)\s+my\s+phone\b",
        r"\b(?:won['’]?t|doesn['’]?t|will\s+not)\s+let\s+me\s+(?:see|go|out|leave|have|work)",
        r"\bnot\s+allowed\s+(?:out|to\s+(?:see|go|leave|work))",
        r"\bforced\s+me\b|\bmade\s+me\s+have\s+sex\b|\bsexual(?:ly)?\s+(?:abus|assault)",
        r"\btouched\s+me\b|\braped\b",
        r"\bafraid\s+(?:of|to\s+go)\s+(?:him|her|home)\b|\bscared\s+(?:of\s+him|of\s+her|to\s+go\s+home)",
    ),
    THREAT: (
        r"\b(?:i['’]?ll|i\s+will|i['’]?m\s+(?:going\s+to|gonna|gonnae)|am\s+gonnae|ah['’]?m\s+gonnae)"
        r"\s+(?:kill|batter|stab|murder|do\s+in|hurt|burn|smash)\b",
        r"\b(?:going\s+to|gonna|gonnae)\s+(?:kill|batter|stab|murder|smash)\s+(?:him|her|them|you|someone|somebody|his|her)",
        rf"\b{_PERSON}{_WILL}\s+(?:kill|hurt|batter|stab|murder|do\s+me\s+in)\b",
        r"\bthreaten(?:ed|ing|s)?\s+(?:to|me|my|us)\b",
        r"\b(?:kill|stab|murder)\s+(?:him|her|them|you|that\s+\w+)\b",
        r"\b(?:carry(?:ing)?|got|has)\s+a\s+(?:knife|blade|weapon)\b",
    ),
    CHILD_PROTECTION: (
        rf"\b{_KIDS}(?:\s+(?:are|is|were|was))?\s*(?:n['’]?t|not|no|nae|aren['’]?t|isn['’]?t)\s+safe\b",
        rf"\b(?:hits?|hitting|batter(?:s|ed|ing)?|beat(?:s|ing)?|hurt(?:s|ing)?|abus(?:es|ed|ing)|"
        rf"touch(?:es|ed|ing)|slap(?:s|ped)?|leather(?:s|ed)?)\s+(?:the|my|our|his|her|ma)\s+{_KIDS}",
        rf"\b{_KIDS}\b[^.!?\n]{{0,40}}\b(?:left|leaves|leaving)\s+(?:alone|on\s+(?:their|his|her)\s+own|by\s+themsel)",
        rf"\b(?:left|leaves|leaving)\s+(?:the|my|his|her)\s+{_KIDS}\s+(?:alone|on\s+their\s+own)",
        rf"\bneglect(?:ed|ing)?\b[^.!?\n]{{0,30}}\b{_KIDS}|\b{_KIDS}\b[^.!?\n]{{0,30}}\bneglect",
        rf"\b(?:nae|no)\s+food\s+for\s+(?:the|my)\s+{_KIDS}",
    ),
}
_COMPILED: dict[str, re.Pattern[str]] = {
    category: re.compile("|".join(f"(?:{rule})" for rule in rules), re.IGNORECASE)
    for category, rules in _RULES.items()
}


# One regex per rule, indexed by the words each needs, so a comment runs only the rules it
# could match (most run none). A category fires if one of its rules matches, exactly as its
# combined regex would.
_RULE_CATEGORIES: tuple[str, ...] = tuple(category for category, rules in _RULES.items() for _ in rules)
_RULE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(rule, re.IGNORECASE) for rules in _RULES.values() for rule in rules
)
_RULE_INDEX = AnchorIndex([regex_anchors(pattern.pattern) for pattern in _RULE_PATTERNS])
_NOT_DISCLOSURES_INDEX = AnchorIndex([regex_anchors(_NOT_DISCLOSURES.pattern)])


def _prepare(text: str) -> str:
    """Make apostrophes straight and blank out mentions of training courses."""
    if not isinstance(text, str):
        return ""
    text = text.replace("’", "'")
    if _NOT_DISCLOSURES_INDEX.possible(text) == set():
        return text
    return _NOT_DISCLOSURES.sub(" ", text)


def safeguarding_reasons(text: str) -> list[str]:
    """Return the categories that fire for ``text`` (suicide, self_harm, abuse, threat, ...).

    The list is in the fixed order of ``CATEGORIES``; empty when nothing fires.
    """
    prepared = _prepare(text)
    if not prepared.strip():
        return []
    possible = _RULE_INDEX.possible(prepared)
    if possible is None:
        return [category for category in CATEGORIES if _COMPILED[category].search(prepared)]
    fired: set[str] = set()
    for position in possible:
        category = _RULE_CATEGORIES[position]
        if category not in fired and _RULE_PATTERNS[position].search(prepared):
            fired.add(category)
    return [category for category in CATEGORIES if category in fired]


def is_safeguarding(text: str) -> bool:
    """Say whether ``text`` discloses a risk of harm and must go to a named person."""
    return bool(safeguarding_reasons(text))
