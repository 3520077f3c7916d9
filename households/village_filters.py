"""The village list's filters travel by POST and live in the session, never in the URL.

A head's name or a filter such as "người khuyết tật" in a query string would be written into every access
log (runserver, gunicorn, a proxy) and the browser's history. The filter form is posted, its values are
kept in the session per village, and the list is redirected to (POST-redirect-GET) with only the year and
page in its URL.
"""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse

SESSION_KEY = "village_filters"


def village_filters(request, village, year: int, form_class):
    """The bound filter form (a `form_class`, e.g. HouseholdFilterForm) for the list, and a redirect to answer with when the request was a POST.

    POST with `clear`: forget the village's filters. POST otherwise: store them if valid (an invalid form is
    returned with its errors and nothing is stored). GET: the filters stored for this village, if any.
    """
    stored = request.session.get(SESSION_KEY, {})
    key = str(village.pk)
    if request.method != "POST":
        return form_class(stored.get(key) or None), None
    if "clear" in request.POST:
        stored.pop(key, None)
    else:
        form = form_class(request.POST)
        if not form.is_valid():
            return form, None
        values = {name: request.POST.get(name, "") for name in form.fields}
        stored[key] = {name: value for name, value in values.items() if value}
        if not stored[key]:
            del stored[key]
    request.session[SESSION_KEY] = stored
    return None, redirect(f"{reverse('village', args=[village.pk])}?year={year}")
