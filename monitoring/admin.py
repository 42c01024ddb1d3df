"""The office maps devices (MN) to emission points, declares stops and edits the flag rules'
thresholds here; rejected packets are read-only."""

from django.contrib import admin

from core.admin import AuditedAdmin

from .models import Device, FlagRule, Parameter, RejectedPacket, StopPeriod


@admin.register(Device)
class DeviceAdmin(AuditedAdmin):
    list_display = ["mn", "point", "crc_variant", "is_active", "legacy_packets", "last_seen"]
    list_filter = ["crc_variant", "is_active"]
    search_fields = ["mn", "point__name", "point__enterprise__name_zh"]
    raw_id_fields = ["point"]


@admin.register(StopPeriod)
class StopPeriodAdmin(AuditedAdmin):
    list_display = ["point", "reason", "start", "end"]
    list_filter = ["reason"]
    raw_id_fields = ["point"]


@admin.register(FlagRule)
class FlagRuleAdmin(AuditedAdmin):
    list_display = ["kind", "params", "enabled", "confirmed", "source"]


@admin.register(Parameter)
class ParameterAdmin(AuditedAdmin):
    list_display = ["key", "hj212_code", "name_zh", "name_en", "unit", "pollutant"]


@admin.register(RejectedPacket)
class RejectedPacketAdmin(admin.ModelAdmin):
    list_display = ["received_at", "source", "origin", "line_no", "reason", "mn"]
    list_filter = ["source", "reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
