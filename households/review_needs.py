"""Home-page needs from this part of the app (povertyplan/needs.py). Placeholder: filled by its branch."""

from __future__ import annotations


def review_needs(user, today):
    return []
