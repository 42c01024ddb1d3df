"""Forms of the retrofits app, on the kernel's pieces (``core.forms``): the date input, the
crispy base forms, the multi-file field (files checked by ``core.uploads``) and the review form.
"""

import datetime

from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import PlausibleDateField
from core.forms import (
    CrispyForm,
    CrispyModelForm,
    MultipleFileField,
    OnceFormMixin,
    ReviewForm,
    VersionedFormMixin,
)
from core.widgets import SearchSelect
from enterprises.models import EmissionPoint, Enterprise, ProductionUnit

from .models import (
    FourTruthsAssessment,
    MilestoneNode,
    ProgressReport,
    ProjectStatus,
    RetrofitProject,
)


class ProjectForm(OnceFormMixin, VersionedFormMixin, CrispyModelForm):
    start_date = PlausibleDateField(
        label=_("Start date of the plan"),
        help_text=_(
            "Planned dates of the standard nodes are proposed from this date; you can adjust "
            "them before the bureau approves the plan."
        ),
    )

    class Meta:
        model = RetrofitProject
        fields = [
            "category",
            "name",
            "units",
            "emission_points",
            "technical_route",
            "budget_wan",
            "invested_wan",
            "fund_status",
            "fund_requested_wan",
            "fund_granted_wan",
            "design_firm",
            "construction_firm",
            "responsible_person",
            "responsible_phone",
            "safety_notes",
            "status",
        ]
        widgets = {
            "units": forms.CheckboxSelectMultiple,
            "emission_points": forms.CheckboxSelectMultiple,
            "technical_route": forms.Textarea(attrs={"rows": 3}),
            "safety_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(
        self, *args, enterprise: Enterprise, creating: bool, can_set_status: bool = False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = ProductionUnit.objects.filter(enterprise=enterprise)
        self.fields["emission_points"].queryset = EmissionPoint.objects.filter(
            enterprise=enterprise
        )
        for name in ("budget_wan", "invested_wan", "fund_requested_wan", "fund_granted_wan"):
            self.fields[name].widget.attrs["inputmode"] = "decimal"
        if creating or not can_set_status:
            # the status follows from the plan and its nodes; only the bureau suspends/resumes
            del self.fields["status"]
        else:
            self.fields["status"].choices = [
                c
                for c in ProjectStatus.choices
                if c[0] in (ProjectStatus.UNDERWAY, ProjectStatus.SUSPENDED)
            ]
        if creating:
            self.fields["start_date"].initial = timezone.localdate()
        else:
            del self.fields["start_date"]
            self.fields["category"].disabled = True
            self.fields["category"].help_text = _("The category fixes the nodes; it cannot change.")

    def get_layout(self) -> Layout:
        return Layout(
            Fieldset(
                _("Project"),
                Row(
                    Column("category", css_class="col-md-4"),
                    Column("name", css_class="col-md-8"),
                ),
                *[f for f in ("start_date", "status") if f in self.fields],
                Row(
                    Column("units", css_class="col-md-6"),
                    Column("emission_points", css_class="col-md-6"),
                ),
                "technical_route",
            ),
            Fieldset(
                _("Funds"),
                Row(
                    Column("budget_wan", css_class="col-6"),
                    Column("invested_wan", css_class="col-6"),
                ),
                "fund_status",
                Row(
                    Column("fund_requested_wan", css_class="col-6"),
                    Column("fund_granted_wan", css_class="col-6"),
                ),
            ),
            Fieldset(
                _("Firms and responsibility"),
                Row(
                    Column("design_firm", css_class="col-md-6"),
                    Column("construction_firm", css_class="col-md-6"),
                ),
                Row(
                    Column("responsible_person", css_class="col-md-6"),
                    Column("responsible_phone", css_class="col-md-6"),
                ),
                "safety_notes",
            ),
        )

    def clean(self):
        data = super().clean()
        req, granted = data.get("fund_requested_wan"), data.get("fund_granted_wan")
        if req is not None and granted is not None and granted > req:
            self.add_error(
                "fund_granted_wan", _("The amount granted exceeds the amount requested.")
            )
        return data


class PlanDatesForm(CrispyForm):
    """One planned date per node, while the plan awaits approval."""

    def __init__(self, *args, nodes: list[MilestoneNode], **kwargs):
        super().__init__(*args, **kwargs)
        self.nodes = nodes
        for node in nodes:
            self.fields[f"node_{node.pk}"] = PlausibleDateField(
                label=f"{node.order}. {node.name}", initial=node.planned_date
            )

    def dates(self) -> dict[int, datetime.date]:
        return {n.pk: self.cleaned_data[f"node_{n.pk}"] for n in self.nodes}


class NodeCompleteForm(CrispyForm):
    actual_date = PlausibleDateField(label=_("Actual date"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    late_reason = forms.CharField(
        label=_("Reason for the late entry"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the actual date is more than %(days)d days ago."),
    )
    files = MultipleFileField(label=_("Evidence files"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actual_date"].initial = timezone.localdate()
        self.fields["late_reason"].help_text = self.fields["late_reason"].help_text % {
            "days": settings.ACCEPTANCE_LATE_ENTRY_DAYS
        }


class NodeDateForm(CrispyForm):
    new_date = PlausibleDateField(
        label=_("New planned date"),
        help_text=_(
            "An earlier date takes effect at once and the county sub-bureau is told. A later "
            "date is a postponement request: it needs a reason and the bureau's approval."
        ),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for a later date."),
    )
    files = MultipleFileField(label=_("Evidence files"))
    # the planned date the person saw: a change made meanwhile is refused, not misread
    expected_date = forms.DateField(widget=forms.HiddenInput, required=False)


class DecisionForm(CrispyForm):
    """Approve or reject a postponement request (a rejection says why)."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when rejecting."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Say why the postponement is rejected."))
        return data


class ReportForm(OnceFormMixin, CrispyModelForm):
    files = MultipleFileField(label=_("Evidence files"))

    class Meta:
        model = ProgressReport
        fields = ["period", "percent_complete", "funds_invested_wan", "text"]
        widgets = {
            "period": forms.TextInput(attrs={"type": "month"}),
            "text": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, resubmit: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["percent_complete"].widget.attrs.update(
            {"inputmode": "numeric", "min": 0, "max": 100}
        )
        self.fields["funds_invested_wan"].widget.attrs["inputmode"] = "decimal"
        # a month input takes neither a placeholder nor a maximum length (the Nu checker)
        self.fields["period"].widget.attrs.pop("maxlength", None)
        if resubmit:
            self.fields["period"].disabled = True
        else:
            self.fields["period"].initial = timezone.localdate().strftime("%Y-%m")

    def get_layout(self) -> Layout:
        return Layout(
            Row(
                Column("period", css_class="col-12 col-md-4"),
                Column("percent_complete", css_class="col-6 col-md-4"),
                Column("funds_invested_wan", css_class="col-6 col-md-4"),
            ),
            "text",
            "files",
        )


def report_review_form(data=None, *, can_accept: bool, can_return: bool) -> ReviewForm:
    """The review of a progress report: accept (bureau staff) or return it to the enterprise
    with a comment (bureau or county staff); only the choices the reviewer may make, the
    single one chosen already."""
    form = ReviewForm(
        data,
        can_accept=can_accept,
        can_return=can_return,
        accept_label=_("Accept the report"),
        return_label=_("Return it to the enterprise for correction"),
    )
    choices = form.fields["decision"].choices
    if len(choices) == 1:
        form.fields["decision"].initial = choices[0][0]
    return form


def recent_quarters(n: int = 8, today: datetime.date | None = None) -> list[str]:
    today = today or timezone.localdate()
    year, q = today.year, (today.month - 1) // 3 + 1
    out = []
    for _i in range(n):
        out.append(f"{year}-Q{q}")
        q -= 1
        if q == 0:
            year, q = year - 1, 4
    return out


TRUTHS = ("leadership", "funds", "projects", "management")


class AssessmentForm(CrispyModelForm):
    class Meta:
        model = FourTruthsAssessment
        fields = [
            "period",
            "leadership_score",
            "leadership_note",
            "funds_score",
            "funds_note",
            "projects_score",
            "projects_note",
            "management_score",
            "management_note",
        ]
        widgets = {f"{k}_note": forms.Textarea(attrs={"rows": 2}) for k in TRUTHS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        quarters = recent_quarters()
        self.fields["period"] = forms.ChoiceField(
            label=_("Quarter"), choices=[(q, q) for q in quarters], initial=quarters[0]
        )
        for k in TRUTHS:
            self.fields[f"{k}_score"].widget.attrs.update(
                {"inputmode": "numeric", "min": 0, "max": 25}
            )

    def get_layout(self) -> Layout:
        rows = [
            Row(
                Column(f"{k}_score", css_class="col-md-3"),
                Column(f"{k}_note", css_class="col-md-9"),
            )
            for k in TRUTHS
        ]
        return Layout("period", *rows)

    def validate_unique(self):
        # Saving again for the same quarter updates that quarter's assessment (see service).
        pass


class NewProjectEnterpriseForm(forms.Form):
    enterprise = forms.ModelChoiceField(
        label=_("Enterprise"),
        queryset=Enterprise.objects.none(),
        widget=SearchSelect("enterprises:pick"),
    )

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises
        self.fields["enterprise"].widget.attrs["class"] = "form-select"
