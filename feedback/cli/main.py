"""The operator's jobs: migrate, demo, rescore, retention, statement, users, import."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import logging
import sys
from collections.abc import Callable, Sequence

from sqlalchemy.exc import OperationalError, SQLAlchemyError

from feedback.access import ROLES
from feedback.cli.common import CommandError, settings_and_factory
from feedback.cli.imports import register as register_import
from feedback.cli.statement import register as register_statement
from feedback.cli.summaries import register as register_summaries
from feedback.cli.surveys import register as register_surveys
from feedback.dates import day_after, day_start
from feedback.db import checkpoint, make_engine, transaction
from feedback.models import utcnow
from feedback.settings import SettingsError, get_settings

log = logging.getLogger("feedback")
Handler = Callable[[argparse.Namespace], int]


def cmd_migrate(_args: argparse.Namespace) -> int:
    """Apply migrations and reference data."""
    from feedback.migrations import migrate

    settings = get_settings()
    engine = make_engine(settings.database_url)
    added = migrate(engine, settings)
    print(
        f"Database is up to date ({engine.url.get_backend_name()}). Added: "
        + ", ".join(f"{v} {k}" for k, v in added.items())
    )
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Load demo data into an empty database."""
    from feedback.demo import DatabaseNotEmptyError, is_empty, load_demo

    _, factory = settings_and_factory()
    with factory() as session:
        empty = is_empty(session)
    if not empty:
        if args.if_empty:
            print("The database already holds data; demo data not loaded.")
            return 0
        raise CommandError(
            "The database already holds activities or feedback, so demo data was not "
            "loaded. Use an empty database (or --if-empty to skip quietly)."
        )
    try:
        with transaction(factory) as session:
            counts = load_demo(session=session, seed=args.seed)
    except DatabaseNotEmptyError as exc:
        raise CommandError(str(exc)) from exc
    print(
        "Loaded demo data: "
        + ", ".join(f"{v} {k}" for k, v in counts.items())
        + ". Demo sign-ins: admin/partnership-demo, staff/111333, lead.hamilton/222444, reviewer/333555."
    )
    return 0


def cmd_rescore(args: argparse.Namespace) -> int:
    """Re-analyse stored comments."""
    from feedback.capture.rescore import rescore_all

    _, factory = settings_and_factory()

    def progress(done: int, total: int) -> None:
        print(f"\rRe-scored {done:,} of {total:,} comments", end="", file=sys.stderr, flush=True)

    done = rescore_all(
        factory=factory, batch_size=args.batch_size, only_stale=args.only_stale, progress=progress
    )
    print(file=sys.stderr)
    print(f"Re-scored {done:,} comments.")
    return 0


def read_new_pin(args: argparse.Namespace) -> tuple[str, str]:
    """The new PIN, typed twice at a prompt, or one line from stdin with --pin-stdin; never argv."""
    if args.pin_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        return line, line
    if not sys.stdin.isatty():
        raise CommandError("There is no terminal to type the PIN at. Pipe it in with --pin-stdin.")
    try:
        first = getpass.getpass("PIN or passphrase: ")
        second = getpass.getpass("The same again: ")
    except (EOFError, KeyboardInterrupt):
        raise CommandError("No PIN typed; nothing was added.") from None
    return first, second


def cmd_user_add(args: argparse.Namespace) -> int:
    """Add a staff account; the PIN is prompted for (or read from stdin), never on the command line."""
    from feedback.admin.sso import set_sso_email
    from feedback.admin.users import add_user
    from feedback.validation import ValidationError

    if args.pin is not None:
        raise CommandError(
            "Do not put a PIN on the command line (it stays in the shell history and the process "
            "list). Leave out --pin to be asked for it, or pipe it in with --pin-stdin."
        )
    pin, repeat = read_new_pin(args)
    _, factory = settings_and_factory()
    try:
        with transaction(factory) as session:
            added = add_user(
                session=session,
                username=args.username,
                display_name=args.name,
                role=args.role,
                locality=args.locality,
                pin=pin,
                repeat_pin=repeat,
                actor_id=None,
            )
            if args.email:
                set_sso_email(session=session, user_id=added.id, email=args.email, actor_id=None)
    except ValidationError as exc:
        raise CommandError(exc.summary) from exc
    print(f"Added user {added.username} ({args.role}).")
    return 0


def _as_of(text: str | None) -> tuple[dt.datetime, str]:
    """The moment a purge runs as of: the end of DATE (never later than now), or now; and its words."""
    now = utcnow()
    if text is None:
        return now, f"as of now, {now:%Y-%m-%d %H:%M} UTC"
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(f"--as-of must be a date written YYYY-MM-DD, not {text!r}.") from None
    if day_start(day) > now:
        raise CommandError(
            f"--as-of {day} is in the future: a purge runs as of today or an earlier day, so text "
            "still inside the retention period is never removed."
        )
    return min(day_after(day), now), f"as of the end of {day}"


def cmd_retention(args: argparse.Namespace) -> int:
    """Blank the raw text of comments older than the retention period (redacted text and analysis stay)."""
    from feedback.admin.retention import count_expired_text, purge_expired_text, retention_cutoff

    now, as_of = _as_of(args.as_of)
    settings, factory = settings_and_factory()
    days = settings.retention_days
    before = retention_cutoff(retention_days=days, now=now).date()
    if args.dry_run:
        with factory() as session:
            expired = count_expired_text(session=session, retention_days=days, now=now)
        print(
            f"Dry run: would remove the unredacted text of {expired:,} comments written before {before} "
            f"(retention {days} days, {as_of}). Nothing was changed."
        )
        return 0
    with transaction(factory) as session:
        purged = purge_expired_text(session=session, retention_days=days, now=now)
    checkpoint(factory.kw["bind"])
    print(
        f"Removed the unredacted text of {purged:,} comments written before {before} "
        f"(retention {days} days, {as_of}); their redacted text and analysis are kept."
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command."""
    parser = argparse.ArgumentParser(prog="python -m feedback", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser("migrate", help="apply database migrations and reference data").set_defaults(
        func=cmd_migrate
    )
    demo = sub.add_parser("demo", help="load demo data into an empty database")
    demo.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    demo.add_argument("--if-empty", action="store_true", help="do nothing, successfully, if data exists")
    demo.set_defaults(func=cmd_demo)
    rescore = sub.add_parser("rescore", help="re-analyse stored comments after a model or codebook change")
    rescore.add_argument("--batch-size", type=int, default=500)
    rescore.add_argument(
        "--only-stale", action="store_true", help="only comments of an older analysis version"
    )
    rescore.set_defaults(func=cmd_rescore)
    retention = sub.add_parser(
        "retention", help="remove unredacted comment text older than FEEDBACK_RETENTION_DAYS"
    )
    retention.add_argument(
        "--as-of",
        metavar="DATE",
        default=None,
        help="run as at the end of this day, YYYY-MM-DD (default: now)",
    )
    retention.add_argument("--dry-run", action="store_true", help="only say how many comments it would touch")
    retention.set_defaults(func=cmd_retention)
    user = sub.add_parser(
        "user-add", help="add a staff account (asks for the PIN twice, or reads it with --pin-stdin)"
    )
    user.add_argument("--username", required=True)
    user.add_argument("--name", default="")
    user.add_argument("--role", required=True, choices=list(ROLES))
    user.add_argument("--locality", default=None)
    user.add_argument("--pin-stdin", action="store_true", help="read the PIN from the first line of stdin")
    user.add_argument("--email", default="", help="e-mail for single sign-on (optional)")
    user.add_argument("--pin", default=None, help=argparse.SUPPRESS)  # refused with a clear message
    user.set_defaults(func=cmd_user_add)
    register_statement(sub)
    register_import(sub)
    register_surveys(sub)
    register_summaries(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; report failures as one line on stderr and exit non-zero."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (CommandError, SettingsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
    except OperationalError as exc:
        print(
            f"error: cannot reach the database ({type(exc.orig).__name__}); check FEEDBACK_DATABASE_URL "
            "and that the server is running.",
            file=sys.stderr,
        )
    except SQLAlchemyError as exc:
        print(
            f"error: the database refused the operation ({type(exc).__name__}). Run "
            "'python -m feedback migrate' first.",
            file=sys.stderr,
        )
    return 1
