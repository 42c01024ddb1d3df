"""Factories of the operations app."""

import datetime

import factory

from operations.models import Campaign, CampaignLine, ProvincialRate, StatusInterval

from .registry import UnitFactory


class StatusIntervalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusInterval

    unit = factory.SubFactory(UnitFactory)
    enterprise = factory.LazyAttribute(lambda o: o.unit.enterprise)
    status = "running"
    start = datetime.date(2025, 1, 1)
    end = None


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    name_zh = factory.Sequence(lambda n: f"错峰生产{n}")
    name_en = factory.Sequence(lambda n: f"Peak shifting {n}")
    season = "2025-2026"
    document = "鲁工信原〔2025〕示例号（演示）"
    start = datetime.date(2025, 11, 15)
    end = datetime.date(2026, 3, 15)
    make_up_days = 10


class CampaignLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CampaignLine

    campaign = factory.SubFactory(CampaignFactory)
    unit = factory.SubFactory(UnitFactory)
    exemption = ""


class ProvincialRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProvincialRate

    week_start = datetime.date(2025, 9, 22)
    week_end = datetime.date(2025, 9, 28)
    province_zh = factory.Sequence(lambda n: f"省{n}")
    rate = 61.98
    source = "第三方市场数据"
