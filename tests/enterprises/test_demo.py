from django.core import serializers
from django.core.management import call_command

from accounts.models import User
from enterprises.models import Contact, County, EmissionPoint, Enterprise, ProductionUnit

MODELS = [County, Enterprise, ProductionUnit, EmissionPoint, Contact]


def _dump():
    """Every demo record, less the automatic last-changed timestamps."""
    data = {}
    for model in MODELS:
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if not getattr(f, "auto_now", False) and not f.primary_key
        ]
        data[model.__name__] = serializers.serialize(
            "python", model.objects.order_by("pk"), fields=fields
        )
    data["users"] = list(
        User.objects.order_by("pk").values(
            "username", "role", "county_id", "enterprise_id", "email"
        )
    )
    return data


def test_demo_loader_run_twice_gives_the_same_data(db, settings):
    call_command("load_demo", verbosity=0)
    first = _dump()
    call_command("load_demo", verbosity=0)
    assert _dump() == first


def test_demo_has_the_seven_enterprises_and_users(db, settings):
    call_command("load_demo", verbosity=0)
    assert Enterprise.objects.count() == 7 and all(
        e.is_illustrative for e in Enterprise.objects.all()
    )
    assert County.objects.count() == 14
    users = {u.username: u for u in User.objects.all()}
    assert {"office", "bureau", "weishan", "vehicle", "shanshui", "rongxin", "leader"} <= set(users)
    assert users["weishan"].county.code == "weishan"
    assert users["shanshui"].enterprise.name_en == "Weishan Shanshui Cement Co., Ltd."
    assert users["rongxin"].enterprise.name_en == "Shandong Rongxin Group Co., Ltd."
    assert all(users[u].check_password(settings.ULE_DEMO_PASSWORD) for u in ("office", "leader"))
    assert all(len(e.credit_code) == 18 for e in Enterprise.objects.all())
    for e in Enterprise.objects.all():
        e.full_clean()  # demo credit codes pass the GB 32100 check
