"""Forms of the operations app."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.dates import PlausibleDateField
from core.forms import CrispyForm, CrispyModelForm, OnceFormMixin
from enterprises.models import ProductionUnit, UnitKind

from .models import Campaign, ProvincialRate, Status


class StatusForm(OnceFormMixin, CrispyForm):
    status = forms.ChoiceField(label=_("status"), choices=Status.choices)
    start = PlausibleDateField(label=pgettext_lazy("status period", "from"))
    end = PlausibleDateField(
        label=pgettext_lazy("status period", "until"),
        required=False,
        help_text=_("Leave empty while it lasts."),
    )
    note = forms.CharField(label=_("note"), max_length=300, required=False)


def _kiln_lines():
    return (
        ProductionUnit.objects.filter(kind=UnitKind.KILN_LINE)
        .select_related("enterprise")
        .order_by("enterprise__name_zh", "name")
    )


class UnitChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.enterprise.name} · {obj.name}"


class CampaignForm(CrispyModelForm):
    start = PlausibleDateField(label=_("window from"))
    end = PlausibleDateField(label=_("window until"))
    lines = UnitChoice(
        label=_("lines that must stop"),
        queryset=_kiln_lines(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    heating = UnitChoice(
        label=_("lines supplying residential heating (may run, make up the days)"),
        queryset=_kiln_lines(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    co_processing = UnitChoice(
        label=_("lines co-processing waste (may run, make up the days)"),
        queryset=_kiln_lines(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Campaign
        fields = [
            "name_zh",
            "name_en",
            "season",
            "document",
            "industry",
            "start",
            "end",
            "make_up_days",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("lines", "heating", "co_processing"):
            self.fields[name].queryset = _kiln_lines()
        if self.instance.pk:
            by_rule = {"": [], "heating": [], "co_processing": []}
            for line in self.instance.lines.all():
                by_rule[line.exemption].append(line.unit_id)
            self.initial.update(
                lines=by_rule[""],
                heating=by_rule["heating"],
                co_processing=by_rule["co_processing"],
            )


class RateForm(CrispyModelForm):
    week_start = PlausibleDateField(label=_("week from"))
    week_end = PlausibleDateField(label=_("week until"))

    class Meta:
        model = ProvincialRate
        fields = ["week_start", "week_end", "province_zh", "province_en", "rate", "source"]
