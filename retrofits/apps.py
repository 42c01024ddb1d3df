from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetrofitsConfig(AppConfig):
    name = "retrofits"
    verbose_name = _("Retrofit projects")

    def ready(self) -> None:
        from . import messages  # noqa: F401  (registers the renderers of retrofit events)
