"""Judge the clean-transport share rules again and keep the misses the vehicle queue lists:
the last 13 complete months (what the nightly task does), or with ``--all`` every month that
has gate passes or clean tonnage (after upgrading a database that has gate passes)."""

from django.core.management.base import BaseCommand

from transport.misses import last_months, refresh_misses
from transport.models import CleanTonnage, GatePass


class Command(BaseCommand):
    help = "Judge the share rules again for the vehicle queue (last 13 months, or --all)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="every month with data")

    def handle(self, *args, **options):
        if options["all"]:
            months = set(GatePass.objects.dates("passed_at", "month"))
            months |= set(CleanTonnage.objects.values_list("month", flat=True).distinct())
        else:
            months = set(last_months())
        misses = refresh_misses(months=months)
        self.stdout.write(f"{misses} share misses in {len(months)} months.")
