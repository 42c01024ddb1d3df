"""Seed the ULE emission limits and targets from ../shared/domain.md sections 3 and 4.

Each row cites its source. Values the domain notes mark "unconfirmed" are seeded with
confirmed=False so that the portal shows them as such; clerks correct them in the admin when
a document changes. Nothing here is read by code as a constant.
"""

from decimal import Decimal

from django.db import migrations

CEMENT_OPINION = "关于推进实施水泥行业超低排放的意见（环大气〔2024〕5号）MEE et al. 2024"
COKING_OPINION = "关于推进实施焦化行业超低排放的意见 MEE et al. 2024, coking opinion (via reposts)"
SHANDONG_COKING = "山东省焦化行业超低排放改造方案 Shandong provincial coking ULE plan"
UNCONFIRMED = "Not found in an official text (practice lists / reposts); check before citing."

# (source_kind, pollutant, value, o2_reference, jurisdiction, source, confirmed, note)
LIMITS = [
    ("kiln_tail", "pm", "10", "10%", "national", CEMENT_OPINION, True, "Hourly means must comply in ≥95% of each month's production hours."),
    ("kiln_tail", "so2", "35", "10%", "national", CEMENT_OPINION, True, "Hourly means must comply in ≥95% of each month's production hours."),
    ("kiln_tail", "nox", "50", "10%", "national", CEMENT_OPINION, True, "Hourly means must comply in ≥95% of each month's production hours."),
    ("kiln_head", "pm", "10", "", "national", CEMENT_OPINION, False, UNCONFIRMED),
    ("kiln_head", "nh3", "8", "", "national", CEMENT_OPINION, False, UNCONFIRMED),
    ("coal_mill", "pm", "10", "", "national", CEMENT_OPINION, False, UNCONFIRMED),
    ("coal_mill", "nh3", "8", "", "national", CEMENT_OPINION, False, UNCONFIRMED),
    ("coke_oven_chimney", "pm", "10", "8%", "shandong", SHANDONG_COKING, True, "O₂ reference unconfirmed."),
    ("coke_oven_chimney", "so2", "30", "8%", "shandong", SHANDONG_COKING, True, "O₂ reference unconfirmed."),
    ("coke_oven_chimney", "nox", "100", "8%", "shandong", SHANDONG_COKING, True, "O₂ reference unconfirmed."),
    ("coke_oven_chimney", "nmhc", "60", "8%", "shandong", SHANDONG_COKING, True, "O₂ reference unconfirmed."),
    ("coke_oven_chimney", "nh3", "8", "8%", "shandong", SHANDONG_COKING, True, "O₂ reference unconfirmed."),
    ("coke_oven_chimney", "pm", "10", "8%", "national", COKING_OPINION, False, "Sources disagree on NOx (100 or 150)."),
    ("coke_oven_chimney", "so2", "30", "8%", "national", COKING_OPINION, False, "Sources disagree on NOx (100 or 150)."),
    ("coke_oven_chimney", "nox", "150", "8%", "national", COKING_OPINION, False, "Sources disagree (100 or 150); the stricter Shandong value applies here."),
    ("coal_charging", "pm", "10", "", "shandong", SHANDONG_COKING, True, ""),
    ("coal_charging", "so2", "50", "", "shandong", SHANDONG_COKING, True, ""),
    ("dry_quenching", "pm", "10", "", "shandong", SHANDONG_COKING, True, ""),
    ("dry_quenching", "so2", "50", "", "shandong", SHANDONG_COKING, True, ""),
    ("coke_pushing", "pm", "10", "", "shandong", SHANDONG_COKING, True, ""),
    ("coke_pushing", "so2", "30", "", "shandong", SHANDONG_COKING, True, ""),
    ("crushing", "pm", "10", "", "shandong", SHANDONG_COKING, True, ""),
    ("tar_tanks", "nmhc", "50", "", "shandong", SHANDONG_COKING, True, ""),
]

JINING_DAILY = "济宁日报 Jining Daily, 23 Jan 2025"
TARGETS = [
    ("national", "cement_clinker", 2025, "50", CEMENT_OPINION + " (key regions, strive for)"),
    ("national", "cement_clinker", 2028, "80", CEMENT_OPINION + " (80% nationally; key regions basically done)"),
    ("national", "coking", 2025, "60", COKING_OPINION + " (key regions, strive for)"),
    ("national", "coking", 2028, "80", COKING_OPINION + " (80% nationally; key regions basically done)"),
    ("city", "cement_clinker", 2025, "50", JINING_DAILY),
    ("city", "coking", 2025, "60", JINING_DAILY),
]


def seed(apps, schema_editor):
    EmissionLimit = apps.get_model("enterprises", "EmissionLimit")
    Target = apps.get_model("enterprises", "Target")
    for kind, pollutant, value, o2, jurisdiction, source, confirmed, note in LIMITS:
        EmissionLimit.objects.update_or_create(
            source_kind=kind,
            pollutant=pollutant,
            jurisdiction=jurisdiction,
            defaults={
                "value": Decimal(value),
                "unit": "mg/m³",
                "o2_reference": o2,
                "averaging": "hourly mean",
                "source_document": source,
                "confirmed": confirmed,
                "note": note,
            },
        )
    for scope, industry, year, share, source in TARGETS:
        Target.objects.update_or_create(
            scope=scope,
            industry=industry,
            year=year,
            defaults={"share_percent": Decimal(share), "source_document": source},
        )


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
