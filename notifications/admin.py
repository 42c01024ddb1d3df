from django.contrib import admin

from core.admin import AuditedAdmin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(AuditedAdmin):
    list_display = [
        "created_at",
        "recipient",
        "kind",
        "subject",
        "urgent",
        "email_status",
        "read_at",
    ]
    list_filter = ["kind", "urgent", "email_status"]
    search_fields = ["recipient__username", "idempotency_key"]
    readonly_fields = ["subject", "body"]
    raw_id_fields = ["recipient", "enterprise"]
