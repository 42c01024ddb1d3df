"""What a notification says, rendered when it is read or mailed, in the reader's language.

A notification row stores the event: its ``kind`` (``"<app>.<event>"``), the parameters the
text needs (numbers, ISO dates, names in both languages) and the link. Each app's
``messages.py`` registers one renderer per kind with ``@renders("retrofit.due")``; a renderer
turns the parameters into a subject and a body with ``gettext`` under the language active at
the time (``render`` activates the reader's). Nothing is translated when the row is written.

Parameters hold only JSON values. A name that exists in two languages is stored with
``bilingual(obj)`` and read back with ``local(value)``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

TEXT = "notifications.text"


@dataclass(frozen=True)
class Message:
    """What a service hands to ``notify``: the event, not its wording."""

    kind: str
    params: dict[str, Any] = field(default_factory=dict)
    url: str = ""
    urgent: bool = False


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str = ""


Renderer = Callable[[Mapping[str, Any]], Rendered]
_RENDERERS: dict[str, Renderer] = {}


def renders(kind: str) -> Callable[[Renderer], Renderer]:
    """Register the renderer of ``kind`` (one per kind; a second registration is a bug)."""

    def register(fn: Renderer) -> Renderer:
        if kind in _RENDERERS and _RENDERERS[kind] is not fn:
            raise ValueError(f"Notification kind {kind!r} has two renderers")
        _RENDERERS[kind] = fn
        return fn

    return register


def known_kinds() -> set[str]:
    return set(_RENDERERS)


def render(kind: str, params: Mapping[str, Any], language: str | None = None) -> Rendered:
    """The subject and body of an event in ``language`` (default: the active language)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        fn = _RENDERERS.get(kind)
        if fn is not None:
            try:
                return fn(params)
            except (KeyError, TypeError, ValueError):
                log.exception("Notification of kind %s could not be rendered", kind)
        # a kind without renderer (or with parameters it cannot read): show what is stored
        return Rendered(
            subject=local(params.get("subject")) or _("Notification"),
            body=local(params.get("body")),
        )


def bilingual(obj: Any, attr: str = "name") -> dict[str, str]:
    """``{"zh-hans": ..., "en": ...}`` from ``<attr>_zh``/``<attr>_en`` (or ``str(obj)``)."""
    zh = getattr(obj, f"{attr}_zh", None)
    if zh is None:
        text = str(obj)
        return {"zh-hans": text, "en": text}
    en = getattr(obj, f"{attr}_en", "") or ""
    return {"zh-hans": zh, "en": en or zh}


def local(value: Any) -> str:
    """A stored parameter in the active language: a ``bilingual`` dict, or plain text."""
    if value is None:
        return ""
    if isinstance(value, Mapping):
        language = translation.get_language() or settings.LANGUAGE_CODE
        for code in (language, language.split("-")[0], settings.LANGUAGE_CODE, "zh-hans", "en"):
            if value.get(code):
                return str(value[code])
        return next((str(v) for v in value.values() if v), "")
    return str(value)


def text_message(
    subject: str | Mapping[str, str], body: str | Mapping[str, str] = "", **kwargs: Any
) -> Message:
    """A free-text notification (e.g. typed by the office), stored as written."""
    return Message(kind=TEXT, params={"subject": subject, "body": body}, **kwargs)


@renders(TEXT)
def _text(params: Mapping[str, Any]) -> Rendered:
    return Rendered(subject=local(params.get("subject")), body=local(params.get("body")))


@renders("notifications.digest")
def _digest(params: Mapping[str, Any]) -> Rendered:
    return Rendered(subject=_("Daily digest: %(n)d items") % {"n": params["count"]})


@renders("notifications.undeliverable")
def _undeliverable(params: Mapping[str, Any]) -> Rendered:
    return Rendered(
        subject=_("E-mail to %(recipient)s could not be delivered")
        % {"recipient": params["recipient"]},
        body=_(
            "Every attempt failed for two days; the message is still in their inbox. "
            "Check the address %(address)s. Last error: %(error)s"
        )
        % {"address": params.get("address") or "—", "error": params.get("error") or "—"},
    )


@renders("notifications.escalation_digest")
def _escalation_digest(params: Mapping[str, Any]) -> Rendered:
    """One line per item, each worded by its own app's renderer, most overdue first."""
    lines = []
    for item in params["items"]:
        line = render(item["kind"], item["params"]).subject
        link = f"\n  {settings.SITE_URL}{item['url']}" if item.get("url") else ""
        lines.append(f"- {line}{link}")
    more = params["count"] - len(params["items"])
    if more > 0:
        lines.append(_("… and %(n)d more.") % {"n": more})
    return Rendered(
        subject=_("Escalation digest: %(n)d items overdue by more than %(days)d days")
        % {"n": params["count"], "days": params["after_days"]},
        body="\n".join(lines),
    )
