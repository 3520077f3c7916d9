"""Charts as SVG strings: pure functions of their figures, no JavaScript, the same string inlined in the page
and in the PDF (WeasyPrint draws inline SVG).

Accessible: `role="img"`, a <title> and a <desc> naming what is drawn, every figure also written as a label
the Vietnamese way (1.182; 2,62). Only presentation attributes, never a style attribute or element (the
site's Content-Security-Policy forbids inline styles). Text is in the bundled font's family, which the
PDF declares with @font-face (reports/pdf/render.py); the page falls back to the browser's serif.
An unknown figure draws no bar and no point, and is written "—": unknown is not zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from html import escape

from povertyplan.numbers import format_number

FONT = "Liberation Serif, Times New Roman, serif"
INK = "#000000"
GRID = "#b0b0b0"
# Two series, distinguishable in grey print too: dark and light.
COLOURS = ("#2f5597", "#9dc3e6", "#c55a11")


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[int | Decimal | None, ...]


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def _text(x, y, content, *, size=11, anchor="middle", weight="normal", rotate: float | None = None) -> str:
    transform = f' transform="rotate({rotate:g} {x:g} {y:g})"' if rotate is not None else ""
    return (
        f'<text x="{x:g}" y="{y:g}" font-family="{_attr(FONT)}" font-size="{size}" text-anchor="{anchor}"'
        f' font-weight="{weight}" fill="{INK}"{transform}>{escape(str(content))}</text>'
    )


def _nice_max(top: float) -> int:
    """A round axis maximum at or above `top` (at least 1), in at most five round steps."""
    if top <= 0:
        return 1
    for step in sorted({m * 10**e for e in range(5) for m in (1, 2, 5)} | {25, 250, 100_000}):
        steps = -(-top // step)
        if steps <= 5:
            return int(steps * step)
    return int(top) + 1


def _ticks(maximum: int) -> list[float]:
    n = maximum if maximum <= 5 else 5  # whole steps for small counts (0, 1, 2, 3)
    return [maximum * i / n for i in range(n + 1)]


def _label(value, places: int | None) -> str:
    return "—" if value is None else format_number(value, places)


def _open(key: str, width: int, height: int, title: str, desc: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}" role="img" aria-labelledby="{key}-title {key}-desc">'
        f'<title id="{key}-title">{escape(title)}</title><desc id="{key}-desc">{escape(desc)}</desc>'
    )


def _legend(series: list[Series], x: float, y: float) -> str:
    parts = []
    for i, s in enumerate(series):
        left = x + i * 170
        parts.append(f'<rect x="{left:g}" y="{y - 9:g}" width="12" height="12" fill="{COLOURS[i % len(COLOURS)]}"/>')
        parts.append(_text(left + 16, y + 1, s.label, anchor="start"))
    return "".join(parts)


def bar_chart(key: str, title: str, categories: list[str], series: list[Series], *, places: int | None = None) -> str:
    """Grouped bars: one group per category (a village), one bar per series (target, achieved)."""
    n = max(len(categories), 1)
    width = max(420, 90 + n * (24 * len(series) + 22))
    height = 300
    left, right, top, bottom = 50, 12, 34, 92
    plot_w, plot_h = width - left - right, height - top - bottom
    known = [float(v) for s in series for v in s.values if v is not None]
    maximum = _nice_max(max(known, default=0))
    desc = "; ".join(
        f"{c}: " + ", ".join(f"{s.label} {_label(s.values[i], places)}" for s in series)
        for i, c in enumerate(categories)
    )
    out = [_open(key, width, height, title, desc)]
    out.append(_text(width / 2, 16, title, size=12, weight="bold"))
    for tick in _ticks(maximum):
        y = top + plot_h - tick / maximum * plot_h
        out.append(f'<line x1="{left}" y1="{y:g}" x2="{width - right}" y2="{y:g}" stroke="{GRID}" stroke-width="0.5"/>')
        out.append(_text(left - 4, y + 4, format_number(Decimal(str(tick)).normalize(), None), size=10, anchor="end"))
    out.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="{INK}"/>')
    group_w = plot_w / n
    bar_w = min(22, (group_w - 10) / max(len(series), 1))
    for i, category in enumerate(categories):
        start = left + i * group_w + (group_w - bar_w * len(series)) / 2
        for j, s in enumerate(series):
            v = s.values[i]
            x = start + j * bar_w
            if v is None:
                out.append(_text(x + bar_w / 2, top + plot_h - 4, "—", size=10))
                continue
            h = float(v) / maximum * plot_h
            out.append(
                f'<rect class="bar" x="{x:g}" y="{top + plot_h - h:g}" width="{bar_w - 2:g}" height="{h:g}"'
                f' fill="{COLOURS[j % len(COLOURS)]}"><title>{escape(f"{category} – {s.label}: {_label(v, places)}")}'
                "</title></rect>"
            )
            out.append(_text(x + bar_w / 2 - 1, top + plot_h - h - 3, _label(v, places), size=10))
        cx = left + i * group_w + group_w / 2
        out.append(_text(cx, top + plot_h + 12, category, size=10, anchor="end", rotate=-35))
    out.append(_legend(series, left, height - 8))
    out.append("</svg>")
    return "".join(out)


def line_chart(key: str, title: str, years: list[int], series: list[Series], *, places: int = 2) -> str:
    """Lines over the years (the poor and near-poor rates, in %): a point per known figure, labelled."""
    n = max(len(years), 1)
    width = max(420, 100 + n * 70)
    height = 260
    left, right, top, bottom = 50, 20, 34, 52
    plot_w, plot_h = width - left - right, height - top - bottom
    known = [float(v) for s in series for v in s.values if v is not None]
    maximum = _nice_max(max(known, default=0))
    desc = "; ".join(
        f"{s.label}: " + ", ".join(f"{y} {_label(s.values[i], places)}%" for i, y in enumerate(years)) for s in series
    )
    out = [_open(key, width, height, title, desc)]
    out.append(_text(width / 2, 16, title, size=12, weight="bold"))
    for tick in _ticks(maximum):
        y = top + plot_h - tick / maximum * plot_h
        out.append(f'<line x1="{left}" y1="{y:g}" x2="{width - right}" y2="{y:g}" stroke="{GRID}" stroke-width="0.5"/>')
        out.append(_text(left - 4, y + 4, format_number(Decimal(str(tick)).normalize(), None), size=10, anchor="end"))
    out.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="{INK}"/>')
    step = plot_w / n

    def x_of(i: int) -> float:
        return left + step * i + step / 2

    for i, year in enumerate(years):
        out.append(_text(x_of(i), top + plot_h + 16, year, size=10))
    for j, s in enumerate(series):
        colour = COLOURS[j % len(COLOURS)]
        points = [
            (x_of(i), top + plot_h - float(v) / maximum * plot_h, v) for i, v in enumerate(s.values) if v is not None
        ]
        # A line joins neighbouring known years only: an unknown year breaks it.
        for (i, a), (k, b) in zip(enumerate(s.values), list(enumerate(s.values))[1:], strict=False):
            if a is not None and b is not None:
                y1 = top + plot_h - float(a) / maximum * plot_h
                y2 = top + plot_h - float(b) / maximum * plot_h
                out.append(
                    f'<line x1="{x_of(i):g}" y1="{y1:g}" x2="{x_of(k):g}" y2="{y2:g}" stroke="{colour}" stroke-width="2"/>'
                )
        for x, y, v in points:
            out.append(f'<circle class="point" cx="{x:g}" cy="{y:g}" r="3.5" fill="{colour}"/>')
            out.append(_text(x, y - 7, _label(v, places), size=10))
    out.append(_legend(series, left, height - 8))
    out.append("</svg>")
    return "".join(out)
