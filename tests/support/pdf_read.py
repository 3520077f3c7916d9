"""Reading produced PDFs back with poppler's tools (pdftotext -layout, pdffonts, pdfinfo, pdftoppm); every
file is kept under test-artifacts/pdf/ with its pages as PNG, to look at."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "pdf"
A4 = (595.276, 841.89)


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


@dataclass
class ReadPdf:
    path: Path

    def text(self, first: int | None = None, last: int | None = None) -> str:
        pages = []
        if first is not None:
            pages = ["-f", str(first), "-l", str(last or first)]
        return _run("pdftotext", "-layout", *pages, str(self.path), "-")

    def page_text(self, n: int) -> str:
        return self.text(n, n)

    def flat(self) -> str:
        """The text with every run of white space as one space (a line broken by the layout reads whole)."""
        return " ".join(self.text().split())

    def fonts(self) -> list[tuple[str, str]]:
        """(name without its subset prefix, embedded yes/no) of each font."""
        rows = _run("pdffonts", str(self.path)).splitlines()[2:]
        out = []
        for row in rows:
            cols = row.split()
            name = cols[0].split("+", 1)[-1]
            emb = cols[-5]
            out.append((name, emb))
        return out

    def info(self) -> str:
        return _run("pdfinfo", str(self.path))

    @property
    def pages(self) -> int:
        return int(re.search(r"^Pages:\s+(\d+)", self.info(), re.M).group(1))

    def sizes(self) -> list[tuple[float, float]]:
        """(width, height) in points of each page."""
        text = _run("pdfinfo", "-f", "1", "-l", "99", str(self.path))
        return [(float(w), float(h)) for w, h in re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", text, re.M)]

    def png(self) -> list[Path]:
        prefix = self.path.with_suffix("")
        subprocess.run(["pdftoppm", "-png", "-r", "50", str(self.path), str(prefix)], check=True)
        pages = re.compile(rf"{re.escape(prefix.name)}-\d+\.png")
        return sorted(p for p in self.path.parent.glob(f"{prefix.name}-*.png") if pages.fullmatch(p.name))


def save(data: bytes, name: str) -> ReadPdf:
    """Keep the PDF under test-artifacts/pdf/<name>.pdf (and its pages as PNG) and read it back."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob(f"{name}-*.png"):
        if re.fullmatch(rf"{re.escape(name)}-\d+\.png", old.name):
            old.unlink()
    path = ARTIFACTS / f"{name}.pdf"
    path.write_bytes(data)
    pdf = ReadPdf(path)
    pdf.png()
    return pdf


def portrait(size: tuple[float, float]) -> bool:
    return abs(size[0] - A4[0]) < 1 and abs(size[1] - A4[1]) < 1


def landscape(size: tuple[float, float]) -> bool:
    return abs(size[0] - A4[1]) < 1 and abs(size[1] - A4[0]) < 1
