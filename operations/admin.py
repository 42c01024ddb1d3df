from django.contrib import admin

from .models import Campaign, CampaignLine, ProvincialRate, StatusInterval


class CampaignLineInline(admin.TabularInline):
    model = CampaignLine
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("name_zh", "season", "start", "end", "make_up_days")
    inlines = [CampaignLineInline]


@admin.register(StatusInterval)
class StatusIntervalAdmin(admin.ModelAdmin):
    list_display = ("unit", "status", "start", "end", "verified_at")
    list_filter = ("status",)


admin.site.register(ProvincialRate)
