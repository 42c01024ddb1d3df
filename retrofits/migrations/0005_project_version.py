from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("retrofits", "0004_evidence_stored_file"),
    ]

    operations = [
        migrations.AddField(
            model_name="retrofitproject",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
        ),
    ]
