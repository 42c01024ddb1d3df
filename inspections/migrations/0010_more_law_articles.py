"""Law articles (issue 9): falsified monitoring data is cited under art. 99(3) of the Air
Pollution Prevention and Control Law and art. 34 of the discharge-permit regulations, not art.
100; art. 100's seeded text no longer mentions falsification (left alone if the office edited
it). Adds arts. 98, 99(2), 99(3), 108(5), 114, 123 and permit regulations arts. 33-39 and 44."""

from django.db import migrations

OLD_100 = (
    "未按规定安装、联网、正常运行自动监测设备，或篡改、伪造监测数据",
    "Monitoring devices not installed, not networked or not running; monitoring data tampered with",
)


def forward(apps, schema_editor):
    from core.reference import ensure_rows
    from inspections.law_reference import MORE_LAW_ARTICLES
    from inspections.reference import LAW_ARTICLES

    LawArticle = apps.get_model("inspections", "LawArticle")
    new_100 = next(a for a in LAW_ARTICLES if a["article"] == "100")
    LawArticle.objects.filter(
        article="100", conduct_zh=OLD_100[0], conduct_en=OLD_100[1]
    ).update(conduct_zh=new_100["conduct_zh"], conduct_en=new_100["conduct_en"])
    ensure_rows(LawArticle, MORE_LAW_ARTICLES, key=("law_zh", "article"))


def backward(apps, schema_editor):
    from inspections.law_reference import MORE_LAW_ARTICLES

    LawArticle = apps.get_model("inspections", "LawArticle")
    for a in MORE_LAW_ARTICLES:
        LawArticle.objects.filter(
            law_zh=a["law_zh"], article=a["article"], findings__isnull=True
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("inspections", "0009_plausible_dates")]
    operations = [migrations.RunPython(forward, backward)]
