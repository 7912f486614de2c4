"""`python -m feedback import FILE --activity ID`: responses from a CSV or XLSX file, checked, analysed, stored once."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from feedback.access import SYSTEM
from feedback.capture.pending import analyse_pending, count_pending
from feedback.cli.common import CommandError, settings_and_factory
from feedback.db import transaction
from feedback.imports.files import ImportFileError, read_table
from feedback.imports.mapping import FIELDS, IGNORED, ColumnMapping, guess_columns
from feedback.imports.saved import load_mapping, save_mapping
from feedback.imports.service import check_file, import_context, rejected_csv, run_import
from feedback.validation import ValidationError


def _progress(verb: str, unit: str = "rows"):
    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        bar = "#" * filled + "-" * (width - filled)
        print(f"\r{verb} [{bar}] {done:,}/{total:,} {unit}", end="", file=sys.stderr, flush=True)
        if done >= total:
            print(file=sys.stderr)

    return show


def _mapping(args: argparse.Namespace, session, headings: list[str], definition) -> ColumnMapping:
    """The saved mapping named by --mapping, else a guess from the headings; then each --map applied."""
    if args.mapping:
        mapping = load_mapping(session=session, name=args.mapping)
        if mapping is None:
            raise CommandError(f"There is no saved mapping {args.mapping!r}. Save one with --save-mapping.")
        if mapping.survey_key != definition.key:
            raise CommandError(f"The mapping {args.mapping!r} is for the survey {mapping.survey_key!r}.")
        columns = dict(mapping.columns)
    else:
        columns = guess_columns(headings, definition)
    for pair in args.map or []:
        heading, sep, target = pair.partition("=")
        if not sep:
            raise CommandError(f"--map takes COLUMN=QUESTION (or COLUMN= to ignore a column), not {pair!r}.")
        columns = {c: t for c, t in columns.items() if t != target.strip() or not target.strip()}
        columns[heading.strip()] = target.strip()
    columns = {c: t for c, t in columns.items() if t != IGNORED}
    everyone = args.everyone_consented or (bool(args.mapping) and mapping.everyone_consented)
    return ColumnMapping(survey_key=definition.key, columns=columns, everyone_consented=everyone)


def _print_mapping(mapping: ColumnMapping) -> None:
    for heading, target in mapping.columns.items():
        print(f"  {heading!r} -> {FIELDS.get(target, target)}", file=sys.stderr)


def cmd_import(args: argparse.Namespace) -> int:
    """Check every row; with bad rows, store nothing unless --import-good-rows; write the rejected rows."""
    path = Path(args.file)
    try:
        table = read_table(path.read_bytes(), path.name)
    except OSError as exc:
        raise CommandError(f"Cannot read {path}: {exc.strerror or type(exc).__name__}.") from exc
    except ImportFileError as exc:
        raise CommandError(f"{path.name}: {exc}") from exc
    _, factory = settings_and_factory()
    try:
        with factory() as session:
            context, target = import_context(
                session=session, survey_key=args.survey, activity_id=args.activity, viewer=SYSTEM
            )
            mapping = _mapping(args, session, list(table.frame.columns), context.definition)
        print(f"{path.name}: {len(table.frame):,} rows. Columns used:", file=sys.stderr)
        _print_mapping(mapping)
        checked = check_file(table.frame, mapping, context, _progress("Checking"))
        if args.save_mapping:
            with transaction(factory) as session:
                save_mapping(session=session, name=args.save_mapping, mapping=mapping, user_id=None)
        rejects = Path(args.rejects or path.with_name(path.stem + ".rejected.csv"))
        if checked.rejected:
            rejects.write_bytes(rejected_csv(table.frame, checked))
            print(
                f"{len(checked.rejected):,} rows have problems; they are listed with the reason in {rejects}."
            )
            if not args.import_good_rows:
                raise CommandError(
                    f"Nothing was imported. Fix the rows in {rejects.name}, or re-run with --import-good-rows "
                    f"to import the other {len(checked.good):,} rows now."
                )
        if args.dry_run:
            print(f"Dry run: {len(checked.good):,} rows would be imported. Nothing was stored.")
            return 0
        result = run_import(
            factory=factory,
            checked=checked,
            target=target,
            import_good_rows=True,
            progress=_progress("Importing"),
        )
    except ValidationError as exc:
        raise CommandError(exc.summary) from exc
    print(
        f"Imported {result.stored:,} responses ({result.already_stored:,} were already stored, "
        f"{len(checked.rejected):,} rejected); {result.flagged:,} comments flagged for safeguarding "
        "by the rules."
    )
    _finish_analysis(factory)
    return 0


def _finish_analysis(factory) -> None:
    """Run the model's analysis of the comments left pending (it raises any further alerts)."""
    with factory() as session:
        pending = count_pending(session=session)
    if pending:
        show = _progress("Analysing", unit="comments")
        done = analyse_pending(factory=factory, progress=lambda n: show(n, pending))
        print(f"Analysed {len(done):,} comments; each disclosure found raised a safeguarding alert.")


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `import` command to the feedback command line."""
    parser = sub.add_parser("import", help="import survey responses from a CSV or XLSX file")
    parser.add_argument("file", metavar="FILE", help="a .csv or .xlsx file, headings in the first row")
    parser.add_argument(
        "--activity", type=int, required=True, help="id of the activity the responses belong to"
    )
    parser.add_argument("--survey", default="your_view_counts", help="survey key (default your_view_counts)")
    parser.add_argument("--mapping", help="use the saved column mapping of this name")
    parser.add_argument(
        "--map",
        action="append",
        metavar="COLUMN=TARGET",
        help="map a column to a question name or one of " + ", ".join(FIELDS) + " (repeatable)",
    )
    parser.add_argument("--save-mapping", metavar="NAME", help="save the mapping used under this name")
    parser.add_argument(
        "--everyone-consented", action="store_true", help="no consent column: everyone in the file agreed"
    )
    parser.add_argument(
        "--import-good-rows", action="store_true", help="import the good rows even when some are rejected"
    )
    parser.add_argument(
        "--rejects", metavar="FILE", help="where to write rejected rows (default FILE.rejected.csv)"
    )
    parser.add_argument("--dry-run", action="store_true", help="check every row, store nothing")
    parser.set_defaults(func=cmd_import)
