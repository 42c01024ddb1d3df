"""Peak-shifting campaigns and the provincial weekly rates (data the bureau keeps)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

import access
from accounts.models import User
from core.audit import save_audited
from core.dates import check_plausible
from enterprises.models import ProductionUnit

from ..models import Campaign, CampaignLine, Exemption, ProvincialRate

CAMPAIGN_FIELDS = (
    "name_zh",
    "name_en",
    "season",
    "document",
    "industry",
    "start",
    "end",
    "make_up_days",
)


def campaign_save(
    *,
    actor: User,
    data: dict[str, Any],
    lines: Iterable[ProductionUnit],
    heating: Iterable[ProductionUnit] = (),
    co_processing: Iterable[ProductionUnit] = (),
    campaign: Campaign | None = None,
) -> Campaign:
    """Create or replace a campaign with its lines: ``lines`` must stop; ``heating`` and
    ``co_processing`` lines may run and make up the days."""
    if not access.can_manage_campaigns(actor):
        raise PermissionDenied
    check_plausible(start=data["start"], end=data["end"])
    if data["end"] < data["start"]:
        raise ValidationError({"end": _("The window cannot end before it starts.")})
    roles: dict[int, tuple[ProductionUnit, str]] = {}
    for units, exemption in (
        (lines, Exemption.NONE),
        (heating, Exemption.HEATING),
        (co_processing, Exemption.CO_PROCESSING),
    ):
        for unit in units:
            if unit.pk in roles and roles[unit.pk][1] != exemption:
                raise ValidationError(
                    _("%(unit)s is listed twice; give each line one rule.") % {"unit": unit}
                )
            roles[unit.pk] = (unit, exemption)
    if not roles:
        raise ValidationError({"lines": _("Choose the lines the campaign applies to.")})
    with transaction.atomic():
        before = None
        if campaign is None:
            campaign = Campaign(created_by=actor)
        else:
            from core.audit import snapshot

            before = snapshot(campaign)
        for name in CAMPAIGN_FIELDS:
            setattr(campaign, name, data[name] if name in data else getattr(campaign, name))
        save_audited(campaign, actor=actor, before=before)
        CampaignLine.objects.filter(campaign=campaign).delete()
        CampaignLine.objects.bulk_create(
            CampaignLine(campaign=campaign, unit=unit, exemption=exemption)
            for unit, exemption in roles.values()
        )
    return campaign


def rate_save(*, actor: User, data: dict[str, Any]) -> ProvincialRate:
    if not access.can_enter_provincial_rates(actor):
        raise PermissionDenied
    check_plausible(week_start=data["week_start"], week_end=data["week_end"])
    if data["week_end"] < data["week_start"]:
        raise ValidationError({"week_end": _("The week cannot end before it starts.")})
    with transaction.atomic():
        return save_audited(ProvincialRate(entered_by=actor, **data), actor=actor)
