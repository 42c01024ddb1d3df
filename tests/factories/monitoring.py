"""Factories of the monitoring app."""

import factory

from enterprises.models import SourceKind
from monitoring.models import Device, StopPeriod

from .registry import PointFactory


class DeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Device

    mn = factory.Sequence(lambda n: f"MN{n:010d}")
    point = factory.SubFactory(PointFactory, kind=SourceKind.KILN_TAIL)


class StopPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StopPeriod

    reason = StopPeriod.Reason.PEAK_SHIFTING
