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

# Activity kinds (design section 2), id -> plain label.
ACTIVITY_KINDS: dict[str, str] = {
    "listen_event": "LISTEN event",
    "womens_hub_visit": "Women's hub visit",
    "survey_session": "Survey session",
    "partner_consultation": "Partner consultation",
    "community_event": "Community event",
    "other": "Other activity",
}

# Localities, id -> label; "south_lanarkshire_wide" covers all four.
LOCALITIES: dict[str, str] = {
    "east_kilbride_strathaven": "East Kilbride/Strathaven",
    "clydesdale": "Clydesdale",
    "rutherglen_cambuslang": "Rutherglen/Cambuslang",
    "hamilton_blantyre_larkhall": "Hamilton/Blantyre/Larkhall",
    "south_lanarkshire_wide": "South Lanarkshire-wide",
}

# Stakeholder groups (national strategy plus staff), id -> plain label.
NOT_RECORDED = "not_recorded"
STAKEHOLDER_GROUPS: dict[str, str] = {
    "people_with_convictions": "People with convictions",
    "families": "Families of people with convictions",
    "victims": "Victims of crime and their families",
    "community_members": "Community members",
    "local_businesses": "Local businesses",
    "community_bodies_third_sector": "Community bodies and third-sector providers",
    "statutory_staff_volunteers": "Statutory partners' staff and volunteers",
    NOT_RECORDED: "Not recorded",
}

# Partner sectors, id -> label.
PARTNER_SECTORS: dict[str, str] = {
    "statutory": "Statutory",
    "third_sector": "Third sector",
    "community": "Community",
    "private": "Private",
}

# "You said, we did" action statuses, id -> label.
ACTION_STATUSES: dict[str, str] = {
    "planned": "Planned",
    "in_progress": "In progress",
    "done": "Done",
    "not_taken_forward": "Not taken forward",
}

# National Standards for Community Engagement, as activity tags.
NATIONAL_STANDARDS: tuple[str, ...] = (
    "Inclusion",
    "Support",
    "Planning",
    "Working together",
    "Methods",
    "Communication",
    "Impact",
)

# Participation statement headings (after the 2017 statement), in the order they are printed.
STATEMENT_CATEGORIES: tuple[str, ...] = (
    "People in prison and with convictions",
    "Families",
    "Victims",
    "Community sector",
    "Voluntary sector interface / third sector",
    "Statutory partners",
    "Social work justice teams",
    "Other activities",
)
