"""Cross-cutting middleware."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.utils.cache import patch_cache_control
from django.views.defaults import page_not_found


def vietnamese_by_default(get_response):
    """Speak Vietnamese unless the user picked another language (cookie), whatever the browser says.

    Office computers often run English browsers; the language switch sets the cookie that LocaleMiddleware
    reads before the Accept-Language header, which we drop here.
    """

    def middleware(request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return get_response(request)

    return middleware


def no_store(get_response):
    """Forbid storing any page we render (`Cache-Control: no-store`).

    Pages show households, their heads' names and poverty status: on a shared office computer neither the
    browser's cache nor a proxy may keep them after logout. Static files are served before this middleware
    (WhiteNoise, or runserver's static handler) and stay cacheable.
    """

    def middleware(request):
        response = get_response(request)
        patch_cache_control(response, private=True, no_store=True)
        return response

    return middleware


def real_404_in_debug(get_response):
    """With DEBUG on, answer a 404 with our own page (templates/404.html) instead of Django's technical one.

    Only installed by settings when DEBUG is on and DJANGO_DEBUG_404 is not set: `make run` then shows what
    users see in production. With DEBUG off Django renders 404.html itself.
    """

    def middleware(request):
        response = get_response(request)
        if response.status_code == 404 and settings.DEBUG:  # tests run with DEBUG off: leave theirs alone
            return page_not_found(request, Http404())
        return response

    return middleware
