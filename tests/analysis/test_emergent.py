"""Tests for analysis.emergent.emergent_groups."""

from __future__ import annotations

import pytest

from analysis.emergent import EmergentGroup, emergent_groups

TEXTS = [
    "The parking at the centre is terrible, no spaces",
    "Parking is a nightmare, had to park miles away",
    "No parking spaces so I was late",
    "Tea and biscuits were lovely",
    "Lovely tea and cake at the event",
    "The biscuits and tea made it feel welcoming",
    "Wifi did not work on the tablet",
    "Tablet kept freezing, wifi is poor",
    "Could not log in on the tablet, wifi dropped",
]


def test_groups_find_the_obvious_topics() -> None:
    groups = emergent_groups(TEXTS, n_groups=3, top_words=5, examples=2)
    assert len(groups) == 3
    word_sets = [set(group.top_words) for group in groups]
    assert any("parking" in words for words in word_sets)
    assert any("tea" in words for words in word_sets)
    assert any({"tablet", "wifi"} & words for words in word_sets)
    for group in groups:
        assert isinstance(group, EmergentGroup)
        assert len(group.top_words) <= 5
        assert len(group.examples) == len(group.example_indexes) <= 2
        assert all(TEXTS[i] == text for i, text in zip(group.example_indexes, group.examples, strict=True))
    assert sum(group.size for group in groups) == len(TEXTS)


def test_groups_are_repeatable_with_a_seed() -> None:
    assert emergent_groups(TEXTS, seed=1) == emergent_groups(TEXTS, seed=1)


@pytest.mark.parametrize(
    ("texts", "n_groups"),
    [
        ([], 5),
        (["only one comment about parking"], 5),
        (["", "   ", ""], 3),
        (["😀", "😀😀", "🙂"], 2),
        (["the and of", "it is the"], 2),
        (["[NAME] [PHONE]", "[NAME]"], 2),
        (TEXTS, 0),
    ],
)
def test_nothing_to_group_gives_empty_list(texts: list[str], n_groups: int) -> None:
    assert emergent_groups(texts, n_groups=n_groups) == []


def test_fewer_texts_than_groups() -> None:
    groups = emergent_groups(["parking was awful", "tea was lovely", "wifi kept dropping"], n_groups=10)
    assert 1 <= len(groups) <= 3
    assert {i for group in groups for i in group.example_indexes} <= {0, 1, 2}


def test_odd_input_does_not_crash() -> None:
    texts = [
        "<script>alert(1)</script> parking",
        "parking " * 400,
        None,
        "Dziękuję za parking",
        "شكرا parking",
        "\x00 parking tea",
    ]
    groups = emergent_groups(texts, n_groups=2)  # type: ignore[arg-type]
    assert groups
    assert all(2 not in group.example_indexes for group in groups)
