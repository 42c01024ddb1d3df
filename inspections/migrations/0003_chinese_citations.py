"""Cite sources the way a Chinese inspector reads them: the seeded checklist items and law
articles pointed at internal notes ("domain notes §5"); they now name the documents. Only
rows still holding a seeded value are changed, so an office edit is never overwritten."""

from django.db import migrations

D4 = "domain notes §4 (ULE limits)"
D5 = "domain notes §5 (practice list; no official checklist text found)"
D6 = "domain notes §6 (cement opinion, 环大气〔2024〕5号)"
D7 = "domain notes §7 (monitoring systems; APPCL 2018 art. 20)"
SEED1 = "seed report, Aug 2025 (special class meeting)"

ITEM_SOURCES = {
    D4 + ", national": "环大气〔2024〕5号（水泥超低排放限值，国家）",
    D4: "超低排放限值（未找到官方原文，待核实）",
    D4 + ", Shandong": "山东省焦化行业超低排放改造方案",
    D5: "现场检查实践做法（未找到官方检查表原文）",
    D6: "环大气〔2024〕5号（清洁运输要求）",
    D6 + " (95% from commentary)": "HJ 1321-2023；95%传输率来自解读文章，待核实",
    D6 + " (retention not found; configurable)": "保存期限未找到官方规定，可配置（默认1年）",
    D7: "监测监控要求；《大气污染防治法》第20条",
    SEED1: "济宁市专班2025年8月调度会要求",
    SEED1 + "; practice": "济宁市专班2025年8月调度会要求；实践做法",
    "practice": "实践做法",
    "APPCL 2018 art. 20": "《大气污染防治法》第20条",
    "APPCL 2018 art. 116": "《大气污染防治法》第116条",
    "APPCL 2018 art. 117": "《大气污染防治法》第117条",
}
ARTICLE_SOURCES = {
    "大气污染防治法（2018）": "《大气污染防治法》（2018年修正）",
    "环境保护法（2014）": "《环境保护法》（2014年修订）",
}


def forwards(apps, schema_editor):
    Item = apps.get_model("inspections", "ChecklistItem")
    Article = apps.get_model("inspections", "LawArticle")
    for old, new in ITEM_SOURCES.items():
        Item.objects.filter(source=old).update(source=new)
    for law, source in ARTICLE_SOURCES.items():
        Article.objects.filter(law_zh=law, source="domain notes §10").update(source=source)


def backwards(apps, schema_editor):
    Item = apps.get_model("inspections", "ChecklistItem")
    Article = apps.get_model("inspections", "LawArticle")
    for old, new in ITEM_SOURCES.items():
        Item.objects.filter(source=new).update(source=old)
    for law, source in ARTICLE_SOURCES.items():
        Article.objects.filter(law_zh=law, source=source).update(source="domain notes §10")


class Migration(migrations.Migration):
    dependencies = [("inspections", "0002_seed_checklists_and_law_articles")]
    operations = [migrations.RunPython(forwards, backwards)]
