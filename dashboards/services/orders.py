"""Supervision orders (督办) to lagging enterprises: issued by the bureau with a response
deadline, answered by the enterprise, closed by the bureau. Everyone concerned is told
through the outbox; deadlines are reminded by the daily sweep (``reminders.py``)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import access
from access import Audience
from accounts.models import User
from core.dates import check_plausible
from enterprises.models import Enterprise
from notifications.services import notify

from .. import messages
from ..models import SupervisionOrder, WeeklySnapshot


def order_issue(
    *,
    actor: User,
    enterprise: Enterprise,
    requirement: str,
    response_deadline: datetime.date,
    snapshot: WeeklySnapshot | None = None,
) -> SupervisionOrder:
    if not access.can_issue_order(actor):
        raise PermissionDenied
    check_plausible(response_deadline=response_deadline)
    if response_deadline < timezone.localdate():
        raise ValidationError({"response_deadline": _("The answer cannot be due in the past.")})
    requirement = (requirement or "").replace("\x00", "").strip()
    if not requirement:
        raise ValidationError({"requirement": _("Say what the enterprise must do.")})
    reasons = []
    if snapshot is not None:
        row = snapshot.rows.filter(enterprise=enterprise).first()
        reasons = row.reasons if row else []
    with transaction.atomic():
        order = SupervisionOrder(
            enterprise=enterprise,
            snapshot=snapshot,
            reasons=reasons,
            requirement=requirement,
            response_deadline=response_deadline,
            issued_by=actor,
        )
        order.full_clean()
        order.save()
        notify(
            recipients=access.people(
                Audience.CONTACTS,
                Audience.COUNTY_STAFF,
                enterprise_id=enterprise.pk,
                county_id=enterprise.county_id,
            ),
            key=f"order:{order.pk}:issued",
            message=messages.order_issued(order),
            enterprise_id=enterprise.pk,
        )
    return order


def order_answer(*, actor: User, order: SupervisionOrder, answer: str) -> SupervisionOrder:
    answer = (answer or "").replace("\x00", "").strip()
    if not answer:
        raise ValidationError({"answer": _("Write what the enterprise has done.")})
    with transaction.atomic():
        order = (
            SupervisionOrder.objects.select_for_update()
            .select_related("enterprise")
            .get(pk=order.pk)
        )
        if not access.can_answer_order(actor, order):
            raise PermissionDenied
        order.answer = answer
        order.answered_at = timezone.now()
        order.answered_by = actor
        order.status = SupervisionOrder.Status.ANSWERED
        order.save(update_fields=["answer", "answered_at", "answered_by", "status"])
        notify(
            recipients=access.people(Audience.DECISION_MAKERS) + [order.issued_by],
            key=f"order:{order.pk}:answered:{order.answered_at:%Y%m%d%H%M%S}",
            message=messages.order_answered(order),
            enterprise_id=order.enterprise_id,
        )
    return order


def order_close(*, actor: User, order: SupervisionOrder) -> SupervisionOrder:
    with transaction.atomic():
        order = SupervisionOrder.objects.select_for_update().get(pk=order.pk)
        if not access.can_close_order(actor, order):
            raise PermissionDenied
        order.status = SupervisionOrder.Status.CLOSED
        order.closed_at = timezone.now()
        order.save(update_fields=["status", "closed_at"])
    return order
