"""The vehicle exhaust staff's queue: machines, in-plant vehicles and cargo gates that miss
their rules today, and enterprises whose latest complete month misses a share. Each item
carries the text of the finding it would become (in the portal's official language, Chinese),
the law article to cite where one applies, and the finding already raised from it.

The queue is read a page at a time (``Queue``): each kind is a query that selects what misses
its rule in SQL (the stages below each industry's threshold; the share misses kept as rows by
``transport.misses``), counted by one aggregate and sliced, so a page costs the same whatever
the number of enterprises, machines or misses; only the page's items get their texts."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import CharField, Count, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone, translation
from django.utils.translation import gettext as _

import access
from accounts.models import User
from enterprises.models import Enterprise, Industry
from inspections.models import Finding, LawArticle

from .models import (
    STAGE_ORDER,
    Gate,
    InPlantVehicle,
    Machine,
    QueueFinding,
    Rule,
    ShareMiss,
    Stage,
)
from .shares import Thresholds, stage_at_least

OFFICIAL_LANGUAGE = "zh-hans"
APPCL = "大气污染防治法（2018）"
KINDS = ("machine", "vehicle", "gate", "share")


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


def _below(rule: str, thresholds: Thresholds, today: datetime.date) -> Q | None:
    """Rows (with an ``enterprise``) whose ``stage`` is below their industry's minimum."""
    cond = None
    for industry in Industry.values:
        row = thresholds.get(rule, industry, today)
        if row is None:
            continue
        stages = [s.value for s in STAGE_ORDER if not stage_at_least(s, row.min_stage)]
        if stages:
            part = Q(enterprise__industry=industry, stage__in=stages)
            cond = part if cond is None else cond | part
    return cond


def _raised(prefix: str | None) -> Exists:
    """Whether a finding was raised from the row's queue item (its key: ``prefix`` and the
    row's id, or the row's own ``key``)."""
    key = (
        OuterRef("key")
        if prefix is None
        else Concat(Value(prefix), Cast(OuterRef("pk"), CharField()))
    )
    return Exists(QueueFinding.objects.filter(key=key))


class Queue:
    """The open queue in a user's scope (empty for users who may not work it), as a sequence
    a ``Paginator`` pages through: ``count()`` and slices build only the items asked for.
    ``show_raised`` includes the items a finding was already raised from."""

    def __init__(
        self,
        *,
        user: User,
        today: datetime.date | None = None,
        enterprise_id: int | None = None,
        show_raised: bool = False,
    ) -> None:
        self.today = today or timezone.localdate()
        self.show_raised = show_raised
        self.thresholds = Thresholds()
        self.kinds: dict[str, QuerySet] = {}
        self.raised: dict[str, Exists] = {}
        self._counts: dict[str, tuple[int, int]] | None = None
        this_month = self.today.replace(day=1)
        self.last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
        if not access.can_use_transport_queue(user):
            return
        # the scope stays a query (a subquery in each read, never 2,000 ids as parameters)
        scope = access.visible_transport_enterprises(user)
        if enterprise_id is not None:
            scope = scope.filter(pk=enterprise_id)
        ids = scope.values("pk")
        related = ("enterprise__county",)
        machines = Q(registration_code="")
        below = _below(Rule.MACHINE_MIN_STAGE, self.thresholds, self.today)
        if below is not None:
            machines |= below
        self.kinds["machine"] = Machine.objects.filter(machines, enterprise_id__in=ids)
        below = _below(Rule.INPLANT_MIN_STAGE, self.thresholds, self.today)
        vehicles = InPlantVehicle.objects.filter(enterprise_id__in=ids)
        self.kinds["vehicle"] = vehicles.filter(below) if below is not None else vehicles.none()
        self.kinds["gate"] = Gate.objects.filter(enterprise_id__in=ids, is_cargo=True).filter(
            Q(has_camera=False) | Q(networked=False)
        )
        self.kinds["share"] = ShareMiss.objects.filter(month=self.last_month, enterprise_id__in=ids)
        for kind, qs in self.kinds.items():
            self.raised[kind] = _raised(None if kind == "share" else f"{kind}:")
            self.kinds[kind] = qs.select_related(*related).order_by("enterprise_id", "pk")

    def counts(self) -> dict[str, tuple[int, int]]:
        """Per kind: (open, already raised), one aggregate each."""
        if self._counts is None:
            self._counts = {}
            for kind, qs in self.kinds.items():
                got = qs.order_by().aggregate(
                    total=Count("pk"), raised=Count("pk", filter=self.raised[kind])
                )
                self._counts[kind] = (got["total"] - got["raised"], got["raised"])
        return self._counts

    @property
    def open_count(self) -> int:
        return sum(o for o, _r in self.counts().values())

    @property
    def raised_count(self) -> int:
        return sum(r for _o, r in self.counts().values())

    def _visible(self, kind: str) -> int:
        opened, raised = self.counts().get(kind, (0, 0))
        return opened + raised if self.show_raised else opened

    def count(self) -> int:
        return sum(self._visible(kind) for kind in self.kinds)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[QueueItem]:
        if not isinstance(index, slice):
            raise TypeError("the queue is read by slices")
        start, stop, _step = index.indices(self.count())
        items: list[QueueItem] = []
        offset = 0
        for kind, qs in self.kinds.items():
            n = self._visible(kind)
            lo, hi = max(start - offset, 0), min(stop - offset, n)
            offset += n
            if lo >= hi:
                continue
            rows = qs if self.show_raised else qs.filter(~self.raised[kind])
            build = getattr(self, f"_{kind}_item")
            items.extend(item for item in map(build, rows[lo:hi]) if item is not None)
        raised = {
            q.key: q.finding
            for q in QueueFinding.objects.filter(key__in=[i.key for i in items]).select_related(
                "finding"
            )
        }
        for item in items:
            item.finding = raised.get(item.key)
        return items

    def all(self) -> list[QueueItem]:
        return self[0 : self.count()]

    def _machine_item(self, m: Machine) -> QueueItem | None:
        art_114 = self._art_114()
        e = m.enterprise
        row = self.thresholds.get(Rule.MACHINE_MIN_STAGE, e.industry, self.today)
        below = row is not None and not stage_at_least(m.stage, row.min_stage)
        if not below and m.registration_code:
            return None
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
        return QueueItem(
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

    def _vehicle_item(self, v: InPlantVehicle) -> QueueItem | None:
        e = v.enterprise
        row = self.thresholds.get(Rule.INPLANT_MIN_STAGE, e.industry, self.today)
        if row is None or stage_at_least(v.stage, row.min_stage):
            return None
        params = {
            "plate": v.plate,
            "stage": v.get_stage_display(),
            "min": row.get_min_stage_display(),
        }
        return QueueItem(
            key=f"vehicle:{v.pk}",
            kind="vehicle",
            enterprise=e,
            title=_("In-plant vehicle %(plate)s: %(stage)s, below %(min)s") % params,
            description=_official(
                lambda p=params: (
                    _("In-plant vehicle %(plate)s is %(stage)s, below the required %(min)s.") % p
                )
            ),
            requirement=_official(
                lambda: _("Replace the vehicle with one meeting the required stage (new energy).")
            ),
        )

    def _gate_item(self, g: Gate) -> QueueItem:
        e = g.enterprise
        params = {"gate": g.name}
        return QueueItem(
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

    def _share_item(self, miss: ShareMiss) -> QueueItem:
        return _share_item(miss)

    def _art_114(self) -> LawArticle | None:
        if not hasattr(self, "_article"):
            self._article = LawArticle.objects.filter(
                law_zh=APPCL, article="114", is_active=True
            ).first()
        return self._article


def queue_items(
    *, user: User, today: datetime.date | None = None, enterprise_id: int | None = None
) -> list[QueueItem]:
    """Every item of the queue in the user's scope, raised ones too (the raise service checks
    a key against one enterprise's items; tests read the whole queue)."""
    return Queue(user=user, today=today, enterprise_id=enterprise_id, show_raised=True).all()


def _share_item(miss: ShareMiss) -> QueueItem:
    """A missed share rule, worded with the threshold as it was judged."""
    enterprise, month, rule, value = miss.enterprise, miss.month, miss.rule, miss.value
    if miss.percent is not None:
        params = {"value": f"{value}%", "threshold": f"≥ {float(miss.percent):g}%"}
    else:
        params = {"value": value, "threshold": Stage(miss.min_stage).label}
    params.update(month=f"{month:%Y-%m}", rule=Rule(rule).label)
    if miss.percent is not None:
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
        key=f"share:{enterprise.pk}:{month:%Y-%m}:{rule}",
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
