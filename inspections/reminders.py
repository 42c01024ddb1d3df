"""The daily sweep of the inspections app (Celery beat ``inspections-daily-sweep``, 07:40
Asia/Shanghai). It finds, by looking at the database, what is due rather than relying on
scheduled messages, and writes notifications through the outbox:

- a rectification deadline 7, 3 and 1 days ahead and on the day (enterprise contacts);
- an overdue rectification, the day after the deadline and then weekly (contacts and the
  county staff);
- escalation when 7 days overdue (county sub-bureau leads) and 30 days overdue (municipal
  bureau and officials);
- verification inspections proposed for retrofit milestones completed on site (installed,
  completed) in the last 30 days (county staff), with a weekly reminder while not done.

Every notification key contains the finding and its deadline (and the week), so re-running the
sweep, even several times a day, writes nothing twice; a new deadline starts a new series.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Role, User
from notifications.services import Message, notify_many

from .models import Finding, FindingStatus, VerificationTask
from .services import contacts_of, county_staff_of

DUE_BUCKETS = (7, 3, 1, 0)
VERIFICATION_REMINDER_DAYS = 7
# Milestones whose completion is checked on site: the works are installed or in operation.
# Paper milestones (plan filed, design done, report filed...) need no inspection.
VERIFIED_NODE_CODES = ("installed", "completed")
# Only recent completions are proposed, so a first run does not flood the queue with history.
VERIFICATION_WINDOW_DAYS = 30


def _due_bucket(days_left: int) -> int | None:
    """The smallest reminder bucket the days left fall into (None when further away)."""
    fitting = [b for b in DUE_BUCKETS if days_left <= b]
    return min(fitting) if fitting and days_left >= 0 else None


Outbox = list[tuple[User, str, Message, int | None]]


def daily_sweep(*, today: date | None = None) -> dict[str, int]:
    """Run the sweep; returns how many notifications of each kind were offered to the outbox
    (already existing ones are skipped by their key). A fixed number of queries, whatever the
    number of findings and tasks: the rows are written with one ``notify_many``."""
    today = today or timezone.localdate()
    counts = {"due": 0, "overdue": 0, "escalated": 0, "verification": 0}
    outbox: Outbox = []
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        _sweep_findings(today, counts, outbox)
        _sweep_verification(today, counts, outbox)
        notify_many(outbox)
    return counts


def _offer(outbox: Outbox, recipients, key: str, message: Message, enterprise_id: int) -> int:
    people = {u.pk: u for u in recipients if u is not None}.values()
    outbox.extend((u, key, message, enterprise_id) for u in people)
    return len(people)


def _sweep_findings(today: date, counts: dict[str, int], outbox: Outbox) -> None:
    horizon = today.toordinal() + max(DUE_BUCKETS)
    findings = list(
        Finding.objects.filter(status=FindingStatus.OPEN, deadline__lte=date.fromordinal(horizon))
        .select_related("enterprise__county")
        .order_by("deadline", "id")
    )
    if not findings:
        return
    contacts = contacts_of({f.enterprise_id for f in findings})
    counties = {f.enterprise.county_id for f in findings}
    staff = county_staff_of(counties)
    leads = county_staff_of(counties, leads_only=True)
    city: list[User] | None = None
    for f in findings:
        url = f.get_absolute_url()
        days_left = (f.deadline - today).days
        ent_contacts = contacts.get(f.enterprise_id, [])
        base = f"finding:{f.pk}:deadline:{f.deadline.isoformat()}"
        if days_left >= 0:
            bucket = _due_bucket(days_left)
            if bucket is None:
                continue
            subject = (
                _("Rectification due today: %(enterprise)s %(ref)s")
                if days_left == 0
                else _("Rectification due in %(n)d days: %(enterprise)s %(ref)s")
            ) % {"n": days_left, "enterprise": f.enterprise, "ref": f.reference}
            counts["due"] += _offer(
                outbox,
                ent_contacts,
                f"{base}:due:{bucket}",
                Message(
                    kind="finding_due",
                    subject=subject,
                    body=f.requirement,
                    url=url,
                    urgent=days_left <= 1,
                ),
                f.enterprise_id,
            )
            continue
        overdue = -days_left
        week = (overdue - 1) // 7
        subject = _("Rectification overdue by %(n)d days: %(enterprise)s %(ref)s") % {
            "n": overdue,
            "enterprise": f.enterprise,
            "ref": f.reference,
        }
        body = _("Deadline %(deadline)s. %(requirement)s") % {
            "deadline": f.deadline.isoformat(),
            "requirement": f.requirement,
        }
        counts["overdue"] += _offer(
            outbox,
            [*ent_contacts, *staff.get(f.enterprise.county_id, [])],
            f"{base}:overdue:w{week}",
            Message(kind="finding_overdue", subject=subject, body=body, url=url, urgent=True),
            f.enterprise_id,
        )
        for threshold in (7, 30):
            if overdue < threshold:
                continue
            if threshold == 7:
                recipients = leads.get(f.enterprise.county_id, [])
            else:
                if city is None:
                    city = list(
                        User.objects.filter(
                            role__in=[Role.BUREAU, Role.OFFICIAL], is_active=True
                        ).order_by("id")
                    )
                recipients = city
            esc_subject = _(
                "Escalation: rectification overdue by more than %(t)d days: %(enterprise)s %(ref)s"
            ) % {"t": threshold, "enterprise": f.enterprise, "ref": f.reference}
            counts["escalated"] += _offer(
                outbox,
                recipients,
                f"{base}:escalate:{threshold}",
                Message(
                    kind="finding_escalated",
                    subject=esc_subject,
                    body=body,
                    url=url,
                    urgent=True,
                ),
                f.enterprise_id,
            )


def _sweep_verification(today: date, counts: dict[str, int], outbox: Outbox) -> None:
    """Propose a verification inspection for each completed milestone node that has none
    yet, and remind the county staff weekly while it is not done."""
    from retrofits.models import MilestoneNode

    new_nodes = list(
        MilestoneNode.objects.filter(
            code__in=VERIFIED_NODE_CODES,
            actual_date__gte=today - timedelta(days=VERIFICATION_WINDOW_DAYS),
            actual_date__lte=today,
            verification_task__isnull=True,
        )
        .select_related("project")
        .order_by("id")
    )
    VerificationTask.objects.bulk_create(
        [VerificationTask(node=n, enterprise_id=n.project.enterprise_id) for n in new_nodes],
        ignore_conflicts=True,
    )
    open_tasks = list(
        VerificationTask.objects.filter(done_at__isnull=True)
        .select_related("enterprise__county", "node__project")
        .order_by("id")
    )
    if not open_tasks:
        return
    staff = county_staff_of({t.enterprise.county_id for t in open_tasks})
    for task in open_tasks:
        age = (today - timezone.localdate(task.created_at)).days
        week = max(0, age) // VERIFICATION_REMINDER_DAYS
        subject = (
            _("Verification inspection proposed: %(enterprise)s, %(node)s")
            if week == 0
            else _("Reminder: verification inspection still to do: %(enterprise)s, %(node)s")
        ) % {"enterprise": task.enterprise, "node": task.node}
        counts["verification"] += _offer(
            outbox,
            staff.get(task.enterprise.county_id, []),
            f"verification:{task.pk}:w{week}",
            Message(
                kind="verification_proposed",
                subject=subject,
                body=_("Milestone completed on %(date)s (project: %(project)s).")
                % {"date": task.node.actual_date, "project": task.node.project},
                url=f"/inspections/tasks/#verification-{task.pk}",
                urgent=False,
            ),
            task.enterprise_id,
        )
