"""axe-core in the browser journeys: injected by the tests only (the portal never serves it to
a page), run on the page as shown, its serious and critical violations returned."""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = {"critical", "serious"}

_RUN = """async () => {
  if (typeof axe === "undefined") { return null; }
  // judge the page as it settles, not a button half-way through its colour transition
  await Promise.all(document.getAnimations().filter(a => a instanceof CSSTransition)
    .map(a => a.finished.catch(() => null)));
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target, html: n.html.slice(0, 200),
                              failureSummary: n.failureSummary}))}));
}"""


def install(context) -> None:
    """Load axe into every document of the browser context before the page's own scripts
    (once per context rather than once per page). The context must bypass the portal's
    Content-Security-Policy, which rightly refuses the injected script."""
    context.add_init_script(path=str(AXE))


def violations(page, url: str | None = None) -> list[dict]:
    """axe's serious and critical violations on ``url`` (or on the page as it is)."""
    if url is not None:
        page.goto(url)
    found = page.evaluate(_RUN)
    if found is None:  # a context without install(): inject into this page only
        page.add_script_tag(path=str(AXE))
        found = page.evaluate(_RUN)
    return [v for v in found if v["impact"] in BLOCKING]


def describe(found: dict[str, list[dict]]) -> str:
    """One line per page and rule, with the first elements, for an assertion message."""
    lines = []
    for where, items in found.items():
        for v in items:
            targets = ", ".join(" ".join(n["target"]) for n in v["nodes"][:3])
            lines.append(f"{where}: {v['id']} ({v['impact']}, {len(v['nodes'])}x) {targets}")
    return "\n".join(lines)
