"""Small server-side SVG charts: no script and nothing fetched, so they work in PDFs and on slow phones."""

from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

BAR_HEIGHT = 22
LABEL_WIDTH = 210
PLOT_WIDTH = 360


def bar_chart(items: Sequence[tuple[str, float | None]], *, title: str, maximum: float = 100) -> SafeString:
    """Horizontal bars, one per item, labelled with the value (— when unmeasured)."""
    height = BAR_HEIGHT * len(items) + 8
    bars = format_html_join(
        "",
        '<g transform="translate(0,{})"><text x="{}" y="15" text-anchor="end" class="chart-label">{}</text>'
        '<rect x="{}" y="3" width="{}" height="16" class="chart-bar"></rect>'
        '<text x="{}" y="15" class="chart-value">{}</text></g>',
        (
            (
                index * BAR_HEIGHT + 4,
                LABEL_WIDTH - 6,
                label[:34],
                LABEL_WIDTH,
                f"{max(0.0, min(value or 0, maximum)) / maximum * PLOT_WIDTH:.1f}",
                f"{LABEL_WIDTH + 4 + max(0.0, min(value or 0, maximum)) / maximum * PLOT_WIDTH:.1f}",
                "—" if value is None else f"{value:.2f}",
            )
            for index, (label, value) in enumerate(items)
        ),
    )
    width = LABEL_WIDTH + PLOT_WIDTH + 60
    return format_html(
        '<svg class="chart" role="img" viewBox="0 0 {} {}" width="100%" aria-label="{}">'
        "<title>{}</title>{}</svg>",
        width,
        height,
        title,
        title,
        bars,
    )


def line_chart(points: Sequence[tuple[str, float | None]], *, title: str, maximum: float = 100) -> SafeString:
    """A trend line over periods; gaps where a period has no figure."""
    width, height, left, bottom = 560, 180, 36, 28
    step = (width - left - 40) / max(1, len(points) - 1)

    def y(value: float) -> float:
        return 8 + (height - bottom - 8) * (1 - max(0.0, min(value, maximum)) / maximum)

    coords = [(left + index * step, value) for index, (_label, value) in enumerate(points)]
    path = " ".join(f"{x:.1f},{y(value):.1f}" for x, value in coords if value is not None)
    marks = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="3" class="chart-point"></circle>'
        '<text x="{}" y="{}" text-anchor="middle" class="chart-value">{}</text>',
        (
            (f"{x:.1f}", f"{y(value):.1f}", f"{x:.1f}", f"{y(value) - 6:.1f}", f"{value:.1f}")
            for x, value in coords
            if value is not None
        ),
    )
    labels = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="middle" class="chart-label">{}</text>',
        ((f"{left + index * step:.1f}", height - 8, label) for index, (label, _value) in enumerate(points)),
    )
    grid = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" class="chart-grid"></line>'
        '<text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text>',
        (
            (left, width - 8, f"{y(v):.1f}", f"{y(v):.1f}", left - 4, f"{y(v) + 4:.1f}", v)
            for v in (0, 50, 90)
        ),
    )
    return format_html(
        '<svg class="chart" role="img" viewBox="0 0 {} {}" width="100%" aria-label="{}"><title>{}</title>{}'
        '<polyline points="{}" class="chart-line"></polyline>{}{}</svg>',
        width,
        height,
        title,
        title,
        grid,
        path,
        marks,
        labels,
    )
