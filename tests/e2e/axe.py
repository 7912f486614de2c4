"""axe-core in the browser: run it on the page shown, drop the documented exclusions, count by impact.

axe-core ships inside the pinned `axe-playwright-python` package (axe.min.js): nothing is
downloaded at test time. The exclusions are the few rules Streamlit's own markup breaks and we
cannot fix from the app; each is one rule on one selector, explained in docs/accessibility.md.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

IMPACTS = ("critical", "serious", "moderate", "minor")
BLOCKING = ("critical", "serious")
# (rule id, CSS selector of the only nodes it is waived for): see docs/accessibility.md.
EXCLUSIONS: tuple[tuple[str, str], ...] = ()
_AXE = Axe()


@dataclass(frozen=True)
class Finding:
    """One axe violation on one page: rule, impact, how many nodes, and a sample target."""

    rule: str
    impact: str
    nodes: int
    target: str
    help: str


def _waived(rule: str, target: str, page: Page) -> bool:
    """True when a node is covered by a documented exclusion (its selector matches the node)."""
    for excluded_rule, selector in EXCLUSIONS:
        if excluded_rule == rule and page.evaluate(
            "([t, s]) => { const n = document.querySelector(t); return !!n && !!n.closest(s); }",
            [target, selector],
        ):
            return True
    return False


def audit(page: Page) -> list[Finding]:
    """The axe violations on the page as shown now (WCAG 2.x A and AA plus best practice)."""
    results = _AXE.run(page, options={"resultTypes": ["violations"]})
    findings: list[Finding] = []
    for violation in results.response["violations"]:
        targets = [
            ", ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"])
            for node in violation["nodes"]
        ]
        kept = [t for t in targets if not _waived(violation["id"], t, page)]
        if kept:
            findings.append(
                Finding(
                    violation["id"], violation.get("impact") or "minor", len(kept), kept[0], violation["help"]
                )
            )
    return findings


def by_impact(findings: list[Finding]) -> dict[str, int]:
    """Violated rules counted by impact (every impact present, zero included)."""
    counts = Counter(f.impact for f in findings)
    return {impact: counts.get(impact, 0) for impact in IMPACTS}


def blocking(findings: list[Finding]) -> list[Finding]:
    """The serious and critical violations: any of these fails the build."""
    return [f for f in findings if f.impact in BLOCKING]


def describe(findings: list[Finding]) -> str:
    """One line per violation, for a failing test's message."""
    return "\n".join(f"{f.impact}: {f.rule} ({f.nodes} nodes, e.g. {f.target}): {f.help}" for f in findings)
