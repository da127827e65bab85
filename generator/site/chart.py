"""A bar chart as SVG, drawn at build time: papers per month on the stats page.

No script and no external service: the SVG is part of the page. Colours come from Material's
CSS variables (see archive.css), so the chart follows dark mode. The chart is as wide as its
column (its viewBox scales): on a phone, half its drawn width or less, so archive.css draws its
labels larger there, and the month labels that would then run into each other are marked to be
left out there. A label that would run into another at any size is left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, HEIGHT = 720, 240
_LEFT, _BOTTOM, _TOP = 44, 36, 12
# The labels' size in the chart's units (archive.css), and their largest, a phone's: 12 px and
# more on a column of 330 px. A label's width is taken as _CHAR of its size a character (wide
# enough for digits and capitals), and labels keep _GAP apart.
_FONT, NARROW_FONT = 11, 26
_CHAR, _GAP = 0.6, 8


@dataclass(frozen=True)
class Bar:
    label: str  # the bar's tooltip and its link's name
    value: int
    href: str  # "" for a bar with no page (a month without papers)
    tick: str = ""  # shown under the bar, where it runs into no other


def bar_chart(bars: Sequence[Bar], title: str) -> Markup:
    """An accessible SVG bar chart; each bar links to its page and has a tooltip. A group, not
    an image: an image role would hide the bars' links from assistive technology."""
    if not bars:
        return Markup("")
    top = max(bar.value for bar in bars) or 1
    # Room on the left for the largest value's label at its largest.
    left = max(_LEFT, round(_CHAR * NARROW_FONT * len(str(top))) + 10)
    plot_width, plot_height = WIDTH - left - 8, HEIGHT - _BOTTOM - _TOP
    step = plot_width / len(bars)
    wide, narrow = (_fitting_ticks(bars, left, step, font) for font in (_FONT, NARROW_FONT))
    # Labels hang from the lines they name, so that a larger size grows away from the bars.
    parts = [
        f'<svg class="pa-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="group" '
        f'aria-labelledby="pa-chart-title" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="pa-chart-title">{escape(title)}</title>',
        f'<text class="pa-chart__axis" x="{left - 6}" y="{_TOP}" text-anchor="end" '
        f'dominant-baseline="hanging">{top}</text>',
        f'<text class="pa-chart__axis" x="{left - 6}" y="{_TOP + plot_height}" '
        'text-anchor="end">0</text>',
        f'<line class="pa-chart__base" x1="{left}" x2="{WIDTH - 8}" '
        f'y1="{_TOP + plot_height}" y2="{_TOP + plot_height}"/>',
    ]
    for number, bar in enumerate(bars):
        height = plot_height * bar.value / top
        x = left + number * step
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
        if number in wide:
            kind = "pa-chart__axis" if number in narrow else "pa-chart__axis pa-chart__minor"
            parts.append(
                f'<text class="{kind}" x="{x + step / 2:.1f}" y="{_TOP + plot_height + 4}" '
                f'text-anchor="middle" dominant-baseline="hanging">{escape(bar.tick)}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def _fitting_ticks(bars: Sequence[Bar], left: float, step: float, font: int) -> set[int]:
    """The bars whose labels are shown at `font`: none running into another or out of the
    chart. Labels naming a year come first (where a year starts is what a reader looks for),
    then the others from the left."""

    def span(number: int) -> tuple[float, float]:
        centre = left + (number + 0.5) * step
        half = _CHAR * font * len(bars[number].tick) / 2
        return centre - half, centre + half

    ticked = [number for number, bar in enumerate(bars) if bar.tick]
    years = [n for n in ticked if any(word.isdigit() for word in bars[n].tick.split())]
    # The first month names its year too, but a January beside it names the year better.
    years.sort(key=lambda n: n == ticked[0])
    kept: list[tuple[float, float]] = []
    shown = set()
    for number in [*years, *(n for n in ticked if n not in years)]:
        start, end = span(number)
        fits = start >= 0 and end <= WIDTH
        if fits and all(end + _GAP <= a or b + _GAP <= start for a, b in kept):
            kept.append((start, end))
            shown.add(number)
    return shown
