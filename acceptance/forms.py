"""Forms of the acceptance app: the evaluation record (shape only; the rules are the
services')."""

from __future__ import annotations

from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from core.dates import PlausibleDateField
from core.forms import (
    CrispyForm,
    CrispyModelForm,
    DateInput,
    MultipleFileField,
    VersionedFormMixin,
)
from enterprises.models import Enterprise

from .models import Evaluation, ListEntry, ListStatus, Pillar, RevocationReason


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


# --- ULE scope, publicity and the list -------------------------------------------------------


class ScopeForm(CrispyForm):
    """The three pillars of an enterprise's ULE scope (the service checks the rules)."""

    def __init__(self, *args, enterprise: Enterprise, scopes: dict, **kwargs):
        super().__init__(*args, **kwargs)
        units = enterprise.units.all()
        for pillar, label in Pillar.choices:
            scope = scopes.get(pillar)
            self.fields[pillar] = forms.BooleanField(
                label=_("“%(pillar)s” is in the ULE scope") % {"pillar": label},
                required=False,
                initial=scope.in_scope if scope else True,
            )
            self.fields[f"{pillar}_units"] = forms.ModelMultipleChoiceField(
                label=_("Production units it covers"),
                queryset=units,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=list(scope.units.all()) if scope else [],
                help_text=_("None ticked: the whole plant."),
            )
            self.fields[f"{pillar}_note"] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=300,
                initial=scope.note if scope else "",
                help_text=_("Required when the pillar is out of scope: say why."),
            )

    def get_layout(self) -> Layout:
        return Layout(
            *(
                Fieldset(str(label), pillar, f"{pillar}_units", f"{pillar}_note")
                for pillar, label in Pillar.choices
            )
        )


class PublicityForm(CrispyForm):
    platform = forms.CharField(
        label=_("Platform"),
        max_length=200,
        help_text=_("e.g. the city bureau's website."),
    )
    url = forms.URLField(label=_("Address (URL)"), max_length=500, assume_scheme="https")
    start = PlausibleDateField(label=_("Publicity from"), widget=DateInput())
    end = PlausibleDateField(label=_("Publicity until"), widget=DateInput())

    def get_layout(self) -> Layout:
        return Layout(
            Row(Column("platform", css_class="col-md-5"), Column("url", css_class="col-md-7")),
            Row(
                Column("start", css_class="col-6 col-md-3"),
                Column("end", css_class="col-6 col-md-3"),
            ),
        )


class ObjectionsForm(VersionedFormMixin, CrispyForm):
    objections = forms.IntegerField(label=_("Objections received"), min_value=0, max_value=9999)
    objections_handling = forms.CharField(
        label=_("How the objections were handled"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required, when objections were received, before the publicity can end."),
    )

    def get_layout(self) -> Layout:
        return Layout("version", "objections", "objections_handling")


class ListChangeForm(VersionedFormMixin, CrispyForm):
    to = forms.ChoiceField(label=_("New status"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was found, by whom and when; the enterprise reads it."),
    )
    revocation_reason = forms.ModelChoiceField(
        label=_("Reason for the revocation"),
        queryset=RevocationReason.objects.none(),
        required=False,
        help_text=_("Only for a revocation: it sets the months before relisting."),
    )
    finding = forms.ModelChoiceField(label=_("Finding it rests on"), queryset=None, required=False)

    def __init__(self, *args, entry: ListEntry, findings, **kwargs):
        super().__init__(*args, **kwargs)
        from .services.listing import TRANSITIONS

        self.fields["to"].choices = [(s, ListStatus(s).label) for s in TRANSITIONS[entry.status]]
        reasons = RevocationReason.objects.filter(active=True)
        self.fields["revocation_reason"].queryset = reasons
        self.fields["revocation_reason"].label_from_instance = lambda r: (
            _("%(name)s (relisting barred %(months)d months)")
            % {"name": r.name, "months": r.bar_months}
        )
        self.fields["finding"].queryset = findings
        self.fields["finding"].label_from_instance = lambda f: (
            f"{f.created_at:%Y-%m-%d} · {f.get_category_display()} · {f.description[:40]}"
        )

    def get_layout(self) -> Layout:
        return Layout("version", "to", "reason", "revocation_reason", "finding")
