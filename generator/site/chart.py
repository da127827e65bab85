"""A bar chart as SVG, drawn at build time: papers per month on the stats page.

No script and no external service: the SVG is part of the page. Colours come from Material's
CSS variables (see archive.css), so the chart follows dark mode.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, HEIGHT = 720, 240
_LEFT, _BOTTOM, _TOP = 44, 28, 12


@dataclass(frozen=True)
class Bar:
    label: str  # shown under the bar when `tick` is set, and in its tooltip
    value: int
    href: str  # "" for a bar with no page (a month without papers)
    tick: str = ""


def bar_chart(bars: Sequence[Bar], title: str) -> Markup:
    """An accessible SVG bar chart; each bar links to its page and has a tooltip. A group, not
    an image: an image role would hide the bars' links from assistive technology."""
    if not bars:
        return Markup("")
    top = max(bar.value for bar in bars) or 1
    plot_width, plot_height = WIDTH - _LEFT - 8, HEIGHT - _BOTTOM - _TOP
    step = plot_width / len(bars)
    parts = [
        f'<svg class="pa-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="group" '
        f'aria-labelledby="pa-chart-title" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="pa-chart-title">{escape(title)}</title>',
        f'<text class="pa-chart__axis" x="{_LEFT - 6}" y="{_TOP + 4}" '
        f'text-anchor="end">{top}</text>',
        f'<text class="pa-chart__axis" x="{_LEFT - 6}" y="{_TOP + plot_height}" '
        'text-anchor="end">0</text>',
        f'<line class="pa-chart__base" x1="{_LEFT}" x2="{WIDTH - 8}" '
        f'y1="{_TOP + plot_height}" y2="{_TOP + plot_height}"/>',
    ]
    for number, bar in enumerate(bars):
        height = plot_height * bar.value / top
        x = _LEFT + number * step
        y = _TOP + plot_height - height
        label = f"{escape(bar.label)}: {bar.value} papers"
        rect = (
            f'<rect class="pa-chart__bar" x="{x + step * 0.1:.1f}" '
            f'y="{y:.1f}" width="{step * 0.8:.1f}" height="{height:.1f}">'
            f"<title>{label}</title></rect>"
        )
        if bar.href:
            rect = f'<a href="{escape(bar.href)}" aria-label="{label}">{rect}</a>'
        parts.append(rect)
        if bar.tick:
            parts.append(
                f'<text class="pa-chart__axis" x="{x + step / 2:.1f}" '
                f'y="{HEIGHT - 8}" text-anchor="middle">{escape(bar.tick)}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))
