import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.sorting import Sorting, choice_order

from .models import County, Enterprise, Industry, UleStage


class EnterpriseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    industry = django_filters.ChoiceFilter(
        label=_("Industry"), choices=Industry.choices, empty_label=_("All industries")
    )
    county = django_filters.ModelChoiceFilter(
        label=_("County"), queryset=County.objects.none(), empty_label=_("All counties")
    )
    ule_stage = django_filters.ChoiceFilter(
        label=_("ULE stage"), choices=UleStage.choices, empty_label=_("All stages")
    )

    class Meta:
        model = Enterprise
        fields = ["q", "industry", "county", "ule_stage"]

    def __init__(self, *args, counties=None, **kwargs):
        super().__init__(*args, **kwargs)
        if counties is not None:
            self.filters["county"].queryset = counties
        for name, field in self.form.fields.items():
            field.widget.attrs["class"] = "form-control" if name == "q" else "form-select"
        self.form.fields["q"].widget.input_type = "search"  # not an attribute: no duplicate type
        self.form.fields["q"].widget.attrs["placeholder"] = _("Name or credit code")

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name_zh__icontains=value)
            | Q(name_en__icontains=value)
            | Q(credit_code__icontains=value)
        )


# Column sorting of the list (core.sorting): the keys people may ask for, nothing else.
SORTS = Sorting(
    {
        "name": ("name_zh",),
        "code": ("credit_code",),
        "industry": ("industry", "name_zh"),
        "county": ("county__code", "name_zh"),
        "capacity": ("annual_capacity_t",),
        "stage": (choice_order("ule_stage", UleStage.values), "name_zh"),
    },
    default="county",
)
