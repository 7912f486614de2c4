"""Simple XLSForm skip logic: `relevant` expressions such as ${q} = 'yes' or selected(${q}, 'a').

Supported: comparisons of one answer with a quoted text or a number (=, !=, <, <=, >, >=),
selected(${q}, 'choice'), not(selected(...)), joined by `and` / `or` (and binds first), no other
brackets. Anything else is refused when the survey is loaded, so a form never half-works.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_TOKEN = re.compile(
    r"\s*(?:(?P<not>not\(\s*)?selected\(\s*\$\{(?P<sel>\w+)\}\s*,\s*(?P<sq>'[^']*'|\"[^\"]*\")\s*\)(?P<close>\s*\))?"
    r"|\$\{(?P<ref>\w+)\}\s*(?P<op>!=|>=|<=|=|>|<)\s*(?P<val>'[^']*'|\"[^\"]*\"|-?\d+(?:\.\d+)?)"
    r"|(?P<join>and|or))\s*"
)


class RelevanceError(ValueError):
    """A `relevant` expression outside the simple skip logic we support."""


def _clauses(expression: str) -> list[list[re.Match]]:
    """The expression as `or` of `and`-groups of matched tests; raise when it is not simple."""
    groups: list[list[re.Match]] = [[]]
    position, want_test = 0, True
    text = expression.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise RelevanceError(f"cannot read {text[position:][:30]!r}")
        is_join = match.group("join") is not None
        if is_join == want_test or (match.group("not") is not None) != (match.group("close") is not None):
            raise RelevanceError(f"cannot read {match.group(0).strip()!r} here")
        if is_join:
            if match.group("join") == "or":
                groups.append([])
        else:
            groups[-1].append(match)
        want_test = is_join
        position = match.end()
    if want_test:
        raise RelevanceError("the expression is empty or ends with and/or")
    return groups


def references(expression: str) -> set[str]:
    """The question names an expression reads (raises RelevanceError when it is not simple)."""
    return {m.group("sel") or m.group("ref") for group in _clauses(expression) for m in group}


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple | set):
        return [str(v) for v in value]
    return str(value).split()


def _test(match: re.Match, answers: Mapping[str, object]) -> bool:
    if match.group("sel"):
        picked = match.group("sq")[1:-1] in _as_list(answers.get(match.group("sel")))
        return not picked if match.group("not") else picked
    value = answers.get(match.group("ref"))
    given = (
        " ".join(_as_list(value))
        if isinstance(value, list | tuple)
        else ("" if value is None else str(value))
    )
    raw, op = match.group("val"), match.group("op")
    if raw[0] in "'\"":
        wanted: object = raw[1:-1]
        left: object = given
    else:
        try:
            left, wanted = float(given), float(raw)
        except ValueError:
            return op == "!="  # an unanswered or non-numeric answer never equals a number
    return {
        "=": left == wanted,
        "!=": left != wanted,
        ">": left > wanted,
        "<": left < wanted,
        ">=": left >= wanted,
        "<=": left <= wanted,
    }[op]


def is_relevant(expression: str, answers: Mapping[str, object]) -> bool:
    """True when a question with this `relevant` expression should be asked (blank: always)."""
    if not expression or not expression.strip():
        return True
    return any(all(_test(m, answers) for m in group) for group in _clauses(expression))
