"""Limits that can be checked against (issue 9, section 1): the industry dimension, legal force,
standard and clause, versions (effective and superseded dates), the O₂ reference as a number with
"converted" or "as measured", new source kinds, and the monthly 95%-of-hours rule as a row.

The old seed (keyed by source kind only, with NH3 on the kiln head and coal mill, and Shandong
coking rows marked confirmed without a source) is replaced by ``enterprises.reference``. Rows a
clerk added outside the seed are kept, under a ``legacy-<id>`` code, as ULE policy rows of the
industry their source kind belongs to."""

from django.db import migrations, models

OLD_SEED = {
    ("kiln_tail", "pm", "national"), ("kiln_tail", "so2", "national"),
    ("kiln_tail", "nox", "national"), ("kiln_head", "pm", "national"),
    ("kiln_head", "nh3", "national"), ("coal_mill", "pm", "national"),
    ("coal_mill", "nh3", "national"), ("coke_oven_chimney", "pm", "shandong"),
    ("coke_oven_chimney", "so2", "shandong"), ("coke_oven_chimney", "nox", "shandong"),
    ("coke_oven_chimney", "nmhc", "shandong"), ("coke_oven_chimney", "nh3", "shandong"),
    ("coke_oven_chimney", "pm", "national"), ("coke_oven_chimney", "so2", "national"),
    ("coke_oven_chimney", "nox", "national"), ("coal_charging", "pm", "shandong"),
    ("coal_charging", "so2", "shandong"), ("dry_quenching", "pm", "shandong"),
    ("dry_quenching", "so2", "shandong"), ("coke_pushing", "pm", "shandong"),
    ("coke_pushing", "so2", "shandong"), ("crushing", "pm", "shandong"),
    ("tar_tanks", "nmhc", "shandong"),
}  # fmt: skip
CEMENT_KINDS = {"kiln_tail", "kiln_head", "coal_mill"}


def forward(apps, schema_editor):
    EmissionLimit = apps.get_model("enterprises", "EmissionLimit")
    for lim in EmissionLimit.objects.all():
        if (lim.source_kind, lim.pollutant, lim.jurisdiction) in OLD_SEED:
            lim.delete()
            continue
        o2 = (lim.o2_reference or "").strip().rstrip("%").strip()
        lim.code = f"legacy-{lim.pk}"
        lim.industry = "cement_clinker" if lim.source_kind in CEMENT_KINDS else "coking"
        lim.legal_force = "ule_policy"
        lim.standard_code = lim.source_document[:80]
        try:
            lim.o2_reference_percent = float(o2) if o2 else None
        except ValueError:
            lim.o2_reference_percent = None
        lim.o2_basis = "converted" if lim.o2_reference_percent is not None else "as_measured"
        lim.confirmed = False  # its O₂ basis was never confirmed
        lim.save()
    from enterprises import reference

    reference.load(apps, update=True)


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0005_ule_list_statuses")]

    operations = [
        migrations.RemoveConstraint(
            model_name="emissionlimit", name="one_limit_per_source_pollutant_jurisdiction"
        ),
        migrations.AddField(
            model_name="emissionlimit",
            name="code",
            field=models.SlugField(max_length=80, null=True, verbose_name="code"),
        ),
        migrations.AddField(
            model_name="emissionlimit",
            name="industry",
            field=models.CharField(max_length=20, null=True, verbose_name="industry"),
        ),
        migrations.AddField(
            model_name="emissionlimit",
            name="legal_force",
            field=models.CharField(max_length=20, null=True, verbose_name="legal force"),
        ),
        migrations.AddField(
            model_name="emissionlimit",
            name="standard_code",
            field=models.CharField(max_length=80, default="", verbose_name="standard or document"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="emissionlimit",
            name="clause",
            field=models.CharField(blank=True, max_length=200, verbose_name="clause"),
        ),
        migrations.AddField(
            model_name="emissionlimit",
            name="superseded_date",
            field=models.DateField(blank=True, null=True, verbose_name="superseded from"),
        ),
        migrations.AddField(
            model_name="emissionlimit",
            name="o2_basis",
            field=models.CharField(default="as_measured", max_length=12, verbose_name="O₂ basis"),
        ),
        migrations.AddField(
            model_name="emissionlimit",
            name="o2_reference_percent",
            field=models.DecimalField(
                blank=True, decimal_places=1, max_digits=4, null=True, verbose_name="reference O₂ (%)"
            ),
        ),
        migrations.AddField(
            model_name="emissionlimit",
            name="o2_basis_confirmed",
            field=models.BooleanField(default=False, verbose_name="O₂ basis confirmed"),
        ),
        migrations.CreateModel(
            name="LimitRule",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.SlugField(max_length=80, unique=True, verbose_name="code")),
                ("industry", models.CharField(max_length=20, verbose_name="industry")),
                ("legal_force", models.CharField(max_length=20, verbose_name="applies to limits of")),
                ("statistic", models.CharField(max_length=20, verbose_name="statistic")),
                ("threshold_percent", models.DecimalField(decimal_places=2, max_digits=5, verbose_name="threshold (%)")),
                ("period", models.CharField(max_length=10, verbose_name="period")),
                ("hours_counted", models.CharField(max_length=20, verbose_name="hours counted")),
                ("source_document", models.CharField(max_length=300, verbose_name="source document")),
                ("confirmed", models.BooleanField(default=False, verbose_name="confirmed")),
                ("note", models.TextField(blank=True, verbose_name="note (Chinese)")),
                ("note_en", models.TextField(blank=True, verbose_name="note (English)")),
            ],
        ),
        migrations.RunPython(forward, migrations.RunPython.noop),
        migrations.RemoveField(model_name="emissionlimit", name="o2_reference"),
    ]
