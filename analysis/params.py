"""Label constants shared by the analysis package: question types, sentiment labels, tokens."""

from __future__ import annotations

# Question types a free-text answer can belong to (design section 2).
WORKING_WELL = "working_well"
COULD_IMPROVE = "could_improve"
IDEA = "idea"
GENERAL = "general"
QUESTION_TYPES: tuple[str, ...] = (WORKING_WELL, COULD_IMPROVE, IDEA, GENERAL)

# The training data's question types, and how ours map onto them.
DATASET_QUESTION_TYPES: tuple[str, ...] = ("what_good", "could_improve", "nonspecific")
TO_DATASET_QUESTION_TYPE: dict[str, str] = {
    WORKING_WELL: "what_good",
    COULD_IMPROVE: "could_improve",
    IDEA: "could_improve",
    GENERAL: "nonspecific",
}

# Sentiment labels, in a fixed order.
POSITIVE = "positive"
NEUTRAL = "neutral"
NEGATIVE = "negative"
SENTIMENTS: tuple[str, ...] = (POSITIVE, NEUTRAL, NEGATIVE)

# Redaction placeholders (design section 6).
REDACTION_TOKENS: tuple[str, ...] = (
    "[NAME]",
    "[PHONE]",
    "[EMAIL]",
    "[POSTCODE]",
    "[ADDRESS]",
    "[DATE]",
    "[NINO]",
    "[CHI]",
    "[REF]",
)

# Core theme ids that must always exist in the codebook.
CORE_THEME_IDS: tuple[str, ...] = (
    "housing",
    "employment",
    "money",
    "mental_health",
    "substance_use",
    "physical_health",
    "family",
    "stigma",
    "access",
    "staff",
    "information",
    "justice_process",
    "unpaid_work",
    "release",
    "safety",
    "peer_support",
    "young_people",
    "women_services",
    "travel_venue",
    "community",
)

MAX_TEXT_LENGTH = 2000
