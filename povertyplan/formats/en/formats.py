"""English formats for a Vietnamese application: the Vietnamese ones, only the words change.

The English interface serves the same users and documents: Django's "en" formats would show 2 December
as "12/02/2026" (month first) beside date inputs read day-first, so dates stay day-first and numbers
stay grouped the Vietnamese way.
"""

from povertyplan.formats.vi.formats import *  # noqa: F403
