from django.urls import path

from . import views

app_name = "retrofits"
urlpatterns = [
    path("", views.project_list, name="project_list"),
    path("mine/", views.my_enterprise, name="mine"),
    path("new/", views.project_create, name="project_create"),
    path("<int:pk>/", views.project_detail, name="project_detail"),
    path("<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("<int:pk>/plan/", views.plan_dates, name="plan_dates"),
    path("<int:pk>/approve/", views.plan_approve, name="plan_approve"),
    path("<int:pk>/reports/new/", views.report_create, name="report_create"),
    path("nodes/<int:pk>/", views.node_detail, name="node_detail"),
    path("nodes/<int:pk>/done/", views.node_complete, name="node_complete"),
    path("nodes/<int:pk>/date/", views.node_change_date, name="node_change_date"),
    path("postponements/", views.postponement_list, name="postponements"),
    path("postponements/<int:pk>/", views.postponement_decide, name="postponement_decide"),
    path("reports/", views.report_list, name="reports"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/review/", views.report_review, name="report_review"),
    path("reports/<int:pk>/resubmit/", views.report_resubmit, name="report_resubmit"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("enterprises/<int:enterprise_pk>/four-truths/", views.assessments, name="assessments"),
    path(
        "enterprises/<int:enterprise_pk>/four-truths/edit/",
        views.assessment_edit,
        name="assessment_edit",
    ),
]
