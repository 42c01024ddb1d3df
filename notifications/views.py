from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import safe_next
from core.params import parse_ids

from . import selectors, services


def inbox(request: HttpRequest) -> HttpResponse:
    qs = selectors.inbox_for(user=request.user)
    if request.GET.get("unread"):
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    rows = selectors.with_task_state(page.object_list)
    return render(
        request,
        "notifications/inbox.html",
        {
            "page": page,
            "open_rows": [r for r in rows if not r.task_done],
            "done_rows": [r for r in rows if r.task_done],
            "unread_only": bool(request.GET.get("unread")),
        },
    )


def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification's link; opening it marks it read."""
    row = selectors.inbox_for(user=request.user).filter(pk=pk).first()
    if row is None:
        raise Http404
    services.mark_read(user=request.user, notification_ids=[row.pk])
    inbox = reverse("notifications:inbox")
    target = row.url or inbox
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = inbox
    return redirect(target)


@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    raw = request.POST.getlist("id")
    ids = parse_ids(raw)
    if raw and not ids:  # only malformed ids: nothing to mark (never "all")
        count = 0
    else:
        count = services.mark_read(user=request.user, notification_ids=ids or None)
    messages.success(request, _("%(n)d notifications marked as read.") % {"n": count})
    return redirect(safe_next(request, reverse("notifications:inbox")))
