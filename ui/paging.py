"""Keyset paging state of a list page: where each page seen so far starts, kept per filter set."""

from __future__ import annotations

from collections.abc import Hashable

import streamlit as st


def page_starts(key: str, filters: Hashable) -> list:
    """The cursor each page seen so far starts after (the first page at None); new filters start again."""
    kept = st.session_state.get(key)
    if not kept or kept[0] != filters:
        kept = (filters, [None])
        st.session_state[key] = kept
    return kept[1]


def turn_page(key: str, filters: Hashable, after: object | None) -> None:
    """Go to the next page (the one after the cursor) or, with None, back one page."""
    starts = page_starts(key, filters)
    if after is None:
        if len(starts) > 1:
            starts.pop()
    else:
        starts.append(after)
