"""Form pieces every app uses: the multi-file field (checked by ``core.uploads``), the date
input, the crispy base form, the review form, and ``save_form``, which hands cleaned data to a
service and shows the service's ValidationError on the form."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.concurrency import VERSION_FIELD, StaleEdit
from core.uploads import ACCEPT, browser_attrs, check_upload, help_text

T = TypeVar("T")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True

    def get_context(self, name, value, attrs):
        # the browser's check before sending, with the limits of the request's settings
        attrs = {**browser_attrs(), **(attrs or {})}
        return super().get_context(name, value, attrs)


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
        helper.render_hidden_fields = True
        helper.layout = self.get_layout()
        return helper

    def get_layout(self) -> Layout:
        return Layout(*self.fields)


class CrispyForm(CrispyMixin, forms.Form):
    pass


class CrispyModelForm(CrispyMixin, forms.ModelForm):
    pass


class VersionedFormMixin:
    """An edit form of a record with a ``version`` column (``core.concurrency``): carries the
    version it was rendered with in a hidden field (``cleaned_data["version"]``, which
    ``save_versioned`` reads). When the save is refused as stale, ``show_stale`` keeps the
    user's entries, lists the fields the other person changed (``stale_changes``: label, their
    value, the value in the form) and takes the new version, so that saving again is a
    deliberate replacement."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        self.fields[VERSION_FIELD] = forms.IntegerField(
            widget=forms.HiddenInput,
            required=False,
            min_value=0,
            initial=getattr(instance, VERSION_FIELD, None) if instance and instance.pk else None,
        )
        self.stale_changes: list[tuple[str, str, str]] = []

    def show_stale(self, exc: StaleEdit) -> None:
        current = exc.current
        initial = forms.models.model_to_dict(current)
        changes = []
        for name, field in self.fields.items():
            if name == VERSION_FIELD or name not in initial or field.disabled:
                continue
            bound = self[name]
            if field.has_changed(initial[name], bound.data):
                changes.append(
                    (
                        str(field.label or name),
                        _display(field, initial[name]),
                        _display(field, self.cleaned_data.get(name, bound.data)),
                    )
                )
        self.stale_changes = changes
        self.data = self.data.copy()
        self.data[self.add_prefix(VERSION_FIELD)] = str(getattr(current, VERSION_FIELD))


def _display(field: forms.Field, value: Any) -> str:
    """A value as the form would show it, for the table of differences."""
    if value in (None, "", [], ()):
        return "—"
    if isinstance(field, forms.ModelMultipleChoiceField):
        qs = field.queryset.filter(pk__in=[getattr(o, "pk", o) for o in value])
        return "、".join(str(o) for o in qs) or "—"
    if isinstance(field, forms.ModelChoiceField):
        obj = value if hasattr(value, "pk") else field.queryset.filter(pk=value).first()
        return str(obj) if obj is not None else "—"
    if isinstance(field, forms.BooleanField):
        return str(_("Yes") if value else _("No"))
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value))
    return str(value)


SUBMISSION_FIELD = "submission_token"


class OnceFormMixin:
    """A form that must act once however often it is posted (a double click, a resent
    request): it carries a random token in a hidden field, and ``save_form`` records the token
    with what the service made (``core.models.FormSubmission``) in the service's transaction.
    The same token posted again returns the first result instead of calling the service."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[SUBMISSION_FIELD] = forms.CharField(
            widget=forms.HiddenInput,
            required=False,
            max_length=64,
            initial=secrets.token_urlsafe(24),
        )


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
    form has it, everything else at the top. A stale edit (``core.concurrency.StaleEdit``)
    also shows the other person's values on a versioned form."""
    if isinstance(exc, StaleEdit) and hasattr(form, "show_stale"):
        form.show_stale(exc)
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def save_form(form: forms.BaseForm, save: Callable[[dict[str, Any]], T]) -> T | None:
    """Validate ``form`` and hand its cleaned data to ``save`` (a service call). Returns what
    the service returned, or None when the form or the service refused (errors are then on
    the form and nothing was saved). A constraint the database enforces (a record saved twice
    at the same moment) is a message on the form too, never a server error."""
    if not form.is_valid():
        return None
    data = {k: v for k, v in form.cleaned_data.items() if k != SUBMISSION_FIELD}
    token = form.cleaned_data.get(SUBMISSION_FIELD) if SUBMISSION_FIELD in form.fields else None
    try:
        if token:
            result = _save_once(token, save, data)
            if result is None:
                form.add_error(None, CONFLICT_MESSAGE)
            return result
        return save(data)
    except ValidationError as exc:
        apply_errors(form, exc)
        return None
    except IntegrityError:
        form.add_error(None, CONFLICT_MESSAGE)
        return None


def _save_once(token: str, save: Callable[[dict[str, Any]], T], data: dict[str, Any]) -> T | None:
    """Call ``save`` unless ``token`` was already used; then return what its first use made.
    A second post of the token waits for the first to commit (the unique token)."""
    from django.contrib.contenttypes.models import ContentType

    from core.models import FormSubmission

    try:
        with transaction.atomic():
            record = FormSubmission.objects.create(token=token)
            result = save(data)
            if isinstance(result, models.Model) and result.pk is not None:
                record.content_type = ContentType.objects.get_for_model(result)
                record.object_id = str(result.pk)
                url = getattr(result, "get_absolute_url", None)
                record.url = url()[:500] if url else ""
                record.save(update_fields=["content_type", "object_id", "url"])
            return result
    except IntegrityError:
        first = FormSubmission.objects.filter(token=token).first()
        if first is None:
            raise  # a constraint of the service's own records
        return first.result()


CONFLICT_MESSAGE = _(
    "This was already saved, perhaps by another submission at the same moment; nothing was "
    "saved twice. Reload the page to see the current state."
)


def refused(request: HttpRequest) -> int:
    """Tell the user a POST was refused and nothing was saved (the form says why); returns
    the status code for the page that shows the form again."""
    messages.error(request, str(_("Please correct the errors below; nothing was saved.")))
    return 400
