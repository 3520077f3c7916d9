"""Cross-cutting middleware."""

from __future__ import annotations


def vietnamese_by_default(get_response):
    """Speak Vietnamese unless the user picked another language (cookie), whatever the browser says.

    Office computers often run English browsers; the language switch sets the cookie that LocaleMiddleware
    reads before the Accept-Language header, which we drop here.
    """

    def middleware(request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return get_response(request)

    return middleware
