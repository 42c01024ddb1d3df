"""Factories of the dashboards app: weekly snapshots with their rows."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from dashboards.models import EnterpriseWeek, Rating, WeeklySnapshot

from .registry import EnterpriseFactory


class WeeklySnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WeeklySnapshot

    week_start = factory.Sequence(lambda n: datetime.date(2024, 1, 1) + datetime.timedelta(weeks=n))
    taken_at = factory.LazyFunction(timezone.now)


class EnterpriseWeekFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnterpriseWeek

    snapshot = factory.SubFactory(WeeklySnapshotFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    county = factory.SelfAttribute("enterprise.county")
    industry = factory.SelfAttribute("enterprise.industry")
    capacity_t = factory.SelfAttribute("enterprise.annual_capacity_t")
    ule_stage = factory.SelfAttribute("enterprise.ule_stage")
    ule_complete = False
    rating = Rating.GREEN
    reasons = factory.LazyFunction(lambda: [{"code": "on_track"}])
