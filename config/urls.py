from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language

from accounts import views as account_views
from accounts.forms import OutboxPasswordResetForm

urlpatterns = [
    path("", account_views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/profile/", account_views.profile, name="profile"),
    path("accounts/lockouts/", account_views.lockouts, name="lockouts"),
    path(
        "accounts/password/change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        auth_views.PasswordResetView.as_view(form_class=OutboxPasswordResetForm),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # Switching language must work on the sign-in page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("jsi18n/", login_not_required(JavaScriptCatalog.as_view()), name="javascript-catalog"),
    path("enterprises/", include("enterprises.urls")),
    path("retrofits/", include("retrofits.urls")),
    path("inspections/", include("inspections.urls")),
    path("acceptance/", include("acceptance.urls")),
    path("public/ule-list/", include("acceptance.public_urls")),
    path("transport/", include("transport.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("operations/", include("operations.urls")),
    path("inbox/", include("notifications.urls")),
    path("dashboard/", include("dashboards.urls")),
    path("exports/", include("exports.urls")),
    path("public/inspections/", include("dashboards.public_urls")),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "ULE Portal"
if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
