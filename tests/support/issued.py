"""Helpers of the issuing tests: the stored original of a plan, PDFs read back, the artifact folder."""

from __future__ import annotations

import subprocess
from pathlib import Path

from reports.models import IssuedCopy

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"


def original_of(plan) -> IssuedCopy:
    return IssuedCopy.objects.get(plan=plan)


def stored_bytes(plan) -> bytes:
    return bytes(IssuedCopy.objects.values_list("pdf", flat=True).get(plan=plan))


def artifact(name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name


def pdf_text(content: bytes, name: str) -> str:
    path = artifact(name)
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout


def qr_codes(content: bytes, name: str) -> list[str]:
    """The QR codes found on the PDF's pages rendered at 150 dpi (zbarimg --raw), one per line."""
    path = artifact(f"{name}.pdf")
    path.write_bytes(content)
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(path), str(artifact(name))], check=True)
    found = []
    for png in sorted(ARTIFACTS.glob(f"{name}-*.png")):
        run = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True)
        found += [line for line in run.stdout.splitlines() if line]
    return found
