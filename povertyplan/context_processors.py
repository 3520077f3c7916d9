"""Template context shared by every page."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from povertyplan import access


def languages(request):
    """Each language named in itself ("Tiếng Việt", "English"), never translated into the current one."""
    return {"LANGUAGE_CHOICES": settings.LANGUAGES}


def menu(request):
    """What the navigation offers the user (`access.Menu`), from the access rules: templates read these
    flags, never the user's role. Lazy: a page that shows no navigation loads nothing for it."""
    return {"menu": SimpleLazyObject(lambda: access.menu(getattr(request, "user", None)))}
