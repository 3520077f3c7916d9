"""The address a request came from, for the login throttle (django-axes) and its log lines.

Behind a reverse proxy REMOTE_ADDR is the proxy's own address. With DJANGO_TRUSTED_PROXIES=N (the number of
proxies in front of gunicorn, each appending to X-Forwarded-For), the client is the N-th address from the
right of that header: entries further left were written by the client itself and can be forged. With N=0
(the default) the header is ignored.
"""

from __future__ import annotations

from django.conf import settings


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXIES
    if not proxies:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]
