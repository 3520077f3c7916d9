"""The contexts of the issued register's pages: the record of one issued copy, its public verification
page (nothing personal), and the register of a commune or of a user's area (one query for the rows)."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, QuerySet

from plans.models import Plan, PlanStatus
from povertyplan import access
from reports.issuing import verification_url
from reports.models import IssuedCopy


def _later_issued(**lookup) -> Exists:
    return Exists(
        Plan.objects.filter(
            status=PlanStatus.ISSUED, year=OuterRef("plan__year"), revision__gt=OuterRef("plan__revision"), **lookup
        )
    )


def register_rows(copies: QuerySet) -> QuerySet:
    """Issued copies with their plan, their signed copies counted and whether a later issued revision
    replaced them: one query whatever the number of rows."""
    return (
        copies.without_bytes()
        .select_related("plan__commune", "plan__district")
        .annotate(
            signed_count=Count("signed_copies"),
            replaced_in_commune=_later_issued(commune=OuterRef("plan__commune")),
            replaced_in_district=_later_issued(commune__isnull=True, district=OuterRef("plan__district")),
        )
        .order_by("-issue_date", "-number", "-pk")
    )


def register_page(user, commune=None) -> dict:
    copies = IssuedCopy.objects.for_user(user)
    if commune is not None:
        copies = copies.filter(plan__commune=commune)
    return {"commune": commune, "rows": register_rows(copies)}


def issued_page(user, issued: IssuedCopy, form) -> dict:
    """The record of one issued copy for a user who may see its plan."""
    return {
        "issued": issued,
        "plan": issued.plan,
        "signed": issued.signed_copies.defer("content").select_related("uploaded_by"),
        "can_change": access.can(user, access.CHANGE, issued),
        "form": form,
        "url": verification_url(issued.code),
    }


def verify_page(issued: IssuedCopy, form, result=None) -> dict:
    """The public page of an issued copy: body, number, date, summary, fingerprints; no name of anyone."""
    replacement = issued.plan.replaced_by
    newer = None
    if replacement is not None:
        newer = IssuedCopy.objects.without_bytes().filter(plan=replacement).first()
    return {
        "issued": issued,
        "replacement": replacement,
        "newer": newer,
        "signed": issued.signed_copies.only("sha256", "size", "content_type", "uploaded_at", "issued_id"),
        "form": form,
        "result": result,
    }
