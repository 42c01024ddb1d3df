from django.contrib import admin

from core.admin import AppendOnlyAdmin, AuditedAdmin

from .models import (
    Amendment,
    ChecklistItem,
    ChecklistTemplate,
    ChecklistVersion,
    ConflictDeclaration,
    Draw,
    DrawTarget,
    Finding,
    Inspection,
    LawArticle,
    RectificationPlan,
    VerificationTask,
)


class ItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(AuditedAdmin):
    list_display = ["code", "name_zh", "category", "industry", "is_active", "order"]
    list_filter = ["category", "is_active"]


@admin.register(ChecklistVersion)
class ChecklistVersionAdmin(AuditedAdmin):
    """Versions are read-only here: publish a new one from the portal's checklist page."""

    list_display = ["template", "number", "created_at", "created_by"]
    inlines = [ItemInline]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(LawArticle)
class LawArticleAdmin(AuditedAdmin):
    list_display = ["law_zh", "article", "fine_min", "fine_max", "is_active"]


@admin.register(Inspection)
class InspectionAdmin(AuditedAdmin):
    list_display = ["enterprise", "started_at", "origin", "status"]
    list_filter = ["status", "origin"]
    readonly_fields = [f.name for f in Inspection._meta.fields]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Finding)
class FindingAdmin(AuditedAdmin):
    list_display = ["enterprise", "category", "severity", "deadline", "status"]
    list_filter = ["status", "category", "severity"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # a finding is closed by verification, never deleted


admin.site.register(
    [Amendment, RectificationPlan, ConflictDeclaration, VerificationTask], AuditedAdmin
)


@admin.register(Draw)
class DrawAdmin(AppendOnlyAdmin):
    """A draw is a recorded public act: it is never added by hand, edited or deleted."""

    list_display = ["title", "period_start", "period_end", "seed", "created_at"]


@admin.register(DrawTarget)
class DrawTargetAdmin(AppendOnlyAdmin):
    list_display = ["draw", "enterprise", "target_class", "inspection_date"]
