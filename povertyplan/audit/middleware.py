"""Gives each request an id the audit entries it writes carry (Entry.request_id): the entries of one save
(a grid of eleven rows, a household and its assessment) share it, the next save's differ."""

from __future__ import annotations

import uuid

from povertyplan.audit.record import current_request_id


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.audit_request_id = uuid.uuid4().hex
        token = current_request_id.set(request.audit_request_id)
        try:
            return self.get_response(request)
        finally:
            current_request_id.reset(token)
