from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CrispyModelForm, OnceFormMixin, VersionedFormMixin

from .models import Contact, EmissionPoint, Enterprise, ProductionUnit


class EnterpriseForm(OnceFormMixin, VersionedFormMixin, CrispyModelForm):
    class Meta:
        model = Enterprise
        fields = [
            "name_zh",
            "name_en",
            "credit_code",
            "industry",
            "county",
            "address",
            "latitude",
            "longitude",
            "annual_capacity_t",
            "key_region",
        ]
        widgets = {
            "credit_code": forms.TextInput(
                attrs={"autocapitalize": "characters", "spellcheck": "false"}
            )
        }

    def __init__(self, *args, counties=None, **kwargs):
        super().__init__(*args, **kwargs)
        if counties is not None:
            self.fields["county"].queryset = counties
        self.fields["annual_capacity_t"].widget.attrs["inputmode"] = "numeric"

    def clean_credit_code(self) -> str:
        return (self.cleaned_data.get("credit_code") or "").strip().upper()

    def get_layout(self) -> Layout:
        return Layout(
            Row(Column("name_zh", css_class="col-md-6"), Column("name_en", css_class="col-md-6")),
            Row(
                Column("credit_code", css_class="col-md-6"),
                Column("industry", css_class="col-md-6"),
            ),
            Row(Column("county", css_class="col-md-6"), Column("address", css_class="col-md-6")),
            Row(Column("latitude", css_class="col-6"), Column("longitude", css_class="col-6")),
            Row(
                Column("annual_capacity_t", css_class="col-md-6"),
                Column("key_region", css_class="col-md-6 pt-md-4"),
            ),
        )


class ProductionUnitForm(OnceFormMixin, VersionedFormMixin, CrispyModelForm):
    class Meta:
        model = ProductionUnit
        fields = ["kind", "name", "capacity", "status"]

    def __init__(self, *args, enterprise: Enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.enterprise = enterprise

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        clash = ProductionUnit.objects.filter(enterprise=self.enterprise, name=name).exclude(
            pk=self.instance.pk
        )
        if clash.exists():
            raise forms.ValidationError(_("This enterprise already has a unit with this name."))
        return name


class EmissionPointForm(OnceFormMixin, VersionedFormMixin, CrispyModelForm):
    class Meta:
        model = EmissionPoint
        fields = ["kind", "name", "unit", "permit_outlet_id", "cems_installed", "cems_networked"]

    def __init__(self, *args, enterprise: Enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = ProductionUnit.objects.filter(enterprise=enterprise)

    def clean(self):
        data = super().clean()
        if data.get("cems_networked") and not data.get("cems_installed"):
            self.add_error(
                "cems_networked", _("A CEMS can only be networked once it is installed.")
            )
        return data


class ContactForm(OnceFormMixin, VersionedFormMixin, CrispyModelForm):
    class Meta:
        model = Contact
        fields = ["name", "position", "phone", "email", "is_primary"]


class OwnContactForm(OnceFormMixin, VersionedFormMixin, CrispyModelForm):
    """What an enterprise contact may change about themselves."""

    class Meta:
        model = Contact
        fields = ["phone", "email", "position"]
