"""Surveys as files: `survey-import` / `survey-export` (XLSForm), `paper-form` and `card-sheet` (PDF)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd
import yaml

from analysis.exports import frame_to_xlsx_bytes
from feedback.capture.surveys import parse_definition
from feedback.capture.xlsform import XLSFormError, read_xlsform, write_xlsform
from feedback.cli.common import CommandError, settings_and_factory
from feedback.db import transaction
from feedback.imports.paper import card_sheet_pdf, paper_mapping, survey_pdf, typing_headings
from feedback.imports.saved import save_mapping
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


def _write(out: Path, data: bytes) -> None:
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise CommandError(f"Cannot write {out}: {exc.strerror or type(exc).__name__}.") from exc


def cmd_paper_form(args: argparse.Namespace) -> int:
    """Print a survey as a PDF form; with --template, the spreadsheet to type it into, codes filled in."""
    _, factory = settings_and_factory()
    with factory() as session:
        survey = survey_by_key(session=session, key=args.key)
        if survey is None:
            raise CommandError(f"There is no active survey {args.key!r}.")
        definition = parse_definition(survey.definition, source=survey.key)
    if args.language and args.language not in definition.languages:
        raise CommandError(f"--language must be one of {', '.join(definition.languages)}.")
    pdf, codes = survey_pdf(definition, copies=args.copies, language=args.language)
    _write(Path(args.out), pdf)
    print(f"Wrote {len(codes)} paper forms of {args.key} to {args.out} (codes {codes[0]} to {codes[-1]}).")
    if args.template:
        frame = pd.DataFrame({h: codes if h == "form_code" else "" for h in typing_headings(definition)})
        _write(Path(args.template), frame_to_xlsx_bytes(frame, sheet_name="Typed up"))
        name = f"Paper form: {definition.key}"
        with transaction(factory) as session:
            save_mapping(session=session, name=name, mapping=paper_mapping(definition), user_id=None)
        print(f"Wrote the typing-up spreadsheet to {args.template}; import it with --mapping {name!r}.")
    return 0


def cmd_card_sheet(args: argparse.Namespace) -> int:
    """Print a blank feedback-card sheet for an event."""
    pdf, codes = card_sheet_pdf(cards=args.cards)
    _write(Path(args.out), pdf)
    print(f"Wrote {len(codes)} blank feedback cards to {args.out}.")
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
    paper = sub.add_parser("paper-form", help="print a survey as a PDF paper form, a code on each copy")
    paper.add_argument("key", help="survey key (form_id)")
    paper.add_argument("--out", required=True, metavar="FORMS.pdf")
    paper.add_argument("--copies", type=int, default=1, help="how many forms, each with its own code")
    paper.add_argument("--language", default=None, help="language version (default the survey's default)")
    paper.add_argument(
        "--template", metavar="TYPED.xlsx", help="also write the spreadsheet to type them into"
    )
    paper.set_defaults(func=cmd_paper_form)
    cards = sub.add_parser("card-sheet", help="print blank feedback cards for an event (PDF)")
    cards.add_argument("--out", required=True, metavar="CARDS.pdf")
    cards.add_argument("--cards", type=int, default=4)
    cards.set_defaults(func=cmd_card_sheet)
