"""Helpers shared by the views of the inspections app."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

NOTHING_SAVED = _("Please correct the errors below; nothing was saved.")


def apply_errors(form: Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form (field errors where the field exists)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def invalid(request: HttpRequest) -> int:
    """Tell the user nothing was saved; the status code of a refused POST."""
    messages.error(request, str(NOTHING_SAVED))
    return 400


def safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default
