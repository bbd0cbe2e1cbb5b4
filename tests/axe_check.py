"""axe-core in a real page: WCAG 2.1 A and AA rules, serious and critical violations as readable lines.

axe-core comes bundled in `axe-playwright-python` (requirements-dev.txt); `axe_or_skip()` skips a test that
needs it when it is missing. One definition for every browser test that runs axe (the dashboard, its sidebar's
refresh states, the published site), so that they check the same rules in the same way.
"""

from __future__ import annotations

import pytest

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
# Only the violations are reported in full: axe otherwise describes every element that passed each rule, which
# on a table of 197 States took it twice as long, and every violation is still found and reported the same.
OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_AA}, "resultTypes": ["violations"]}


# axe's run, given its arguments as values (Playwright passes them as JSON), not written into the script's text.
HAS_AXE = "typeof window.axe === 'object' && typeof window.axe.run === 'function'"
RUN_AXE = "([context, options]) => axe.run(context || document, options || {})"


def axe_or_skip():
    """An axe-core runner that adds axe's script to a document only when it is not there yet: a tab that moves
    through the sidebar keeps it, where adding its 570 KB of script before every check cost the browser 0.16
    CPU-s each time. Only the package's script and its results' type are used, not how it builds its calls."""
    module = pytest.importorskip("axe_playwright_python.sync_playwright",
                                 reason="axe-playwright-python missing (pip install -r requirements-dev.txt)")

    class OncePerDocument(module.Axe):
        def run(self, page, context=None, options=None):
            if not page.evaluate(HAS_AXE):
                page.evaluate(self.axe_script)
            return module.AxeResults(page.evaluate(RUN_AXE, [context, options]))

    return OncePerDocument()


def blocking_violations(response: dict) -> list[str]:
    """One line per serious or critical violation: the rule, its impact and each element it found."""
    lines = []
    for rule in response["violations"]:
        if rule["impact"] not in BLOCKING:
            continue
        for node in rule["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"{rule['id']} ({rule['impact']}): {target}\n    {node['html'][:160]}\n"
                         f"    {node.get('failureSummary', '').splitlines()[-1:]}")
    return lines


def serious_violations(axe, page, context: str | None = None) -> list[str]:
    """axe's WCAG A/AA rules on the page (or the part `context` selects): the serious and critical findings."""
    return blocking_violations(axe.run(page, context=context, options=OPTIONS).response)
