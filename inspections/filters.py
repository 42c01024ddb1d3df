import django_filters
from django.utils.translation import gettext_lazy as _

from core.sorting import Sorting, choice_order
from core.widgets import SearchSelect
from enterprises.models import County, Enterprise

from .models import Inspection, InspectionStatus, Origin


class InspectionFilter(django_filters.FilterSet):
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
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="started_at__date", lookup_expr="gte"
    )
    date_to = django_filters.DateFilter(
        label=_("To"), field_name="started_at__date", lookup_expr="lte"
    )
    origin = django_filters.ChoiceFilter(
        label=_("Origin"), choices=Origin.choices, empty_label=_("All origins")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=InspectionStatus.choices, empty_label=_("All statuses")
    )

    class Meta:
        model = Inspection
        fields = ["enterprise", "county", "date_from", "date_to", "origin", "status"]

    def __init__(self, *args, enterprises=None, counties=None, **kwargs):
        super().__init__(*args, **kwargs)
        if enterprises is not None:
            self.filters["enterprise"].queryset = enterprises
        if counties is not None:
            self.filters["county"].queryset = counties
        for name, field in self.form.fields.items():
            if name in ("date_from", "date_to"):
                field.widget.input_type = "date"
                field.widget.attrs["class"] = "form-control"
            else:
                field.widget.attrs["class"] = "form-select"


# Column sorting of the list (core.sorting); drafts (still open) first by default.
INSPECTION_SORTS = Sorting(
    {
        "date": ("started_at",),
        "enterprise": ("enterprise__name_zh",),
        "county": ("enterprise__county__code", "enterprise__name_zh"),
        "origin": ("origin",),
        "nc": ("non_compliant",),
        "findings": ("finding_count",),
        "status": (choice_order("status", InspectionStatus.values),),
    },
    default="-date",
    first=(choice_order("status", [InspectionStatus.DRAFT]),),
)

# Column sorting of the list of draws (core.sorting).
DRAW_SORTS = Sorting(
    {
        "title": ("title",),
        "period": ("period_start", "period_end"),
        "targets": ("n",),
        "run": ("created_at",),
    },
    default="-run",
)
