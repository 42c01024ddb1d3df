from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = _("On-site inspections")

    def ready(self) -> None:
        from . import messages  # noqa: F401  (registers the notification renderers)
