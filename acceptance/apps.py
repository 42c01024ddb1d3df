from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AcceptanceConfig(AppConfig):
    name = "acceptance"
    verbose_name = _("ULE acceptance")

    def ready(self) -> None:
        from . import messages  # noqa: F401  (registers the renderers of acceptance events)
