"""Hostile input into every view (issue 8): extreme dates, odd digits, NUL, line breaks, a
100,000-character string and an empty string, posted to every form field and sent as every
query parameter, as every role and signed out. No answer may be a server error, and every page
still renders afterwards.

How it works: the URL patterns come from the resolver (the admin is left to Django); their
arguments from the objects of the retrofits and inspections permission matrices, built on
``world``. Every page is fetched once (the baseline), which also yields its forms, parsed with
``html.parser``: each form is posted to its action with its own values, some replaced by hostile
ones. Each field and parameter gets every kind of hostile value once (one request per kind,
the clients taking turns) rather than every combination, which keeps the test within a minute.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import resolve
from django.urls.exceptions import Resolver404

HOSTILE = [
    "0001-01-01",
    "9999-12-31",
    "0001-01-01T00:00",
    "²",
    "１２",
    "-1",
    "99999999999999999999",
    "1\x00",
    "a\r\nb\nc",
    "x" * 100_000,
    "",
]

# Parameters read somewhere (besides those found in the source and in the pages' GET forms).
KNOWN_PARAMS = {
    "page",
    "q",
    "status",
    "period",
    "enterprise",
    "county",
    "draw_target",
    "task",
    "finding",
    "item",
    "next",
    "all",
    "unread",
    "category",
    "id",
    "ids",
    "industry",
    "ule_stage",
    "sort",  # column sorting (core.sorting)
}

ROOT = Path(__file__).resolve().parent.parent
APPS = ("accounts", "enterprises", "retrofits", "inspections", "notifications", "acceptance")
OK = {200, 301, 302, 400, 403, 404, 405}


def params_in_source() -> set[str]:
    """Every ``GET.get("x")``/``getlist("x")`` name in the apps' views and selectors."""
    found = set()
    pattern = re.compile(r"""GET(?:\.get|\.getlist|\[)\(?\s*["']([\w-]+)["']""")
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                found.update(pattern.findall(path.read_text(encoding="utf-8")))
    return found


def url_patterns() -> list[tuple[str, str, list[str]]]:
    """(route with ``{kwarg}`` holes, namespaced name, kwargs) of every portal view (the same
    walk of the resolver as the page list of the browser suite)."""
    from tests.pages import url_patterns as walk_resolver

    return walk_resolver()


class FormParser(HTMLParser):
    """The forms of a page: action, method and fields (name -> list of choices/values)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {
                "action": a.get("action") or "",
                "method": (a.get("method") or "get").lower(),
                "fields": {},
                "values": {},
            }
            self.forms.append(self._form)
            return
        if self._form is None or not a.get("name"):
            return
        name = a["name"]
        fields, values = self._form["fields"], self._form["values"]
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("file", "submit", "button", "image", "reset"):
                if kind == "submit" and a.get("value") is not None:
                    fields.setdefault(name, [])
                    values.setdefault(name, [a["value"]])
                return
            fields.setdefault(name, [])
            if kind in ("checkbox", "radio"):
                fields[name].append(a.get("value", "on"))
                if "checked" in a:
                    values.setdefault(name, []).append(a.get("value", "on"))
            else:
                values.setdefault(name, []).append(a.get("value") or "")
        elif tag == "select":
            self._select = name
            fields.setdefault(name, [])
        elif tag == "option" and self._select:
            fields[self._select].append(a.get("value", ""))
            if "selected" in a:
                values.setdefault(self._select, []).append(a.get("value", ""))
        elif tag == "textarea":
            self._textarea = name
            fields.setdefault(name, [])
            values.setdefault(name, [""])
        elif tag == "button" and a.get("value") is not None:
            fields.setdefault(name, [])
            values.setdefault(name, [a["value"]])

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            self._form["values"][self._textarea] = [data]

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def parse_forms(html: str) -> list[dict]:
    parser = FormParser()
    parser.feed(html)
    return parser.forms


@pytest.fixture
def objects(world, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }
    from tests.inspections.test_views import build_objs as inspection_objects
    from tests.retrofits.test_views import build_objs as retrofit_objects

    return retrofit_objects(world)["a"], inspection_objects(world)


def kwargs_for(name: str, kwargs: list[str], world, objects) -> dict[str, int]:
    retro, insp = objects
    enterprise = world.ent_a
    by_name = {
        "retrofits:node": retro["node"].pk,
        "retrofits:postponement": retro["change"].pk,
        "retrofits:report": retro["report"].pk,
        "retrofits:evidence": retro["evidence"].pk,
        "retrofits:": retro["project"].pk,
        "inspections:edit": insp.draft_a.pk,
        "inspections:enterprise_history": enterprise.pk,
        "inspections:attachment": insp.photo_a.pk,
        "inspections:finding_create_from": insp.insp_a.pk,
        "inspections:finding": insp.finding_responded.pk,
        "inspections:plan": insp.finding_a.plan_id,
        "inspections:draw": insp.draw_past.pk,
        "inspections:conflict": insp.conflict.pk,
        "inspections:checklist": insp.template.pk,
        "inspections:": insp.insp_a.pk,
    }
    others = {
        "unit_pk": enterprise.units.values_list("pk", flat=True).first() or 1,
        "point_pk": enterprise.emission_points.values_list("pk", flat=True).first() or 1,
        "contact_pk": enterprise.contacts.values_list("pk", flat=True).first() or 1,
        "enterprise_pk": enterprise.pk,
    }
    pk = next((v for k, v in by_name.items() if name.startswith(k)), enterprise.pk)
    return {k: others.get(k, pk) for k in kwargs}


class Fuzzer:
    def __init__(self):
        self.failures: list[str] = []
        self.sent: dict[str, set[int]] = {}  # field or parameter -> kinds of value sent

    def hostile(self, key: str, shift: int) -> str:
        index = shift % len(HOSTILE)
        self.sent.setdefault(key, set()).add(index)
        return HOSTILE[index]

    def check(self, response, what: str) -> int:
        if response.status_code not in OK:
            self.failures.append(f"{what}: {response.status_code}")
        return response.status_code


def _clients(world) -> list[tuple[str, Client, object]]:
    out = [("anonymous", Client(raise_request_exception=False), None)]
    for role, user in world.users().items():
        client = Client(raise_request_exception=False)
        client.force_login(user)
        out.append((role, client, user))
    return out


def _make_unit_point_contact(world):
    from tests.factories import ContactFactory, PointFactory, UnitFactory

    unit = UnitFactory(enterprise=world.ent_a)
    PointFactory(enterprise=world.ent_a, unit=unit)
    ContactFactory(enterprise=world.ent_a)


@pytest.mark.django_db
def test_hostile_values_in_every_field_and_parameter_never_cause_a_server_error(world, objects):
    _make_unit_point_contact(world)
    fuzz = Fuzzer()
    routes = [
        (hole.format(**kwargs_for(name, kwargs, world, objects)), name)
        for hole, name, kwargs in url_patterns()
    ]
    params = KNOWN_PARAMS | params_in_source()
    clients = _clients(world)

    # the baseline: every page as every client, and the forms the pages hold
    baseline: dict[tuple[str, str], int] = {}
    forms: dict[tuple[str, str], dict] = {}  # (role, action) -> form
    for role, client, _user in clients:
        for url, _name in routes:
            response = client.get(url)
            baseline[role, url] = fuzz.check(response, f"{role} GET {url} (baseline)")
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            for form in parse_forms(response.content.decode()):
                action = form["action"] or url
                if urlsplit(action).netloc:
                    continue
                path = urlsplit(action).path or url
                if form["method"] == "get":
                    params.update(form["fields"])
                key = (role, form["method"], path, tuple(sorted(form["fields"])))
                forms.setdefault(key, form | {"path": path})

    # every query parameter of every view: each gets every kind of value, the clients taking
    # turns
    for r, (url, name) in enumerate(routes):
        if name == "logout":
            continue
        for n in range(len(HOSTILE)):
            role, client, _user = clients[(r + n) % len(clients)]
            query = {p: fuzz.hostile(f"{name}?{p}", n) for p in params}
            fuzz.check(client.get(url, query), f"{role} GET {url} with hostile parameters")

    # every field of every form: each field gets every kind of value (in turns, every other
    # field keeping its own value so that the form gets past its first check), by the roles
    # that see the form in turn
    by_form: dict[tuple, tuple[dict, list[str]]] = {}
    for (role, method, path, names), form in forms.items():
        by_form.setdefault((method, path, names), (form, []))[1].append(role)
    for (method, path, _names), (form, roles) in by_form.items():
        try:
            view_name = resolve(path).view_name
        except Resolver404:
            continue
        fields = sorted(f for f in form["fields"] if f != "csrfmiddlewaretoken")
        for n in range(2 * len(HOSTILE)):
            role = roles[n % len(roles)]
            client, user = next((c, u) for r, c, u in clients if r == role)
            data = {}
            for i, field in enumerate(fields):
                # its own value, or for a choice nobody made yet the first one offered
                own = form["values"].get(field) or [c for c in form["fields"][field] if c][:1]
                if (i + n) % 2 == 0 or not own:
                    data[field] = fuzz.hostile(f"{view_name}:{field}", n // 2)
                else:
                    data[field] = own
            send = client.post if method == "post" else client.get
            fuzz.check(send(path, data), f"{role} {method.upper()} {path} {fields}")
            if view_name == "logout" and user is not None:
                client.force_login(user)

    # every page still renders: no server error, and pages without arguments as before
    for role, client, _user in clients:
        for url, name in routes:
            if name == "logout":
                continue
            status = fuzz.check(client.get(url), f"{role} GET {url} (after)")
            if "{" not in next(h for h, nm, _k in url_patterns() if nm == name) and (
                status != baseline[role, url]
            ):
                fuzz.failures.append(f"{role} GET {url}: {baseline[role, url]} -> {status}")

    assert not fuzz.failures, "\n".join(fuzz.failures[:40])
    incomplete = {k: len(v) for k, v in fuzz.sent.items() if len(v) < len(HOSTILE)}
    assert not incomplete, f"not every kind of value was sent to: {incomplete}"


@pytest.mark.django_db
def test_admin_lists_survive_hostile_parameters(world):
    """The admin's lists (search, page, ordering, filters and date drill-down) as the office."""
    from django.contrib import admin

    world.office.is_staff = world.office.is_superuser = True
    world.office.save()
    client = Client(raise_request_exception=False)
    client.force_login(world.office)
    fuzz = Fuzzer()
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        url = f"/admin/{meta.app_label}/{meta.model_name}/"
        params = {"q", "p", "o", "e", "all", "_popup", "_to_field"}
        if model_admin.date_hierarchy:
            field = model_admin.date_hierarchy
            params |= {f"{field}__year", f"{field}__month", f"{field}__day"}
        for f in model_admin.list_filter:
            name = f if isinstance(f, str) else getattr(f, "parameter_name", None)
            if name:
                params |= {name, f"{name}__exact", f"{name}__id__exact"}
        for n in range(len(HOSTILE)):
            query = {p: fuzz.hostile(f"{url}?{p}", n) for p in params}
            fuzz.check(client.get(url, query), f"GET {url} with hostile parameters")
            # a bad filter sends the admin back to the bare list: search and pages alone too
            search = dict.fromkeys(("q", "p"), HOSTILE[n])
            fuzz.check(client.get(url, search), f"GET {url} with a hostile search")
        assert client.get(url).status_code == 200, url
    assert not fuzz.failures, "\n".join(fuzz.failures[:40])
