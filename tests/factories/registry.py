"""factory_boy factories shared by every test module."""

import factory
from django.conf import settings

from accounts.models import Role, User
from enterprises.models import (
    Contact,
    County,
    EmissionPoint,
    Enterprise,
    Industry,
    ProductionUnit,
    SourceKind,
    UnitKind,
)
from enterprises.validators import credit_code_check_char


def make_credit_code(n: int) -> str:
    first17 = f"91370811MA{n:07d}"
    return first17 + credit_code_check_char(first17)


class CountyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = County
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"county{n}")
    name_zh = factory.Sequence(lambda n: f"测试县{n}")
    name_en = factory.Sequence(lambda n: f"Test County {n}")
    sub_bureau_zh = factory.LazyAttribute(lambda o: f"{o.name_zh}分局")
    sub_bureau_en = factory.LazyAttribute(lambda o: f"{o.name_en} Sub-bureau")


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name_zh = factory.Sequence(lambda n: f"测试水泥有限公司{n}")
    name_en = factory.Sequence(lambda n: f"Test Cement Co. {n}")
    credit_code = factory.Sequence(lambda n: make_credit_code(n + 1000))
    industry = Industry.CEMENT_CLINKER
    county = factory.SubFactory(CountyFactory)
    annual_capacity_t = 1_000_000


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@test.local")
    role = Role.BUREAU
    password = factory.PostGenerationMethodCall("set_password", settings.ULE_DEMO_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    enterprise = factory.SubFactory(EnterpriseFactory)
    name = factory.Sequence(lambda n: f"联系人{n}")
    phone = "0537-5550000"
    email = factory.Sequence(lambda n: f"contact{n}@test.local")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductionUnit

    enterprise = factory.SubFactory(EnterpriseFactory)
    kind = UnitKind.KILN_LINE
    name = factory.Sequence(lambda n: f"{n}# 熟料线")
    capacity = 2500


class PointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmissionPoint

    enterprise = factory.SubFactory(EnterpriseFactory)
    kind = SourceKind.KILN_TAIL
    name = factory.Sequence(lambda n: f"窑尾排气筒{n}")
    cems_installed = True
