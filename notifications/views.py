from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
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
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "unread_only": bool(request.GET.get("unread"))},
    )


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
