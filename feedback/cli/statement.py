"""`python -m feedback statement`: the participation statement for a period, as DOCX, CSV or Markdown."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from analysis.statement import GROUPINGS
from feedback.cli.common import CommandError, settings_and_factory
from feedback.reports.statement import STATEMENT_FORMATS, period_statement, render_statement


def _day(text: str, flag: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(f"{flag} must be a date written YYYY-MM-DD, not {text!r}.") from None


def cmd_statement(args: argparse.Namespace) -> int:
    """Write the participation statement for --from..--to to --out."""
    start, end = _day(args.date_from, "--from"), _day(args.date_to, "--to")
    if start > end:
        raise CommandError(f"--from ({start}) is after --to ({end}); give the earlier date first.")
    out = Path(args.out)
    suffix = out.suffix.lower()
    if suffix not in STATEMENT_FORMATS:
        raise CommandError(
            f"--out must end in {', '.join(STATEMENT_FORMATS)} (not {out.suffix or 'no extension'})."
        )
    if args.grouping not in GROUPINGS:
        raise CommandError(f"--grouping must be one of {', '.join(GROUPINGS)}, not {args.grouping!r}.")
    if not out.parent.is_dir():
        raise CommandError(f"The folder {out.parent} does not exist; create it or choose another --out.")
    _, factory = settings_and_factory()
    with factory() as session:
        statement = period_statement(session=session, start=start, end=end, grouping=args.grouping)
    try:
        out.write_bytes(render_statement(statement, suffix))
    except OSError as exc:
        raise CommandError(f"Cannot write {out}: {exc.strerror or type(exc).__name__}.") from exc
    print(
        f"Wrote the participation statement for {statement.period_text} "
        f"({statement.summary.activities} activities, {len(statement.rows)} rows) to {out}."
    )
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `statement` command to the feedback command line."""
    parser = sub.add_parser("statement", help="write the participation statement for a period")
    parser.add_argument("--from", dest="date_from", required=True, metavar="YYYY-MM-DD", help="first day")
    parser.add_argument("--to", dest="date_to", required=True, metavar="YYYY-MM-DD", help="last day")
    parser.add_argument("--out", required=True, metavar="FILE", help="FILE.docx, FILE.csv or FILE.md")
    parser.add_argument(
        "--grouping",
        default="activity",
        metavar="activity|category",
        help="one row per activity (default) or per stakeholder category",
    )
    parser.set_defaults(func=cmd_statement)
