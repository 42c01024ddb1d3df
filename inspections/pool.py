"""The draw pool: the class each enterprise is drawn from ("double random" spot checks).

The class is kept on the enterprise (``Enterprise.supervision_class``) and changed by the
office on the pool page, a page of enterprises at a time; a draw reads the classes when it
runs and records them in its inputs. So the draw form lists no enterprise at all (at 2,000
enterprises it was a 2,000-row table: 0.4 s and 0.9 MB a request), and a class set once
stays set for the next draw.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

import access
from accounts.audit import record, snapshot
from accounts.models import AuditEntry, User
from enterprises.models import County, Enterprise, SupervisionClass
from enterprises.search import clean_query


def pool_counts() -> dict[str, int]:
    """How many enterprises are in each class (every class present, zero if none): one
    aggregate."""
    counts = dict.fromkeys(SupervisionClass.values, 0)
    rows = Enterprise.objects.values_list("supervision_class").annotate(n=Count("pk"))
    for klass, n in rows.order_by():
        counts[klass] = n
    return counts


def pool_for_draw() -> QuerySet[Enterprise]:
    """The enterprises a draw picks from, with their class (``supervision_class``)."""
    return (
        Enterprise.objects.exclude(supervision_class=SupervisionClass.OUT)
        .select_related("county")
        .order_by("county__code", "name_zh", "pk")
    )


def pool_page_rows(
    *, q: str = "", county: County | None = None, klass: str = ""
) -> QuerySet[Enterprise]:
    """The pool page's rows: every enterprise (those out of the pool too), filtered."""
    rows = Enterprise.objects.select_related("county").order_by("county__code", "name_zh", "pk")
    q = clean_query(q)
    if q:
        rows = rows.filter(
            Q(name_zh__icontains=q) | Q(name_en__icontains=q) | Q(credit_code__icontains=q)
        )
    if county is not None:
        rows = rows.filter(county=county)
    if klass:
        rows = rows.filter(supervision_class=klass)
    return rows


def set_supervision_classes(
    *, actor: User, classes: Mapping[int, str], was: Mapping[int, str] | None = None
) -> int:
    """Set the class of each enterprise in ``classes`` (id → class) and return how many
    changed. Only the office (who runs the draws) may; each change is audited. ``was`` (id →
    the class the page showed) guards against two people editing at once: a row whose class
    changed since refuses the whole change, naming the enterprises, as does an unknown class;
    ids of no enterprise are ignored (a row deleted meanwhile)."""
    if not access.can_run_draw(actor):
        raise PermissionDenied
    allowed = set(SupervisionClass.values)
    with transaction.atomic():
        rows = list(
            Enterprise.objects.select_for_update().filter(pk__in=list(classes)).order_by("pk")
        )
        wrong = [e.name for e in rows if classes[e.pk] not in allowed]
        if wrong:
            raise ValidationError(
                _("Choose a class from the list for: %(names)s") % {"names": "、".join(wrong[:5])}
            )
        was = was or {}
        stale = [e.name for e in rows if e.pk in was and was[e.pk] != e.supervision_class]
        if stale:
            raise ValidationError(
                _(
                    "Someone changed the class of %(names)s meanwhile; nothing was saved. "
                    "The page now shows their classes: make your changes again."
                )
                % {"names": "、".join(stale[:5])}
            )
        changed = [e for e in rows if e.supervision_class != classes[e.pk]]
        for e in changed:
            before = snapshot(e)
            e.supervision_class = classes[e.pk]
            # the class alone: not a new version of the registry record, so an edit form
            # open on the same enterprise is not made stale by it
            Enterprise.objects.filter(pk=e.pk).update(supervision_class=e.supervision_class)
            record(
                actor=actor,
                instance=e,
                action=AuditEntry.Action.UPDATE,
                before=before,
                enterprise_id=e.pk,
            )
    return len(changed)
