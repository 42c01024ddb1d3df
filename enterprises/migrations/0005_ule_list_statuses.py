from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0004_record_versions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="enterprise",
            name="ule_stage",
            field=models.CharField(
                choices=[
                    ("not_started", "Not started"),
                    ("retrofitting", "Retrofitting"),
                    ("completed", "Retrofit completed"),
                    ("stable", "Stable operation"),
                    ("evaluated", "Evaluation monitoring done"),
                    ("publicized", "Publicized (on the ULE list)"),
                    ("under_review", "On the ULE list, under review"),
                    ("suspended", "Suspended from the ULE list"),
                    ("removed", "Removed from the ULE list"),
                ],
                default="not_started",
                max_length=16,
                verbose_name="ULE stage",
            ),
        ),
        migrations.AddField(
            model_name="enterprise",
            name="ule_partial_capacity_t",
            field=models.PositiveIntegerField(
                default=0,
                editable=False,
                help_text="Kiln lines or coke-oven batteries covered by an accepted partial evaluation while the whole plant is not listed: shown and counted apart, never as ULE capacity.",
                verbose_name="capacity of the units with ULE complete (t/a)",
            ),
        ),
    ]
