"""File names of the downloads (PDF and Excel): ASCII only, words joined by "-"."""

from __future__ import annotations

import re
import unicodedata


def ascii_name(*parts: object) -> str:
    """'xã Điềm He' -> 'xa-Diem-He': the parts' words without diacritics, case kept, joined by '-' (Đ has
    no decomposition: folded by hand); "x" when nothing is left."""
    text = " ".join(str(p) for p in parts if p not in (None, ""))
    text = unicodedata.normalize("NFKD", text.replace("Đ", "D").replace("đ", "d"))
    text = text.encode("ascii", "ignore").decode("ascii")
    return "-".join(re.findall(r"[A-Za-z0-9]+", text)) or "x"
