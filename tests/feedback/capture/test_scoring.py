"""The analyser a process builds once per codebook: its long-lived objects are left out of garbage collection."""

from __future__ import annotations

import gc

from sqlalchemy.orm import Session

from feedback.capture import scoring


def test_building_the_analyser_freezes_the_heap_so_a_full_collection_skips_it(session: Session) -> None:
    gc.unfreeze()
    scoring._ANALYSERS.clear()
    assert gc.get_freeze_count() == 0
    analyser = scoring.get_analyser(session)
    assert gc.get_freeze_count() > 50_000  # the model, the word lists and the modules
    assert scoring.get_analyser(session) is analyser  # built once per codebook
    assert analyser.analyse("The staff listened to me.", "worked_well").sentiment in {"positive", "neutral"}
