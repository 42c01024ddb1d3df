from django import template

import access

register = template.Library()


@register.simple_tag
def monitoring_nav(user) -> dict[str, bool]:
    return access.monitoring_nav_flags(user)


@register.filter
def pct(value) -> str:
    return "—" if value is None else f"{value:.1f}%"


_NAMES: dict[str, tuple[str, str]] = {}


@register.filter
def param_name(key: str) -> str:
    """The monitored parameter's name in the active language (reference data, cached)."""
    from django.utils.translation import get_language

    from ..models import Parameter

    if key not in _NAMES:
        _NAMES.update({p.key: (p.name_zh, p.name_en) for p in Parameter.objects.all()})
    zh, en = _NAMES.get(key, (key, key))
    return en if (get_language() or "").startswith("en") else zh


@register.filter
def evidence_items(evidence: dict) -> list[tuple[str, object]]:
    from ..evidence import label

    return [(label(k), v) for k, v in (evidence or {}).items()]
