from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class ChineseFirstMiddleware:
    """The portal speaks Simplified Chinese unless the user chose another language.

    Django's LocaleMiddleware would follow the browser's Accept-Language header; a bureau
    clerk on an English-locale browser should still get the Chinese portal by default and
    switch explicitly (the choice is kept in the ``django_language`` cookie). Placed before
    LocaleMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
