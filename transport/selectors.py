"""Reads of the transport app, scoped to the user, each page in a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

import access
from accounts.models import User
from enterprises.models import Enterprise

from .models import (
    CleanTonnage,
    Gate,
    ImportStatus,
    InPlantVehicle,
    LedgerImport,
    LedgerMapping,
    Machine,
    RejectedRow,
    TransportStaff,
)
from .shares import Period, shares


def enterprises(*, user: User) -> QuerySet[Enterprise]:
    return (
        access.visible_transport_enterprises(user)
        .select_related("county")
        .order_by("county__code", "name_zh")
    )


def overview(
    *, user: User, year: int, page: list[Enterprise] | None = None
) -> list[tuple[Enterprise, Period | None, Period]]:
    """Each visible enterprise (or each of ``page``, a page of ``enterprises``) with its latest
    month and its year to date: the shares are computed for those enterprises only."""
    ents = list(enterprises(user=user)) if page is None else list(page)
    by_ent = shares(ents, year)
    rows = []
    for e in ents:
        periods = by_ent[e.pk]
        months = [p for p in periods if not p.ytd]
        rows.append((e, months[-1] if months else None, periods[-1]))
    return rows


def enterprise_page(*, enterprise: Enterprise, year: int) -> dict[str, Any]:
    """Registers, clean-mode tonnage, recent imports and the shares of one enterprise."""
    periods = shares([enterprise], year)[enterprise.pk]
    registers = [
        (Gate._meta.verbose_name_plural, "gates", list(enterprise.transport_gates.all())),
        (
            InPlantVehicle._meta.verbose_name_plural,
            "vehicles",
            list(enterprise.inplant_vehicles.all()),
        ),
        (Machine._meta.verbose_name_plural, "machines", list(enterprise.machines.all())),
        (TransportStaff._meta.verbose_name_plural, "staff", list(enterprise.transport_staff.all())),
    ]
    return {
        "registers": registers,
        "tonnages": list(
            CleanTonnage.objects.filter(enterprise=enterprise, month__year=year)
            .prefetch_related("evidence")
            .order_by("-month", "material")
        ),
        "imports": list(
            LedgerImport.objects.filter(enterprise=enterprise)
            .select_related("uploaded_by")
            .order_by("-uploaded_at", "-id")[:10]
        ),
        "months": [p for p in periods if not p.ytd],
        "ytd": periods[-1],
    }


def remembered_mapping(*, enterprise: Enterprise) -> dict[str, str]:
    mapping = LedgerMapping.objects.filter(enterprise=enterprise).first()
    return dict(mapping.columns) if mapping else {}


def import_detail(*, ledger: LedgerImport) -> LedgerImport:
    return LedgerImport.objects.select_related("enterprise", "uploaded_by").get(pk=ledger.pk)


def rejections(*, ledger: LedgerImport) -> QuerySet[RejectedRow]:
    return RejectedRow.objects.filter(ledger=ledger).order_by("line")


def imports_running(*, enterprise: Enterprise) -> bool:
    return LedgerImport.objects.filter(
        enterprise=enterprise, status__in=(ImportStatus.QUEUED, ImportStatus.RUNNING)
    ).exists()
