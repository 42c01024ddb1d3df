from django.apps import apps
from django.core.management import call_command


def _counts():
    return {m.__name__: m.objects.count() for m in apps.get_app_config("inspections").get_models()}


def test_demo_loads_every_state_and_twice_changes_nothing(db, settings, tmp_path):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = _counts()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _counts() == first
    from inspections.models import Finding, Inspection

    assert set(Finding.objects.values_list("status", flat=True)) == {
        "open",
        "responded",
        "closed",
    }
    assert set(Inspection.objects.values_list("status", flat=True)) == {"draft", "submitted"}
    assert first["Draw"] == 2 and first["ConflictDeclaration"] == 1
