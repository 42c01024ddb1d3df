"""The Django admin writes to the portal's audit trail like every service does.

Every admin class of the project inherits ``AuditedAdmin`` (or mixes in ``AuditedAdminMixin``):
additions, changes, deletions and inline edits are recorded with who did them and what
changed, filed under the record's enterprise.
"""

from __future__ import annotations

from django.contrib import admin

from accounts import audit
from accounts.models import AuditEntry


def _enterprise_id(obj) -> int | None:
    return getattr(obj, "enterprise_id", None)


class AuditedAdminMixin:
    def _before(self, obj):
        if obj.pk is None:
            return None
        current = type(obj)._default_manager.filter(pk=obj.pk).first()
        return audit.snapshot(current) if current is not None else None

    def save_model(self, request, obj, form, change):
        before = self._before(obj) if change else None
        super().save_model(request, obj, form, change)
        self._record_save(request, obj, before)

    def _record_save(self, request, obj, before) -> None:
        audit.record(
            actor=request.user,
            instance=obj,
            action=AuditEntry.Action.CREATE if before is None else AuditEntry.Action.UPDATE,
            before=before,
            enterprise_id=_enterprise_id(obj),
        )

    def delete_model(self, request, obj):
        before, enterprise_id = audit.snapshot(obj), _enterprise_id(obj)
        audit.record(
            actor=request.user,
            instance=obj,
            action=AuditEntry.Action.DELETE,
            before=before,
            enterprise_id=enterprise_id,
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            audit.record(
                actor=request.user,
                instance=obj,
                action=AuditEntry.Action.DELETE,
                before=audit.snapshot(obj),
                enterprise_id=_enterprise_id(obj),
            )
            obj.delete()
        for obj in instances:
            before = self._before(obj)
            obj.save()
            self._record_save(request, obj, before)
        formset.save_m2m()


class AuditedAdmin(AuditedAdminMixin, admin.ModelAdmin):
    pass


class AppendOnlyAdmin(AuditedAdmin):
    """Records that are history: readable in the admin, never added, changed or deleted there
    (the database refuses it too, see accounts migration 0004)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


from .models import CalendarDay  # noqa: E402


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedAdmin):
    """The office adds the next year's holidays when the State Council publishes its notice
    (usually in November); every working-day clock follows at once."""

    list_display = ("day", "is_working", "name", "source")
    list_filter = ("is_working",)
    date_hierarchy = "day"
    search_fields = ("name",)
