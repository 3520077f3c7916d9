"""What the issue prints on the plan's last page to let anyone check a copy (passed by the issuing service)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Verification:
    """code: the short verification code; url: the public page checking it; qr_svg: a QR code of the url as
    an SVG document (segno's `make(url).svg_inline()` or the like)."""

    code: str
    url: str
    qr_svg: str
