"""The vehicle exhaust staff's queue: machines, in-plant vehicles and cargo gates that miss
their rules today, and enterprises whose latest month misses a share. Each item carries the
text of the finding it would become (in the portal's official language, Chinese), the law
article to cite where one applies, and the finding already raised from it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.translation import gettext as _

import access
from accounts.models import User
from enterprises.models import Enterprise
from inspections.models import Finding, LawArticle

from .models import Gate, InPlantVehicle, Machine, QueueFinding, Rule, Stage
from .shares import Thresholds, shares_with_data, stage_at_least

OFFICIAL_LANGUAGE = "zh-hans"
APPCL = "大气污染防治法（2018）"


@dataclass
class QueueItem:
    key: str
    kind: str  # machine | vehicle | gate | share
    enterprise: Enterprise
    title: str
    description: str  # for the finding, in Chinese
    requirement: str  # for the finding, in Chinese
    article: LawArticle | None = None
    finding: Finding | None = None


def _official(text_fn) -> str:
    with translation.override(OFFICIAL_LANGUAGE):
        return str(text_fn())


def queue_items(
    *, user: User, today: datetime.date | None = None, enterprise_id: int | None = None
) -> list[QueueItem]:
    """The open queue in the user's scope (empty for users who may not work it)."""
    if not access.can_use_transport_queue(user):
        return []
    today = today or timezone.localdate()
    # the scope stays a query (a subquery in each read below, never 2,000 ids as parameters);
    # only the enterprises that have something in the queue are loaded
    scope = access.visible_transport_enterprises(user)
    if enterprise_id is not None:
        scope = scope.filter(pk=enterprise_id)
    in_scope = scope.values("pk")
    thresholds = Thresholds()
    art_114 = LawArticle.objects.filter(law_zh=APPCL, article="114", is_active=True).first()
    items: list[QueueItem] = []

    machines = Machine.objects.filter(enterprise_id__in=in_scope).select_related(
        "enterprise__county"
    )
    for m in machines.order_by("enterprise_id", "pk"):
        e = m.enterprise
        row = thresholds.get(Rule.MACHINE_MIN_STAGE, e.industry, today)
        below = row is not None and not stage_at_least(m.stage, row.min_stage)
        if not below and m.registration_code:
            continue
        params = {
            "machine": m.machine_type,
            "code": m.registration_code or "—",
            "engine": m.engine_number or "—",
            "stage": Stage(m.stage).label,  # lazy: worded in the language in force
            "min": Stage(row.min_stage).label if row else "",
        }
        if below:
            title = _("%(machine)s %(code)s: %(stage)s, below %(min)s") % params
            description = _official(
                lambda p=params: (
                    _(
                        "Non-road mobile machine %(machine)s (registration code %(code)s, engine "
                        "%(engine)s) is %(stage)s, below the required %(min)s."
                    )
                    % p
                )
            )
        else:
            title = _("%(machine)s: not registered") % params
            description = _official(
                lambda p=params: (
                    _(
                        "Non-road mobile machine %(machine)s (engine %(engine)s) has no "
                        "registration code."
                    )
                    % p
                )
            )
        items.append(
            QueueItem(
                key=f"machine:{m.pk}",
                kind="machine",
                enterprise=e,
                title=title,
                description=description,
                requirement=_official(
                    lambda: _(
                        "Replace or retrofit the machine to meet the required emission stage "
                        "and register it; stop using it until then."
                    )
                ),
                article=art_114 if below else None,
            )
        )

    vehicles = InPlantVehicle.objects.filter(enterprise_id__in=in_scope).select_related(
        "enterprise__county"
    )
    for v in vehicles.order_by("enterprise_id", "pk"):
        e = v.enterprise
        row = thresholds.get(Rule.INPLANT_MIN_STAGE, e.industry, today)
        if row is None or stage_at_least(v.stage, row.min_stage):
            continue
        params = {
            "plate": v.plate,
            "stage": v.get_stage_display(),
            "min": row.get_min_stage_display(),
        }
        items.append(
            QueueItem(
                key=f"vehicle:{v.pk}",
                kind="vehicle",
                enterprise=e,
                title=_("In-plant vehicle %(plate)s: %(stage)s, below %(min)s") % params,
                description=_official(
                    lambda p=params: (
                        _("In-plant vehicle %(plate)s is %(stage)s, below the required %(min)s.")
                        % p
                    )
                ),
                requirement=_official(
                    lambda: _(
                        "Replace the vehicle with one meeting the required stage (new energy)."
                    )
                ),
            )
        )

    gates = Gate.objects.filter(enterprise_id__in=in_scope, is_cargo=True).select_related(
        "enterprise__county"
    )
    for g in gates.order_by("enterprise_id", "pk"):
        if g.compliant:
            continue
        e = g.enterprise
        params = {"gate": g.name}
        items.append(
            QueueItem(
                key=f"gate:{g.pk}",
                kind="gate",
                enterprise=e,
                title=_("Cargo gate %(gate)s: no video or not networked") % params,
                description=_official(
                    lambda p=params: (
                        _(
                            "Cargo gate %(gate)s lacks video surveillance or is not networked with "
                            "the authorities."
                        )
                        % p
                    )
                ),
                requirement=_official(
                    lambda: _(
                        "Install gate access control with video and network it with the authorities."
                    )
                ),
            )
        )

    this_month = today.replace(day=1)
    last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
    latest_months, enterprises = shares_with_data(
        scope, last_month.year, thresholds, first_month=last_month
    )
    for eid, periods in latest_months.items():
        # the latest complete month: the current one is still being recorded
        months = [p for p in periods if not p.ytd and p.start < this_month]
        if not months:
            continue
        latest = months[-1]
        e = enterprises[eid]
        for check in latest.failed:
            items.append(_share_item(e, latest.start, check))

    raised = {
        q.key: q.finding
        for q in QueueFinding.objects.filter(key__in=[i.key for i in items]).select_related(
            "finding"
        )
    }
    for item in items:
        item.finding = raised.get(item.key)
    return items


def _share_item(enterprise: Enterprise, month: datetime.date, check) -> QueueItem:
    row = check.threshold
    if row.percent is not None:
        params = {"value": f"{check.value}%", "threshold": f"≥ {float(row.percent):g}%"}
    else:
        params = {"value": check.value, "threshold": Stage(row.min_stage).label}
    params.update(month=f"{month:%Y-%m}", rule=Rule(check.rule).label)
    if row.percent is not None:
        title = _("%(month)s: %(rule)s %(value)s (required %(threshold)s)")
        text = lambda: _(  # noqa: E731
            "In %(month)s the rule “%(rule)s” was missed: %(value)s against %(threshold)s."
        )
    else:
        title = _("%(month)s: %(rule)s: %(value)s passes below %(threshold)s")
        text = lambda: _(  # noqa: E731
            "In %(month)s the rule “%(rule)s” was missed: %(value)s vehicle passes below "
            "%(threshold)s."
        )
    return QueueItem(
        key=f"share:{enterprise.pk}:{month:%Y-%m}:{check.rule}",
        kind="share",
        enterprise=enterprise,
        title=title % params,
        description=_official(lambda: text() % params),
        requirement=_official(
            lambda: _(
                "Raise the clean-transport share and use only new-energy or China VI "
                "trucks; report the measures with evidence."
            )
        ),
    )
