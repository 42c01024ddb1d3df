"""What a browser would post back for a rendered form: each field's value as shown."""

from __future__ import annotations

from django import forms


def form_data(form: forms.BaseForm, **overrides) -> dict:
    """The POST data of ``form`` as rendered (an unbound form shows its initial values; a
    bound one what was typed), with ``overrides`` by field name."""
    data: dict = {}
    for bound in form:
        value = bound.value()
        if isinstance(bound.field, forms.BooleanField):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(bound.field, forms.FileField):
            continue
        elif isinstance(bound.field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            data[bound.html_name] = [str(getattr(v, "pk", v)) for v in value or ()]
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(getattr(v, "pk", v)) for v in value]
        else:
            data[bound.html_name] = "" if value is None else str(getattr(value, "pk", value))
    for name, value in overrides.items():
        if value is False:
            data.pop(name, None)
        else:
            data[name] = "on" if value is True else value
    return data


def threaded(fn):
    """Run ``fn`` in a thread with its own database connection; returns the thread and a dict
    that gets ``value`` or ``error``."""
    import threading

    from django.db import connection

    out: dict = {}

    def target():
        try:
            out["value"] = fn()
        except Exception as exc:  # noqa: BLE001 - handed to the test
            out["error"] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread, out
