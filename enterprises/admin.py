from django.contrib import admin

from core.admin import AuditedAdmin

from .models import (
    Contact,
    County,
    EmissionLimit,
    EmissionPoint,
    Enterprise,
    LimitRule,
    ProductionUnit,
    Target,
)


@admin.register(County)
class CountyAdmin(AuditedAdmin):
    list_display = ["code", "name_zh", "name_en", "sub_bureau_zh"]


class UnitInline(admin.TabularInline):
    model = ProductionUnit
    extra = 0


@admin.register(Enterprise)
class EnterpriseAdmin(AuditedAdmin):
    list_display = [
        "name_zh",
        "credit_code",
        "industry",
        "county",
        "annual_capacity_t",
        "ule_stage",
    ]
    list_filter = ["industry", "county", "ule_stage"]
    search_fields = ["name_zh", "name_en", "credit_code"]
    readonly_fields = ["ule_stage"]  # derived from confirmed facts (acceptance), never typed

    def has_delete_permission(self, request, obj=None):
        return False  # an enterprise carries history (audit trail, draws, findings)


@admin.register(ProductionUnit)
class ProductionUnitAdmin(AuditedAdmin):
    list_display = ["name", "enterprise", "kind", "capacity", "status"]
    list_filter = ["kind", "status"]


@admin.register(EmissionPoint)
class EmissionPointAdmin(AuditedAdmin):
    list_display = ["name", "enterprise", "kind", "cems_installed", "cems_networked"]
    list_filter = ["kind"]


@admin.register(Contact)
class ContactAdmin(AuditedAdmin):
    list_display = ["name", "enterprise", "position", "phone", "email"]


@admin.register(EmissionLimit)
class EmissionLimitAdmin(AuditedAdmin):
    list_display = [
        "industry",
        "source_kind",
        "pollutant",
        "value",
        "unit",
        "legal_force",
        "jurisdiction",
        "standard_code",
        "confirmed",
    ]
    list_filter = ["industry", "legal_force", "jurisdiction", "confirmed", "source_kind"]


@admin.register(LimitRule)
class LimitRuleAdmin(AuditedAdmin):
    list_display = ["industry", "legal_force", "statistic", "threshold_percent", "confirmed"]


@admin.register(Target)
class TargetAdmin(AuditedAdmin):
    list_display = ["scope", "industry", "year", "share_percent", "source_document"]
