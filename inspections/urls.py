from django.urls import path

from . import views

app_name = "inspections"
urlpatterns = [
    path("", views.inspection_list, name="list"),
    path("new/", views.inspection_create, name="create"),
    path("tasks/", views.my_tasks, name="tasks"),
    path("<int:pk>/", views.inspection_detail, name="detail"),
    path("<int:pk>/log/", views.inspection_edit, name="edit"),
    path("<int:pk>/autosave/", views.inspection_autosave, name="autosave"),
    path("<int:pk>/amend/", views.inspection_amend, name="amend"),
    path("<int:pk>/record/", views.inspection_record, name="record"),
    path("<int:pk>/findings/new/", views.finding_create, name="finding_create_from"),
    path("enterprise/<int:pk>/", views.enterprise_history, name="enterprise_history"),
    path("files/<int:pk>/", views.attachment, name="attachment"),
    path("findings/new/", views.finding_create, name="finding_create"),
    path("findings/<int:pk>/", views.finding_detail, name="finding_detail"),
    path("findings/<int:pk>/respond/", views.finding_respond, name="finding_respond"),
    path("findings/<int:pk>/review/", views.finding_review, name="finding_review"),
    path("rectification/", views.plan_list, name="plan_list"),
    path("rectification/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("rectification/<int:pk>/notice/", views.plan_notice, name="plan_notice"),
    path("draws/", views.draw_list, name="draw_list"),
    path("draws/new/", views.draw_create, name="draw_create"),
    path("draws/pool/", views.draw_pool, name="draw_pool"),
    path("draws/<int:pk>/", views.draw_detail, name="draw_detail"),
    path("draws/<int:pk>/verify/", views.draw_verify, name="draw_verify"),
    path("draws/<int:pk>/pool/", views.draw_pool_record, name="draw_pool_record"),
    path("disclosure/", views.disclosure, name="disclosure"),
    path("conflicts/", views.conflict_list, name="conflicts"),
    path("conflicts/<int:pk>/delete/", views.conflict_delete, name="conflict_delete"),
    path("checklists/", views.checklist_list, name="checklists"),
    path("checklists/<int:pk>/", views.checklist_detail, name="checklist_detail"),
    path("checklists/<int:pk>/revise/", views.checklist_revise, name="checklist_revise"),
    path("law-articles/", views.law_articles, name="law_articles"),
]
