"""`python -m feedback summaries rebuild|check`: recount every summary cube from the raw rows, or compare."""

from __future__ import annotations

import argparse

from feedback.cli.common import settings_and_factory
from feedback.db import transaction


def cmd_summaries(args: argparse.Namespace) -> int:
    """Rebuild the summary cubes, or (check) say whether they equal a recount; non-zero when not."""
    from feedback.models import CUBES
    from feedback.summaries.cells import by_cube, contributions
    from feedback.summaries.store import read_cube, rebuild

    _, factory = settings_and_factory()
    if args.action == "rebuild":
        with transaction(factory) as session:  # holds the write lock: writes wait, none is lost
            cells = rebuild(session.connection())
        print(f"Rebuilt the summaries: {cells:,} cells in {len(CUBES)} tables.")
        return 0
    with factory() as session:  # a read: writers carry on
        connection = session.connection()
        counted = by_cube(contributions(connection, None))
        wrong = [
            c.name
            for c in CUBES
            if read_cube(connection, c.name) != {k: tuple(v) for k, v in counted[c.name].items() if v[0]}
        ]
    if wrong:
        print(f"The summaries differ from a recount in {', '.join(wrong)}: run `summaries rebuild`.")
        return 1
    print(f"The summaries equal a recount of the raw rows ({len(CUBES)} tables).")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `summaries` command to the feedback command line."""
    parser = sub.add_parser(
        "summaries", help="rebuild the dashboard summaries, or check them against the rows"
    )
    parser.add_argument("action", choices=("rebuild", "check"), help="rebuild: recount; check: compare only")
    parser.set_defaults(func=cmd_summaries)
