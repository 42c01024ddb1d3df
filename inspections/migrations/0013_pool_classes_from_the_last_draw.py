"""The draw pool's classes move onto the enterprises (``Enterprise.supervision_class``): each
enterprise takes the class it had in the latest draw's inputs, as the draw form used to
propose them; an enterprise the latest draw did not have keeps the default (general), as the
form proposed it too."""

from django.db import migrations


def classes_from_the_last_draw(apps, schema_editor):
    Draw = apps.get_model("inspections", "Draw")
    Enterprise = apps.get_model("enterprises", "Enterprise")
    last = Draw.objects.order_by("-created_at", "-id").first()
    if last is None:
        return
    by_class: dict[str, list[int]] = {}
    for t in (last.inputs or {}).get("targets", []):
        if t.get("class") in ("key", "special", "general"):
            by_class.setdefault(t["class"], []).append(t["enterprise_id"])
    for klass, ids in by_class.items():
        Enterprise.objects.filter(pk__in=ids).update(supervision_class=klass)


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0012_draw_supersession"),
        ("enterprises", "0010_supervision_class"),
    ]

    operations = [migrations.RunPython(classes_from_the_last_draw, migrations.RunPython.noop)]
