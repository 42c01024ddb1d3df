from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from core.admin import AppendOnlyAdmin, AuditedAdminMixin

from .models import AuditEntry, User


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):
    list_display = ["username", "display_name", "role", "county", "enterprise", "is_active"]
    list_filter = ["role", "county", "is_active"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (
            _("Role and jurisdiction"),
            {
                "fields": (
                    "role",
                    "county",
                    "enterprise",
                    "is_county_lead",
                    "display_name",
                    "phone",
                    "language",
                    "notification_channel",
                )
            },
        ),
    )


@admin.register(AuditEntry)
class AuditEntryAdmin(AppendOnlyAdmin):
    list_display = ["at", "actor", "action", "content_type", "object_repr"]
    list_filter = ["action", "content_type"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
