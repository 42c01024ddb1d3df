"""Form pieces every app uses: the multi-file field (checked by ``core.uploads``), the date
input, the crispy base form, the review form, and ``save_form``, which hands cleaned data to a
service and shows the service's ValidationError on the form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.uploads import ACCEPT, check_upload, help_text

T = TypeVar("T")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input, each checked by ``core.uploads.check_upload``: every
    refused file is named. ``cleaned_data`` holds a list of ``CheckedUpload``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", help_text())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = (
            [f for f in data if f] if isinstance(data, list | tuple) else ([data] if data else [])
        )
        if self.required and not files:
            raise ValidationError(self.error_messages["required"], code="required")
        checked, errors = [], []
        for f in files:
            try:
                checked.append(check_upload(f))
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return checked


class CrispyMixin:
    """A crispy ``helper`` without a form tag (templates write their own), built on first use
    so that subclasses may drop or add fields in ``__init__``. Override ``get_layout``."""

    @cached_property
    def helper(self) -> FormHelper:
        helper = FormHelper()
        helper.form_tag = False
        helper.layout = self.get_layout()
        return helper

    def get_layout(self) -> Layout:
        return Layout(*self.fields)


class CrispyForm(CrispyMixin, forms.Form):
    pass


class CrispyModelForm(CrispyMixin, forms.ModelForm):
    pass


class ReviewForm(CrispyForm):
    """Accept, or return with a comment: the one review decision of the portal (progress
    reports, rectification answers, evaluations...). ``accept_label``/``return_label`` say what
    each choice does in the case at hand; a choice the reviewer may not make is left out."""

    ACCEPT = "accept"
    RETURN = "return"

    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when returning: say what must be corrected."),
    )

    def __init__(
        self,
        *args,
        can_accept: bool = True,
        can_return: bool = True,
        accept_label=None,
        return_label=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        choices = []
        if can_accept:
            choices.append((self.ACCEPT, accept_label or _("Accept")))
        if can_return:
            choices.append((self.RETURN, return_label or _("Return for correction")))
        self.fields["decision"].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.RETURN and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Say what must be corrected before returning it."))
        return data

    @property
    def accepted(self) -> bool:
        return self.cleaned_data.get("decision") == self.ACCEPT


def apply_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: field errors on their field where the
    form has it, everything else at the top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def save_form(form: forms.BaseForm, save: Callable[[dict[str, Any]], T]) -> T | None:
    """Validate ``form`` and hand its cleaned data to ``save`` (a service call). Returns what
    the service returned, or None when the form or the service refused (errors are then on
    the form and nothing was saved)."""
    if not form.is_valid():
        return None
    try:
        return save(form.cleaned_data)
    except ValidationError as exc:
        apply_errors(form, exc)
        return None


def refused(request: HttpRequest) -> int:
    """Tell the user a POST was refused and nothing was saved (the form says why); returns
    the status code for the page that shows the form again."""
    messages.error(request, str(_("Please correct the errors below; nothing was saved.")))
    return 400
