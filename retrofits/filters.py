import django_filters
from django.utils.translation import gettext_lazy as _

from core.sorting import Sorting, choice_order
from core.widgets import SearchSelect
from enterprises.models import County, Enterprise

from .models import Category, ProgressReport, ProjectStatus, RetrofitProject


class ProjectFilter(django_filters.FilterSet):
    enterprise = django_filters.ModelChoiceFilter(
        label=_("Enterprise"),
        queryset=Enterprise.objects.none(),
        empty_label=_("All enterprises"),
        widget=SearchSelect("enterprises:pick"),
    )
    county = django_filters.ModelChoiceFilter(
        label=_("County"),
        field_name="enterprise__county",
        queryset=County.objects.none(),
        empty_label=_("All counties"),
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=Category.choices, empty_label=_("All categories")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ProjectStatus.choices, empty_label=_("All statuses")
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue"),
        method="filter_overdue",
        widget=django_filters.widgets.BooleanWidget(),
    )

    class Meta:
        model = RetrofitProject
        fields = ["enterprise", "county", "category", "status", "overdue"]

    def __init__(self, *args, enterprises=None, counties=None, **kwargs):
        super().__init__(*args, **kwargs)
        if enterprises is not None:
            self.filters["enterprise"].queryset = enterprises
        if counties is not None:
            self.filters["county"].queryset = counties
        overdue = self.form.fields["overdue"]
        overdue.widget.choices = [
            ("", _("Any")),
            ("true", _("With missed nodes")),
            ("false", _("Without missed nodes")),
        ]
        for field in self.form.fields.values():
            field.widget.attrs["class"] = "form-select"

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(n_missed__gt=0) if value else queryset.filter(n_missed=0)


# Column sorting of the project list (core.sorting): the keys people may ask for.
PROJECT_SORTS = Sorting(
    {
        "project": ("name",),
        "enterprise": ("enterprise__county__code", "enterprise__name_zh", "category"),
        "category": ("category", "enterprise__name_zh"),
        "done": ("n_done",),
        "next": ("next_planned",),
        "delay": ("oldest_open_committed",),
        "status": (choice_order("status", ProjectStatus.values), "enterprise__name_zh"),
    },
    default="enterprise",
)

# Sorting of the list (core.sorting); by default the selector's order: awaiting review first.
_STATUS = ProgressReport.Status
REPORT_SORTS = Sorting(
    {
        "status": (
            choice_order("status", [_STATUS.SUBMITTED, _STATUS.RETURNED, _STATUS.ACCEPTED]),
            "-submitted_at",
        ),
        "month": ("period",),
        "enterprise": ("project__enterprise__name_zh", "-period"),
        "submitted": ("submitted_at",),
        "percent": ("percent_complete",),
    },
    default="status",
)
