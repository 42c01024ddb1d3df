"""Which inbox messages are about a task that is done (issue 12): a reminder of a node that has
since been completed, a report to review that has been reviewed, a finding since closed. The
inbox shows them faded and apart, so what still needs doing stands out.

A message is tied to its record by its link (``Notification.url``, resolved to a view and a
pk); each rule says, for a set of kinds, which view's records to look at and when such a
record is done. ``done_ids(rows)`` answers for a page of messages with one query per rule
that has messages on the page, whatever their number.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q
from django.urls import Resolver404, resolve

from .models import Notification


@dataclass(frozen=True)
class Rule:
    kinds: frozenset[str]
    view: str  # the URL name the message links to (its pk is the record's)
    model: str  # app_label.Model
    done: Callable[[], Q]  # records for which the task is done


def _status_not(value: str) -> Callable[[], Q]:
    return lambda: ~Q(status=value)


RULES = [
    # a node to complete (due, missed, escalated): done once its actual date is recorded
    Rule(
        frozenset({"retrofit.due", "retrofit.missed", "retrofit.escalated"}),
        "retrofits:node_detail",
        "retrofits.MilestoneNode",
        lambda: Q(actual_date__isnull=False),
    ),
    # a postponement to decide: done once no request of the node is pending
    Rule(
        frozenset({"retrofit.postponement_requested"}),
        "retrofits:node_detail",
        "retrofits.MilestoneNode",
        lambda: ~Q(date_changes__status="pending"),
    ),
    Rule(
        frozenset({"retrofit.report_submitted"}),
        "retrofits:report_detail",
        "retrofits.ProgressReport",
        _status_not("submitted"),
    ),
    # a returned report to correct: done once resubmitted (or accepted)
    Rule(
        frozenset({"retrofit.report_reviewed"}),
        "retrofits:report_detail",
        "retrofits.ProgressReport",
        _status_not("returned"),
    ),
    Rule(
        frozenset(
            {
                "inspection.finding_issued",
                "inspection.finding_due",
                "inspection.finding_overdue",
                "inspection.finding_escalated",
                "inspection.finding_responded",
                "inspection.finding_reviewed",
            }
        ),
        "inspections:finding_detail",
        "inspections.Finding",
        lambda: Q(status="closed"),
    ),
    Rule(
        frozenset({"acceptance.claim_submitted"}),
        "acceptance:claim_detail",
        "acceptance.NodeCompletion",
        _status_not("pending"),
    ),
    Rule(
        frozenset({"acceptance.claim_decided"}),
        "acceptance:claim_detail",
        "acceptance.NodeCompletion",
        _status_not("returned"),
    ),
    Rule(
        frozenset({"acceptance.evaluation_submitted"}),
        "acceptance:evaluation_detail",
        "acceptance.Evaluation",
        _status_not("submitted"),
    ),
    Rule(
        frozenset({"acceptance.evaluation_reviewed"}),
        "acceptance:evaluation_detail",
        "acceptance.Evaluation",
        _status_not("returned"),
    ),
    Rule(
        frozenset({"dashboards.order_issued", "dashboards.order_reminder"}),
        "dashboards:order_detail",
        "dashboards.SupervisionOrder",
        _status_not("open"),
    ),
    Rule(
        frozenset({"dashboards.order_answered"}),
        "dashboards:order_detail",
        "dashboards.SupervisionOrder",
        lambda: Q(status="closed"),
    ),
]
_BY_KIND = {kind: i for i, rule in enumerate(RULES) for kind in rule.kinds}


def _record_pk(rule: Rule, url: str) -> int | None:
    try:
        match = resolve(url.split("#", 1)[0].split("?", 1)[0])
    except Resolver404:
        return None
    if match.view_name != rule.view:
        return None
    pk = match.kwargs.get("pk")
    return pk if isinstance(pk, int) else None


def done_ids(rows: Iterable[Notification]) -> set[int]:
    """Ids of the messages among ``rows`` whose task is done."""
    wanted: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        index = _BY_KIND.get(row.kind)
        if index is None or not row.url:
            continue
        pk = _record_pk(RULES[index], row.url)
        if pk is not None:
            wanted[index][pk].append(row.pk)
    done: set[int] = set()
    for index, by_record in wanted.items():
        rule = RULES[index]
        model = apps.get_model(rule.model)
        finished = (
            model.objects.filter(pk__in=list(by_record))
            .filter(rule.done())
            .values_list("pk", flat=True)
            .distinct()
        )
        for pk in finished:
            done.update(by_record[pk])
    return done
