"""axe-core over every page of every role, on a desktop and on a 390 px phone (issue 12).

The pages come from the URLconf (tests/pages.py): every pattern is a page, a declared non-page
(files, POST-only actions) or has demo objects to fill its parameters; a pattern added later
without either makes this test fail naming it. Each role gets one browser context, signed in
once (the session cookie of a test client), with axe loaded into every document; no serious or
critical violation may remain on any page the role can open.
"""

import pytest

from tests import pages
from tests.e2e import axe

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1720, "height": 900}}


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("role", list(pages.ROLES))
def test_no_serious_accessibility_violation_on_any_page(browser, live_server, demo, role, viewport):
    client = pages.client_for(role)
    found = pages.pages_for(role, client)
    assert found, f"{role} opens no page"
    context = browser.new_context(bypass_csp=True, **(PHONE if viewport == "phone" else DESKTOP))
    try:
        if "sessionid" in client.cookies:
            context.add_cookies(
                [
                    {
                        "name": "sessionid",
                        "value": client.cookies["sessionid"].value,
                        "url": live_server.url,
                    }
                ]
            )
        axe.install(context)
        page = context.new_page()
        violations = {}
        for p in found:
            v = axe.violations(page, live_server.url + p.url)
            if v:
                violations[f"{p.name} {p.url}"] = v
    finally:
        context.close()
    assert not violations, (
        f"{role} on a {viewport}: {len(violations)} of {len(found)} pages with serious or "
        f"critical violations:\n{axe.describe(violations)}"
    )


def test_every_page_with_parameters_has_demo_objects_or_is_declared():
    assert pages.uncovered_patterns() == []
