from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetrofitsConfig(AppConfig):
    name = "retrofits"
    verbose_name = _("Retrofit projects")
