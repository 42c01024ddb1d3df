import time
from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils.module_loading import module_has_submodule

# Each app that has demo data provides ``<app>.demo.load()``; they run in this order.
DEMO_APPS = [
    "enterprises",
    "retrofits",
    "inspections",
    "acceptance",
    "monitoring",
    "transport",
    "operations",
    "dashboards",
]


class Command(BaseCommand):
    help = "Load (or reload) the Jining demo data. Safe to run repeatedly: nothing is duplicated."

    def handle(self, *args, **options):
        for label in DEMO_APPS:
            app = apps.get_app_config(label)
            if module_has_submodule(app.module, "demo"):
                started = time.perf_counter()
                import_module(f"{label}.demo").load()
                self.stdout.write(f"  demo data: {label} ({time.perf_counter() - started:.1f} s)")
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
