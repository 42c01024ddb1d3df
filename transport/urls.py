from django.urls import path

from . import views

app_name = "transport"

urlpatterns = [
    path("", views.index, name="index"),
    path("queue/", views.queue, name="queue"),
    path("queue/raise/", views.queue_raise, name="queue_raise"),
    path("e/<int:pk>/", views.enterprise, name="enterprise"),
    path("e/<int:pk>/tonnage/new/", views.tonnage_new, name="tonnage_new"),
    path("e/<int:pk>/<str:register>/new/", views.register_new, name="register_new"),
    path("e/<int:pk>/ledger/", views.ledger_upload, name="ledger_upload"),
    path("<str:register>/<int:pk>/edit/", views.register_edit, name="register_edit"),
    path("<str:register>/<int:pk>/delete/", views.register_delete, name="register_delete"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/map/", views.import_map, name="import_map"),
    path("imports/<int:pk>/rejected.csv", views.import_rejections, name="import_rejections"),
    path("imports/<int:pk>/requeue/", views.import_requeue, name="import_requeue"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
]
