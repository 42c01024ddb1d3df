"""Login is required everywhere: the only views open to anonymous users are the sign-in page,
the forgotten-password pages, the language switch and the JavaScript catalogue (the admin
guards itself)."""

from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC = {
    "login",
    "set_language",
    "javascript-catalog",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    # The public ULE list and its changes (acceptance.public), for citizens and journalists.
    "public_ule:list",
    "public_ule:changes",
    # The published inspection results ("one public", dashboards.public) and their export.
    "public_inspections:list",
    "public_inspections:export",
}


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.app_name == "admin":
                continue
            yield from _walk(p.url_patterns, prefix + (p.namespace + ":" if p.namespace else ""))
        elif isinstance(p, URLPattern):
            yield prefix + (p.name or repr(p.pattern)), p.callback


def test_every_view_requires_login_but_the_public_ones():
    open_views = {
        name
        for name, cb in _walk(get_resolver().url_patterns)
        if not getattr(cb, "login_required", True)
    }
    assert open_views == PUBLIC
