from django import forms
from django.utils.translation import gettext_lazy as _

from core.dates import PlausibleDateField
from core.forms import CrispyForm


class OrderForm(CrispyForm):
    requirement = forms.CharField(
        label=_("What must be done"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: move the late nodes forward and report the new dates."),
    )
    response_deadline = PlausibleDateField(label=_("Answer due by"))


class AnswerForm(CrispyForm):
    answer = forms.CharField(
        label=_("What the enterprise has done"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
