from django.core.management.base import BaseCommand, CommandError

from enterprises import scale


class Command(BaseCommand):
    help = (
        "Generate a national-scale data set on top of the demo (PostgreSQL only): per "
        "enterprise a contact, 4 projects of 25 nodes, 50 inspections, 10 findings, draw "
        "targets, ~300 notifications and weekly-snapshot rows. Idempotent: run it again, or "
        "with a larger --enterprises, and only what is missing is added."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enterprises",
            type=int,
            default=2000,
            help="generated enterprises wanted in all (the demo's are not counted)",
        )

    def handle(self, *args, enterprises: int, **options):
        if enterprises < 0:
            raise CommandError("--enterprises must be 0 or more")
        try:
            report = scale.generate(enterprises, log=self.stdout.write)
        except scale.ScaleError as exc:
            raise CommandError(str(exc)) from exc
        total = sum(seconds for _, _, seconds in report.steps)
        self.stdout.write(self.style.SUCCESS(f"Scale data set ready ({total:.1f} s)."))
