from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth.forms import PasswordResetForm

from .models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "email", "phone", "language", "notification_channel"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, with the link sent through the outbox (retried, rendered in the
    person's language) instead of straight to the mail server, and mailed whatever channel
    the person chose, since they cannot sign in to read their inbox."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        from django.urls import reverse

        from notifications.services import notify

        from .messages import password_reset

        path = reverse(
            "password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]}
        )
        user = context["user"]
        notify(
            recipients=[user],
            key=f"password-reset:{user.pk}:{context['token']}",
            message=password_reset(f"{context['protocol']}://{context['domain']}{path}"),
            email=True,
        )
