from django.contrib import admin

from .models import (
    CleanTonnage,
    Gate,
    InPlantVehicle,
    LedgerImport,
    LedgerMapping,
    Machine,
    Threshold,
    TransportStaff,
)


@admin.register(Threshold)
class ThresholdAdmin(admin.ModelAdmin):
    list_display = (
        "rule",
        "industry",
        "percent",
        "min_stage",
        "valid_from",
        "valid_until",
        "confirmed",
    )
    list_filter = ("rule", "industry", "confirmed")


@admin.register(LedgerImport)
class LedgerImportAdmin(admin.ModelAdmin):
    list_display = (
        "original_name",
        "enterprise",
        "status",
        "rows_imported",
        "rows_rejected",
        "uploaded_at",
    )
    list_filter = ("status",)
    readonly_fields = ("headers", "columns", "sha256")


admin.site.register([Gate, InPlantVehicle, Machine, TransportStaff, CleanTonnage, LedgerMapping])
