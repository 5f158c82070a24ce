"""axe-core, the accessibility engine, run inside a page or an iframe of the real app.

fetch_assets.sh unpacks the npm package (assets.txt) into .assets/; each call injects it into the
document and returns axe's violations in a short form: rule, impact, and the failing elements."""

from __future__ import annotations

import functools

from tests.browser import offline

# WCAG 2.x A and AA, and axe's best practices (landmarks, headings, regions): what the issue counts.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@functools.cache
def axe_source() -> str:
    spec = next(s for s in offline.asset_specs() if s.startswith("axe-core@"))
    return (offline.ASSETS_DIR / spec / "axe.min.js").read_text(encoding="utf-8")


def run_axe(target) -> list[dict]:
    """Violations of a Playwright Page or Frame: [{"id", "impact", "nodes": [target, summary]}]."""
    if not target.evaluate("() => typeof window.axe !== 'undefined'"):
        target.add_script_tag(content=axe_source())
    return target.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
            return result.violations.map(v => ({id: v.id, impact: v.impact,
                nodes: v.nodes.map(n => [n.target.join(" "), (n.failureSummary || "").slice(0, 300)])}));
        }""",
        TAGS,
    )


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}) x{len(v['nodes'])}: " + "; ".join(n[0] + " — " + n[1] for n in
                                                                               v["nodes"][:3])
                     for v in violations)
