from django.db import migrations, models


def _version():
    return models.PositiveIntegerField(default=1, editable=False, verbose_name="version")


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0003_bilingual_limit_notes"),
    ]

    operations = [
        migrations.AddField(model_name="contact", name="version", field=_version()),
        migrations.AddField(model_name="emissionpoint", name="version", field=_version()),
        migrations.AddField(model_name="enterprise", name="version", field=_version()),
        migrations.AddField(model_name="productionunit", name="version", field=_version()),
    ]
