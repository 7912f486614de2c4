"""`python -m feedback survey-import FORM.xlsx` and `survey-export KEY --out FORM.xlsx`: surveys as XLSForm."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from feedback.capture.xlsform import XLSFormError, read_xlsform, write_xlsform
from feedback.cli.common import CommandError, settings_and_factory
from feedback.db import transaction
from feedback.imports.service import survey_by_key
from feedback.reference_data import sync_surveys


def cmd_survey_import(args: argparse.Namespace) -> int:
    """Read an XLSForm, list what is left out, write it as YAML to the surveys folder and store it."""
    path = Path(args.file)
    try:
        form = read_xlsform(path.read_bytes())
    except OSError as exc:
        raise CommandError(f"Cannot read {path}: {exc.strerror or type(exc).__name__}.") from exc
    except XLSFormError as exc:
        raise CommandError(f"{path.name}: {exc}") from exc
    for note in form.unsupported:
        print(f"not supported: {note}", file=sys.stderr)
    settings, factory = settings_and_factory()
    key = form.raw["settings"]["form_id"]
    out = Path(args.out) if args.out else settings.surveys_dir / f"{key}.yaml"
    if out.exists() and not args.replace:
        raise CommandError(f"{out} already exists. Bump the form's version and use --replace to update it.")
    if args.dry_run:
        print(f"Dry run: {key} version {form.raw['settings']['version']} reads well; nothing written.")
        return 0
    text = yaml.safe_dump(form.raw, sort_keys=False, allow_unicode=True, width=110)
    out.write_text(f"# Imported from {path.name} (XLSForm).\n" + text, encoding="utf-8")
    with transaction(factory) as session:
        added = sync_surveys(session, out.parent)
    print(
        f"Imported {key} version {form.raw['settings']['version']} to {out} ({added} new survey version "
        f"stored); {len(form.unsupported)} things in the file are not supported (listed above)."
    )
    return 0


def cmd_survey_export(args: argparse.Namespace) -> int:
    """Write the newest active version of a survey as an XLSForm workbook."""
    _, factory = settings_and_factory()
    with factory() as session:
        survey = survey_by_key(session=session, key=args.key)
        if survey is None:
            raise CommandError(f"There is no active survey {args.key!r}.")
        raw = survey.definition
    out = Path(args.out)
    try:
        out.write_bytes(write_xlsform(raw))
    except OSError as exc:
        raise CommandError(f"Cannot write {out}: {exc.strerror or type(exc).__name__}.") from exc
    print(f"Wrote {args.key} version {survey.version} to {out} as XLSForm.")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add survey-import and survey-export to the feedback command line."""
    imp = sub.add_parser("survey-import", help="import an XLSForm (.xlsx) as a survey")
    imp.add_argument("file", metavar="FORM.xlsx")
    imp.add_argument("--out", help="the YAML file to write (default FEEDBACK_SURVEYS_DIR/FORM_ID.yaml)")
    imp.add_argument("--replace", action="store_true", help="overwrite an existing survey file")
    imp.add_argument("--dry-run", action="store_true", help="check the form and list what is left out")
    imp.set_defaults(func=cmd_survey_import)
    exp = sub.add_parser("survey-export", help="write a survey as an XLSForm (.xlsx)")
    exp.add_argument("key", help="survey key (form_id), e.g. your_view_counts")
    exp.add_argument("--out", required=True, metavar="FORM.xlsx")
    exp.set_defaults(func=cmd_survey_export)
