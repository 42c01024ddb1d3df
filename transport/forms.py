"""Forms of the transport app: the four registers, clean-mode tonnage with evidence, the
ledger upload, its column mapping, and the one-step finding from a queue item."""

from __future__ import annotations

import datetime

from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.dates import PlausibleDateField
from core.forms import CrispyForm, CrispyModelForm, MultipleFileField, OnceFormMixin
from inspections.models import Category, LawArticle, Severity

from .ledger import FIELDS, REQUIRED
from .models import CleanTonnage, Gate, InPlantVehicle, Machine, TransportStaff


class GateForm(CrispyModelForm):
    live_from = PlausibleDateField(label=_("in service since"), required=False)

    class Meta:
        model = Gate
        fields = ["name", "is_cargo", "has_camera", "networked", "live_from"]


class VehicleForm(CrispyModelForm):
    class Meta:
        model = InPlantVehicle
        fields = ["plate", "vehicle_type", "fuel", "stage"]


class MachineForm(CrispyModelForm):
    class Meta:
        model = Machine
        fields = ["registration_code", "machine_type", "engine_number", "stage", "owner"]


class StaffForm(CrispyModelForm):
    appointed_on = PlausibleDateField(label=_("appointed on"), required=False)

    class Meta:
        model = TransportStaff
        fields = ["name", "phone", "appointed_on"]


REGISTER_FORMS: dict[str, type[CrispyModelForm]] = {
    "gates": GateForm,
    "vehicles": VehicleForm,
    "machines": MachineForm,
    "staff": StaffForm,
}


class TonnageForm(OnceFormMixin, CrispyForm):
    month = PlausibleDateField(
        label=_("month"), help_text=_("Any day of the month; the month is what counts.")
    )
    cargo_class = forms.ChoiceField(
        label=_("cargo class"),
        choices=[c for c in CleanTonnage._meta.get_field("cargo_class").choices if c[0] != "other"],
    )
    material = forms.CharField(label=_("material"), max_length=100)
    mode = forms.ChoiceField(
        label=_("clean mode"), choices=CleanTonnage._meta.get_field("mode").choices
    )
    tonnes = forms.DecimalField(label=_("tonnes"), min_value=0.01, max_digits=12, decimal_places=2)
    evidence = MultipleFileField(label=_("evidence"), required=False)


class LedgerUploadForm(CrispyForm):
    file = forms.FileField(
        label=_("gate ledger file"),
        help_text=_(
            "The gate system's export, CSV or Excel (.xlsx), first row naming the columns."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )


class MappingForm(CrispyForm):
    """One choice of the file's columns per ledger field, proposed from the enterprise's
    remembered mapping."""

    def __init__(self, *args, headers: list[str], proposal: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— not in this file —"))] + [(h, h) for h in headers if h]
        for name, label in FIELDS:
            self.fields[name] = forms.ChoiceField(
                label=label,
                choices=choices,
                required=name in REQUIRED,
                initial=proposal.get(name, ""),
            )

    @property
    def columns(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name, "") for name, _label in FIELDS}


class QueueFindingForm(OnceFormMixin, CrispyForm):
    key = forms.CharField(widget=forms.HiddenInput, max_length=120)
    enterprise = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    description = forms.CharField(label=_("description"), widget=forms.Textarea(attrs={"rows": 2}))
    requirement = forms.CharField(
        label=_("rectification required"), widget=forms.Textarea(attrs={"rows": 2})
    )
    legal_basis = forms.ModelChoiceField(
        label=_("legal basis"),
        queryset=LawArticle.objects.filter(is_active=True),
        required=False,
        empty_label=_("none (a ULE policy requirement, not a penalty)"),
    )
    severity = forms.ChoiceField(
        label=_("severity"), choices=Severity.choices, initial=Severity.GENERAL
    )
    deadline = PlausibleDateField(label=_("deadline"))
    responsible_person = forms.CharField(
        label=pgettext_lazy("rectification", "responsible person"), max_length=100
    )

    def __init__(self, *args, articles: list | None = None, **kwargs):
        """``articles``: the legal basis choices read once for a page of these forms
        (``article_choices``), instead of one query per form."""
        super().__init__(*args, **kwargs)
        self.fields["deadline"].initial = timezone.localdate() + datetime.timedelta(days=30)
        if articles is not None:
            self.fields["legal_basis"].choices = articles
        for field in self.fields.values():  # the queue writes the fields out (no crispy)
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs.setdefault("class", "form-select" if select else "form-control")

    category = Category.TRANSPORT

    @classmethod
    def article_choices(cls) -> list:
        return list(cls.base_fields["legal_basis"].choices)

    def queue_html(self, cache: dict) -> str:
        """The form's fields as HTML built in Python: the vehicle queue shows up to 20 of these
        forms a page, and Django renders each widget (and each option of a select) through a
        template, which was most of the page's time. Select options are built once per page
        and chosen value (``cache``)."""
        parts = [
            format_html(
                '<input type="hidden" name="{}" value="{}">', bf.html_name, bf.value() or ""
            )
            for bf in self.hidden_fields()
        ]
        for bf in self.visible_fields():
            widget = bf.field.widget
            attrs = flatatt(bf.build_widget_attrs({**widget.attrs, "id": bf.auto_id}))
            value = bf.value()
            if isinstance(widget, forms.Textarea):
                control = format_html(
                    '<textarea name="{}"{}>{}</textarea>', bf.html_name, attrs, value or ""
                )
            elif isinstance(widget, forms.Select):
                chosen = "" if value in (None, "") else str(getattr(value, "pk", value))
                key = (bf.name, chosen)
                if key not in cache:
                    cache[key] = format_html_join(
                        "",
                        '<option value="{}"{}>{}</option>',
                        (
                            (str(v), " selected" if str(v) == chosen else "", label)
                            for v, label in bf.field.choices
                        ),
                    )
                control = format_html(
                    '<select name="{}"{}>{}</select>', bf.html_name, attrs, cache[key]
                )
            else:
                shown = widget.format_value(value)
                control = format_html(
                    '<input type="{}" name="{}"{}{}>',
                    widget.input_type,
                    bf.html_name,
                    format_html(' value="{}"', shown) if shown not in (None, "") else "",
                    attrs,
                )
            wide = bf.name in ("description", "requirement", "legal_basis")
            parts.append(
                format_html(
                    '<div class="{}"><label class="form-label small mb-1" for="{}">{}</label>'
                    "{}</div>",
                    "col-12" if wide else "col-12 col-sm-4",
                    bf.auto_id,
                    bf.label,
                    control,
                )
            )
        return mark_safe("".join(parts))  # noqa: S308 - every part is format_html output
