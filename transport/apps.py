from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransportConfig(AppConfig):
    name = "transport"
    verbose_name = _("Clean transport")

    def ready(self) -> None:
        from . import signals

        signals.connect()
