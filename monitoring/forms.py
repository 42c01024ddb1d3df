from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.forms import CrispyForm

from .models import Flag

MAX_IMPORT_BYTES = 50 * 1024 * 1024


class ImportForm(CrispyForm):
    KINDS = [
        ("csv", _("CSV hourly export (MN, time, code, mean, converted mean, flag)")),
        ("xlsx", _("Excel hourly export (same columns, first sheet)")),
        ("packets", _("Log of HJ 212 packets (one packet a line)")),
    ]
    kind = forms.ChoiceField(label=_("File type"), choices=KINDS, widget=forms.RadioSelect)
    file = forms.FileField(label=_("File"))

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB; split it."))
        if f.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return f


class OutcomeForm(CrispyForm):
    outcome = forms.ChoiceField(
        label=pgettext_lazy("flag", "Outcome"),
        choices=[
            (Flag.Status.EXPLAINED, _("Explained: the data are plausible")),
            (Flag.Status.FINDING, _("Finding raised")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("What the verification found"), widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )  # fmt: skip
