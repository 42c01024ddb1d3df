from django.contrib import admin

from core.admin import AuditedAdmin

from .models import (
    DateChange,
    Evidence,
    FourTruthsAssessment,
    MilestoneNode,
    NodeTemplate,
    ProgressReport,
    RetrofitProject,
)


@admin.register(NodeTemplate)
class NodeTemplateAdmin(AuditedAdmin):
    """The office edits the standard nodes per category here; new projects copy them."""

    list_display = [
        "category",
        "order",
        "name_zh",
        "name_en",
        "default_offset_days",
        "min_days_after_previous",
        "stage_on_completion",
        "confirmed",
        "active",
    ]
    list_editable = ["default_offset_days", "min_days_after_previous", "confirmed", "active"]
    list_filter = ["category", "confirmed", "active"]


class NodeInline(admin.TabularInline):
    model = MilestoneNode
    extra = 0
    fields = ["order", "name_zh", "committed_date", "planned_date", "actual_date"]
    # Dates change only through the services (date-change records, approvals), never here.
    readonly_fields = ["committed_date", "planned_date", "actual_date"]
    can_delete = False
    show_change_link = True


@admin.register(RetrofitProject)
class RetrofitProjectAdmin(AuditedAdmin):
    list_display = ["name", "enterprise", "category", "status", "plan_approved_at"]
    list_filter = ["category", "status", "fund_status"]
    search_fields = ["name", "enterprise__name_zh", "enterprise__name_en"]
    raw_id_fields = ["enterprise"]
    filter_horizontal = ["units", "emission_points"]
    readonly_fields = ["plan_approved_at", "plan_approved_by", "created_at", "updated_at"]
    inlines = [NodeInline]


@admin.register(MilestoneNode)
class MilestoneNodeAdmin(AuditedAdmin):
    list_display = ["__str__", "project", "committed_date", "planned_date", "actual_date"]
    list_filter = ["project__category"]
    search_fields = ["name_zh", "project__name", "project__enterprise__name_zh"]
    readonly_fields = ["project", "template", "committed_date", "planned_date", "actual_date"]


@admin.register(DateChange)
class DateChangeAdmin(AuditedAdmin):
    list_display = [
        "node",
        "kind",
        "old_date",
        "new_date",
        "status",
        "requested_by",
        "requested_at",
    ]
    list_filter = ["kind", "status"]
    readonly_fields = [f.name for f in DateChange._meta.fields]


@admin.register(ProgressReport)
class ProgressReportAdmin(AuditedAdmin):
    list_display = ["project", "period", "percent_complete", "status", "submitted_at"]
    list_filter = ["status"]
    raw_id_fields = ["project"]


@admin.register(Evidence)
class EvidenceAdmin(AuditedAdmin):
    list_display = ["original_name", "enterprise", "content_type", "size", "uploaded_at"]
    readonly_fields = [f.name for f in Evidence._meta.fields]


@admin.register(FourTruthsAssessment)
class FourTruthsAssessmentAdmin(AuditedAdmin):
    list_display = ["enterprise", "period", "total", "assessed_by"]
    list_filter = ["period"]
