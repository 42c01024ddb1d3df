"""Forms of the inspections app. They validate shape and give messages in the user's
language; the views hand ``cleaned_data`` to the services, which own the rules."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.dates import PlausibleDateField, PlausibleDateTimeField
from core.forms import (
    DateInput,
    MultipleFileField,
    OnceFormMixin,
    ReviewForm,
    VersionedFormMixin,
)
from core.widgets import SearchSelect
from enterprises.models import County, EmissionPoint, Enterprise, SupervisionClass

from .draws import CLASS_ORDER, DEFAULT_RATIOS
from .models import (
    AnswerResult,
    ChecklistItem,
    ChecklistTemplate,
    Finding,
    LawArticle,
    Origin,
)
from .services.findings import FINDING_FIELDS


class UserChoiceField(forms.ModelMultipleChoiceField):
    """Checkboxes of people. Crispy gives them their class; a template that renders the boxes
    itself passes ``widget=CheckboxSelectMultiple(attrs={"class": "form-check-input"})`` (a
    class in both places would be a duplicate attribute)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple())
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: User) -> str:
        role = obj.get_role_display() + (f" · {obj.county.name}" if obj.county_id else "")
        return gettext("%(name)s (%(role)s)") % {"name": obj, "role": role}


class EnterpriseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Enterprise) -> str:
        return obj.name


def _datetime_local(value):
    if not value:
        return ""
    if timezone.is_aware(value):  # the form field hands over naive local time already
        value = timezone.localtime(value)
    return value.strftime("%Y-%m-%dT%H:%M")


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value):
        if hasattr(value, "tzinfo"):
            return _datetime_local(value)
        return value


DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class InspectionCreateForm(forms.Form):
    enterprise = EnterpriseChoiceField(
        label=_("Enterprise"),
        queryset=Enterprise.objects.none(),
        widget=SearchSelect("enterprises:pick"),
    )
    started_at = PlausibleDateTimeField(
        label=_("Date and time"), widget=DateTimeLocalInput(), input_formats=DATETIME_FORMATS
    )
    origin = forms.ChoiceField(label=_("Origin"), choices=Origin.choices)
    inspectors = UserChoiceField(
        label=_("Inspectors (at least two)"),
        queryset=User.objects.none(),
    )
    templates = forms.ModelMultipleChoiceField(
        label=_("Checklists"),
        queryset=ChecklistTemplate.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    enterprise_present = forms.CharField(
        label=_("Enterprise staff present"), required=False, max_length=200
    )

    def __init__(self, *args, enterprises, inspectors, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises
        self.fields["inspectors"].queryset = inspectors
        self.fields["templates"].queryset = templates
        self.fields["enterprise"].widget.attrs["class"] = "form-select form-select-lg"
        self.fields["origin"].widget.attrs["class"] = "form-select form-select-lg"
        self.fields["started_at"].widget.attrs["class"] = "form-control form-control-lg"
        self.fields["enterprise_present"].widget.attrs["class"] = "form-control form-control-lg"


class InspectionLogForm(VersionedFormMixin, forms.Form):
    """The phone-first logging form: one radio group, a note and photos per check item. It
    carries the draft's version (give it as ``initial``): a save over another inspector's
    newer save is refused with their values shown."""

    started_at = PlausibleDateTimeField(
        label=_("Date and time"), widget=DateTimeLocalInput(), input_formats=DATETIME_FORMATS
    )
    enterprise_present = forms.CharField(
        label=_("Enterprise staff present"), required=False, max_length=200
    )
    inspectors = UserChoiceField(
        label=_("Inspectors (at least two)"),
        queryset=User.objects.none(),
    )
    summary = forms.CharField(
        label=pgettext_lazy("inspection", "Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photos = MultipleFileField(label=_("Other photos or documents"))

    def __init__(
        self,
        *args,
        items: list[ChecklistItem],
        answers: dict,
        inspectors,
        photos: dict | None = None,
        headings: dict | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.items = items
        self.photos = photos or {}
        self.headings = headings or {}
        self.fields["inspectors"].queryset = inspectors
        for name in ("started_at", "enterprise_present"):
            self.fields[name].widget.attrs["class"] = "form-control form-control-lg"
        self.fields["summary"].widget.attrs["class"] = "form-control"
        for item in items:
            answer = answers.get(item.pk)
            self.fields[f"result_{item.pk}"] = forms.ChoiceField(
                label=item.text,
                choices=AnswerResult.choices,
                required=False,
                widget=forms.RadioSelect,
                initial=answer.result if answer else "",
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=_("Note"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
                initial=answer.note if answer else "",
            )
            self.fields[f"photo_{item.pk}"] = MultipleFileField(label=_("Photos"))

    def rows(self):
        """(heading or None, item, result, note, photo field, stored photos) per item."""
        seen = set()
        for item in self.items:
            heading = None
            if item.version_id not in seen:
                seen.add(item.version_id)
                heading = self.headings.get(item.version_id)
            yield (
                heading,
                item,
                self[f"result_{item.pk}"],
                self[f"note_{item.pk}"],
                self[f"photo_{item.pk}"],
                self.photos.get(item.pk, []),
            )

    def answer_inputs(self):
        from .services import AnswerInput

        return [
            AnswerInput(
                item_id=item.pk,
                result=self.cleaned_data.get(f"result_{item.pk}") or "",
                note=self.cleaned_data.get(f"note_{item.pk}") or "",
            )
            for item in self.items
        ]

    def uploads(self):
        result = [(None, u) for u in self.cleaned_data.get("photos") or []]
        for item in self.items:
            result += [(item.pk, u) for u in self.cleaned_data.get(f"photo_{item.pk}") or []]
        return result


class InspectionAutosaveForm(forms.Form):
    """What the logging page's autosave sends (the same field names as the logging form,
    without the files, the team and the date): answers, notes, summary, staff present and
    the draft's version the page holds."""

    version = forms.IntegerField(min_value=0)
    enterprise_present = forms.CharField(required=False, max_length=200)
    summary = forms.CharField(required=False)

    def __init__(self, *args, items: list[ChecklistItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"result_{item.pk}"] = forms.ChoiceField(
                choices=AnswerResult.choices, required=False
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(required=False)

    def answer_inputs(self):
        return InspectionLogForm.answer_inputs(self)


class AmendmentForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the correction"), max_length=300)
    text = forms.CharField(
        label=_("Correction"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    item = forms.ModelChoiceField(
        label=_("Check item to correct (optional)"),
        queryset=ChecklistItem.objects.none(),
        required=False,
    )
    new_result = forms.ChoiceField(
        label=_("Corrected result"),
        choices=[("", "—"), *AnswerResult.choices],
        required=False,
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items
        for f in self.fields.values():
            f.widget.attrs.setdefault(
                "class", "form-select" if isinstance(f.widget, forms.Select) else "form-control"
            )


class LawArticleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: LawArticle) -> str:
        fine = ""
        if obj.has_fine_range:
            fine = f" · ¥{obj.fine_min:,.0f}–{obj.fine_max:,.0f}"
        return f"{obj}: {obj.conduct}{fine}"


class PointChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: EmissionPoint) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


class FindingForm(OnceFormMixin, forms.ModelForm):
    evidence = MultipleFileField(label=_("Evidence (photos or PDF)"))
    confirm_duplicate = forms.BooleanField(
        label=_("Record it anyway: it is a different problem"), required=False
    )

    class Meta:
        model = Finding
        fields = list(FINDING_FIELDS)
        field_classes = {
            "legal_basis": LawArticleChoiceField,
            "emission_point": PointChoiceField,
            "deadline": PlausibleDateField,
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "requirement": forms.Textarea(attrs={"rows": 3}),
            "deadline": DateInput(),
        }

    def __init__(self, *args, enterprise: Enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["emission_point"].queryset = EmissionPoint.objects.filter(
            enterprise=enterprise
        ).order_by("name")
        from .selectors import law_articles

        self.fields["legal_basis"].queryset = law_articles(active_only=True)
        self.fields["fine_amount"].widget.attrs["inputmode"] = "decimal"
        if not self.initial.get("deadline"):
            self.initial["deadline"] = timezone.localdate() + timedelta(days=30)
        for name, f in self.fields.items():
            if isinstance(f.widget, forms.CheckboxInput):
                f.widget.attrs["class"] = "form-check-input"
            elif isinstance(f.widget, forms.Select):
                f.widget.attrs["class"] = "form-select form-select-lg"
            elif name != "evidence":
                f.widget.attrs["class"] = "form-control form-control-lg"
        self.fields["evidence"].widget.attrs["class"] = "form-control form-control-lg"

    def _post_clean(self):
        # The service validates the model (and the rules); skip ModelForm's own pass here.
        pass


class ResponseForm(forms.Form):
    text = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control form-control-lg"}),
    )
    evidence = MultipleFileField(label=_("Evidence (photos or PDF)"), required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].widget.attrs["class"] = "form-control form-control-lg"


class ConflictForm(forms.Form):
    inspector = forms.ModelChoiceField(label=_("Inspector"), queryset=User.objects.none())
    enterprise = EnterpriseChoiceField(
        label=_("Enterprise"),
        queryset=Enterprise.objects.none(),
        widget=SearchSelect("enterprises:pick"),
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, inspectors, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspector"].queryset = inspectors
        self.fields["enterprise"].queryset = enterprises
        if inspectors.count() == 1:
            self.fields["inspector"].initial = inspectors.first()
        for f in self.fields.values():
            f.widget.attrs["class"] = (
                "form-select" if isinstance(f.widget, forms.Select) else "form-control"
            )


class DrawForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    period_start = PlausibleDateField(label=_("Period from"))
    period_end = PlausibleDateField(label=_("Period to"))
    ratio_key = forms.IntegerField(label=_("Key dischargers (%)"), min_value=0, max_value=100)
    ratio_special = forms.IntegerField(
        label=_("Special supervision (%)"), min_value=0, max_value=100
    )
    ratio_general = forms.IntegerField(label=_("General (%)"), min_value=0, max_value=100)
    inspectors_per_target = forms.IntegerField(
        label=_("Inspectors per target"), min_value=2, max_value=6, initial=2
    )
    county = forms.ModelChoiceField(
        label=_("Draw scope"),
        queryset=County.objects.none(),
        required=False,
        empty_label=_("The whole city"),
        help_text=_("A draw for one county takes that county's enterprises only."),
    )
    inspectors = UserChoiceField(
        label=_("Inspector pool"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    seed = forms.IntegerField(
        label=_("Seed (leave empty for a fresh random seed)"),
        required=False,
        min_value=0,
        max_value=2**62,
    )
    supersede_reason = forms.CharField(
        label=_("Why this draw supersedes the standing one"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )

    def __init__(self, *args, pool, inspectors, **kwargs):
        """``pool``: the enterprises in the draw pool with the class each is drawn from (the
        enterprises' stored supervision class, set on the pool page), read when the form is
        valid; the form itself lists none of them."""
        super().__init__(*args, **kwargs)
        for k in CLASS_ORDER:
            self.fields[f"ratio_{k}"].initial = DEFAULT_RATIOS[k]
        self.fields["inspectors"].queryset = inspectors
        self.fields["county"].queryset = County.objects.order_by("code")
        self.fields["county"].widget.attrs["class"] = "form-select"
        self._pool_source = pool
        self._pool = None
        for name in ("title", "period_start", "period_end", "seed", "inspectors_per_target"):
            self.fields[name].widget.attrs["class"] = "form-control"
        for k in CLASS_ORDER:
            self.fields[f"ratio_{k}"].widget.attrs["class"] = "form-control"

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        if not self.pool():
            raise forms.ValidationError(
                _("The target pool is empty: put enterprises in a class on the pool page first.")
            )
        return data

    def pool(self):
        from .draws import PoolEntry

        if self._pool is None:
            county = (getattr(self, "cleaned_data", None) or {}).get("county")
            source = self._pool_source
            if county is not None:
                source = source.filter(county=county)
            self._pool = [PoolEntry(enterprise=e, target_class=e.supervision_class) for e in source]
        return self._pool

    def ratios(self):
        return {k: self.cleaned_data[f"ratio_{k}"] for k in CLASS_ORDER}


class DrawPoolFilter(forms.Form):
    """The filters of the draw pool page (county, class, a name or credit code)."""

    q = forms.CharField(label=_("Name or credit code"), required=False, max_length=100)
    county = forms.ModelChoiceField(
        label=_("County"), queryset=County.objects.none(), required=False, empty_label=_("All")
    )
    klass = forms.ChoiceField(label=_("Class"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = County.objects.order_by("code")
        self.fields["klass"].choices = [("", _("All")), *SupervisionClass.choices]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"
        self.fields["q"].widget.attrs["class"] = "form-control form-control-sm"


class ChecklistItemForm(forms.Form):
    text_zh = forms.CharField(label=_("Check item (Chinese)"), max_length=400, required=False)
    text_en = forms.CharField(label=_("Check item (English)"), max_length=400, required=False)
    source = forms.CharField(label=_("Source"), max_length=300, required=False)
    confirmed = forms.BooleanField(label=_("Confirmed"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("text_zh", "text_en", "source"):
            self.fields[name].widget.attrs["class"] = "form-control form-control-sm"
        self.fields["confirmed"].widget.attrs["class"] = "form-check-input"


ChecklistItemFormSet = forms.formset_factory(ChecklistItemForm, extra=2, can_delete=True)


class ChecklistReviseForm(forms.Form):
    note = forms.CharField(
        label=_("What changed"),
        max_length=300,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class FindingReviewForm(ReviewForm):
    """The verification of a rectification answer (``core.forms.ReviewForm``): accepting
    closes the finding, returning sends it back to the enterprise with the comment."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("accept_label", _("Accept: rectified, close the finding"))
        kwargs.setdefault("return_label", _("Return to the enterprise"))
        super().__init__(*args, **kwargs)
