from django.contrib import admin

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
class ChecklistTemplateAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "category", "industry", "is_active", "order"]
    list_filter = ["category", "is_active"]


@admin.register(ChecklistVersion)
class ChecklistVersionAdmin(admin.ModelAdmin):
    """Versions are read-only here: publish a new one from the portal's checklist page."""

    list_display = ["template", "number", "created_at", "created_by"]
    inlines = [ItemInline]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(LawArticle)
class LawArticleAdmin(admin.ModelAdmin):
    list_display = ["law_zh", "article", "fine_min", "fine_max", "is_active"]


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "started_at", "origin", "status"]
    list_filter = ["status", "origin"]
    readonly_fields = [f.name for f in Inspection._meta.fields]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "category", "severity", "deadline", "status"]
    list_filter = ["status", "category", "severity"]

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register([Amendment, RectificationPlan, ConflictDeclaration, VerificationTask])


@admin.register(Draw)
class DrawAdmin(admin.ModelAdmin):
    list_display = ["title", "period_start", "period_end", "seed", "created_at"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DrawTarget)
class DrawTargetAdmin(admin.ModelAdmin):
    list_display = ["draw", "enterprise", "target_class", "inspection_date"]

    def has_change_permission(self, request, obj=None):
        return False
