from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0007_checklist_category"),
    ]

    operations = [
        migrations.AddField(
            model_name="inspection",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
        ),
        migrations.AddConstraint(
            model_name="finding",
            constraint=models.UniqueConstraint(
                condition=models.Q(("item__isnull", False)),
                fields=("inspection", "item"),
                name="one_finding_per_inspection_item",
            ),
        ),
    ]
