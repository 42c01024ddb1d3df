"""What the retrofit pages share: the form page and the breadcrumbs of a project."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

PAGE_SIZE = 25


def render_form(
    request: HttpRequest,
    form,
    *,
    title,
    cancel_url,
    crumbs=(),
    intro="",
    context=None,
) -> HttpResponse:
    if request.method == "POST" and form.errors:
        msg = _("Please correct the errors below; nothing was saved.")
        if request.FILES:
            msg += " " + _("Choose the files again: browsers do not keep them.")
        messages.error(request, msg)
    return render(
        request,
        "retrofits/form.html",
        {
            "form": form,
            "title": title,
            "cancel_url": cancel_url,
            "crumbs": crumbs,
            "intro": intro,
            "multipart": any(getattr(f.field.widget, "needs_multipart_form", False) for f in form),
            **(context or {}),
        },
        status=400 if request.method == "POST" else 200,
    )


def project_crumbs(project, *more) -> list:
    return [
        (reverse("retrofits:project_list"), _("Retrofit projects")),
        (project.get_absolute_url(), f"{project.enterprise.name} · {project.name}"),
        *more,
    ]
