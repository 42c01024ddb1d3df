"""One name per concept (docs/glossary.md): a checklist's "scope" is its category, as for
retrofit projects and findings."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("inspections", "0006_attachment_stored_file")]

    operations = [
        migrations.RenameField(model_name="checklisttemplate", old_name="scope", new_name="category"),
        migrations.AlterField(
            model_name="checklisttemplate",
            name="category",
            field=models.CharField(
                choices=[
                    ("organized", "Organized emissions"),
                    ("fugitive", "Fugitive emissions"),
                    ("transport", "Clean transportation"),
                    ("monitoring", "Monitoring systems"),
                    ("safety", "Safety of environmental works"),
                ],
                max_length=16,
                verbose_name="category",
            ),
        ),
    ]
