"""Template context shared by every page."""

from django.conf import settings


def languages(request):
    """Each language named in itself ("Tiếng Việt", "English"), never translated into the current one."""
    return {"LANGUAGE_CHOICES": settings.LANGUAGES}
