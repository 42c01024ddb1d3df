"""The logging page's autosave: the answers typed so far are kept on the draft while the
inspector works, so that nothing is lost to a tapped link, a closed tab or a flat battery.
The page calls it in the background (``inspections/static/inspections/spot_check.js``) and
keeps the answers on the device when the portal cannot be reached."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import access
from core.concurrency import StaleEdit

from .. import services
from ..forms import InspectionAutosaveForm
from ..models import ChecklistItem
from ..services import LockedError


def _refusal(error: str, message: str, status: int, **extra) -> JsonResponse:
    return JsonResponse({"error": error, "message": message, **extra}, status=status)


@require_POST
def inspection_autosave(request: HttpRequest, pk: int) -> JsonResponse:
    """Save the draft's answers; JSON with the new version and the time saved. 404 outside
    the user's scope, 403 when not on the team, 409 when submitted meanwhile or saved
    meanwhile by someone else (``stale``, with their version), 400 when malformed."""
    user = request.user
    inspection = access.access_inspection(user, pk)
    if inspection.is_locked:
        return _refusal(
            "locked",
            _("This inspection record was submitted and is locked; nothing was saved."),
            409,
            url=inspection.get_absolute_url(),
        )
    if not access.can_edit_inspection(user, inspection):
        raise PermissionDenied
    items = list(
        ChecklistItem.objects.filter(version__in=inspection.checklists.all()).order_by("pk")
    )
    form = InspectionAutosaveForm(request.POST, items=items)
    if not form.is_valid():
        return _refusal("invalid", _("The answers could not be read; nothing was saved."), 400)
    try:
        saved = services.inspection_autosave(
            actor=user,
            inspection=inspection,
            answers=form.answer_inputs(),
            data=form.cleaned_data,
            expected_version=form.cleaned_data["version"],
        )
    except StaleEdit as exc:
        return _refusal(
            "stale",
            _(
                "Someone else saved this record meanwhile. Your answers are kept on this "
                "device; save the draft to see both versions."
            ),
            409,
            version=exc.current.version,
        )
    except LockedError:
        return _refusal(
            "locked",
            _("This inspection record was submitted and is locked; nothing was saved."),
            409,
            url=inspection.get_absolute_url(),
        )
    except ValidationError as exc:
        return _refusal("invalid", " ".join(exc.messages), 400)
    local = timezone.localtime(saved.updated_at)
    answered = sum(1 for a in form.answer_inputs() if a.result)
    return JsonResponse(
        {
            "version": saved.version,
            "saved_at": local.isoformat(),
            "saved_time": local.strftime("%H:%M"),
            "answered": answered,
            "total": len(items),
        }
    )
