"""Forms of the acceptance app: the evaluation record (shape only; the rules are the
services')."""

from __future__ import annotations

from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CrispyModelForm, DateInput, MultipleFileField
from enterprises.models import Enterprise

from .models import Evaluation


class EvaluationForm(CrispyModelForm):
    files = MultipleFileField(label=_("Evaluation report and annexes"))

    class Meta:
        model = Evaluation
        fields = [
            "evaluator",
            "institution_name",
            "accreditation_no",
            "scope",
            "units",
            "monitoring_start",
            "monitoring_end",
            "stable_start",
            "stable_end",
            "indicators",
            "organized",
            "fugitive",
            "transport",
        ]
        widgets = {
            "evaluator": forms.RadioSelect,
            "scope": forms.RadioSelect,
            "units": forms.CheckboxSelectMultiple,
            "monitoring_start": DateInput(),
            "monitoring_end": DateInput(),
            "stable_start": DateInput(),
            "stable_end": DateInput(),
        }

    def __init__(self, *args, enterprise: Enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = enterprise.units.all()
        self.fields["units"].help_text = _("Only for an evaluation of some production units.")
        for name in ("evaluator", "scope"):  # radio buttons: no "---------" choice to pick
            field = self.fields[name]
            field.choices = [(value, label) for value, label in field.choices if value != ""]

    def _post_clean(self) -> None:
        """The service validates and saves; the model is not touched here."""

    def get_layout(self) -> Layout:
        return Layout(
            Fieldset(
                _("Who evaluated"),
                "evaluator",
                Row(
                    Column("institution_name", css_class="col-md-7"),
                    Column("accreditation_no", css_class="col-md-5"),
                ),
            ),
            Fieldset(_("Scope"), "scope", "units"),
            Fieldset(
                _("Periods"),
                Row(
                    Column("stable_start", css_class="col-6 col-md-3"),
                    Column("stable_end", css_class="col-6 col-md-3"),
                    Column("monitoring_start", css_class="col-6 col-md-3"),
                    Column("monitoring_end", css_class="col-6 col-md-3"),
                ),
            ),
            Fieldset(
                _("Conclusion per pillar"),
                "indicators",
                Row(
                    Column("organized", css_class="col-md-4"),
                    Column("fugitive", css_class="col-md-4"),
                    Column("transport", css_class="col-md-4"),
                ),
            ),
            "files",
        )
