"""Pictures for the pages, drawn as inline SVG: training curves, heat maps, bar charts.

Inline SVG rather than matplotlib PNGs: it needs no dependency (the engine must render
without the course extra), stays sharp at any zoom, keeps the page one small file with
no request, and its numbers remain text a reader can select.  Every string that reaches
the markup (metric names come from a student's history) is escaped here.
"""
from __future__ import annotations

import math
from html import escape
from typing import Iterable, Sequence

from markupsafe import Markup

TRAIN, VALIDATION = "#2563eb", "#ea580c"
PALETTE = ("#2563eb", "#ea580c", "#16a34a", "#9333ea", "#0891b2", "#ca8a04")
WIDTH, HEIGHT, PAD = 360, 210, (36, 12, 30, 50)  # pad: top, right, bottom, left


def _finite(values: Iterable) -> list[float | None]:
    out = []
    for v in values:
        try:
            f = float(v)
        except (TypeError, ValueError):
            f = math.nan
        out.append(f if math.isfinite(f) else None)
    return out


def _fmt(value: float) -> str:
    return f"{value:.3g}"


def _svg(width: int, height: int, body: list[str], label: str) -> Markup:
    """A figure: the caption is HTML (it wraps, and follows the page's direction), the drawing SVG."""
    return Markup(f'<figure class="fig"><figcaption>{escape(label)}</figcaption>'
                  f'<svg class="plot" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
                  f'role="img" aria-label="{escape(label)}" direction="ltr" '
                  f'xmlns="http://www.w3.org/2000/svg">{"".join(body)}</svg></figure>')


def line_chart(series: Sequence[dict], *, title: str, x_label: str) -> Markup | None:
    """series: [{"name", "values", "color", "dashed"}]; x is 1..n (epochs)."""
    series = [dict(s, values=_finite(s["values"])) for s in series if s.get("values")]
    points = [v for s in series for v in s["values"] if v is not None]
    if not points:
        return None
    top, right, bottom, left = PAD
    low, high = min(points), max(points)
    if high - low < 1e-12:
        low, high = low - 0.5, high + 0.5
    n = max(len(s["values"]) for s in series)
    x = lambda i: left + (WIDTH - left - right) * (i / max(1, n - 1))  # noqa: E731
    y = lambda v: top + (HEIGHT - top - bottom) * (1 - (v - low) / (high - low))  # noqa: E731
    body = [f'<line x1="{left}" y1="{HEIGHT - bottom}" x2="{WIDTH - right}" y2="{HEIGHT - bottom}" class="ax"/>',
            f'<line x1="{left}" y1="{top}" x2="{left}" y2="{HEIGHT - bottom}" class="ax"/>']
    for k in range(3):
        v = low + (high - low) * k / 2
        body.append(f'<text x="{left - 4}" y="{y(v) + 4:.1f}" class="tick" text-anchor="end">{_fmt(v)}</text>')
    for i in sorted({0, n - 1, (n - 1) // 2}):
        body.append(f'<text x="{x(i):.1f}" y="{HEIGHT - bottom + 14}" class="tick" text-anchor="middle">{i + 1}</text>')
    body.append(f'<text x="{(left + WIDTH - right) / 2}" y="{HEIGHT - 3}" class="tick" text-anchor="middle">'
                f'{escape(x_label)}</text>')
    for s in series:
        body.extend(_polyline(s, x, y))
    body.extend(_legend(series, left))
    return _svg(WIDTH, HEIGHT, body, title)


def _polyline(s: dict, x, y) -> list[str]:
    dash = ' stroke-dasharray="5 4"' if s.get("dashed") else ""
    runs, current = [], []
    for i, v in enumerate(s["values"]):
        if v is None:  # a NaN epoch breaks the line rather than dropping to zero
            runs, current = runs + [current] if current else runs, []
        else:
            current.append(f"{x(i):.1f},{y(v):.1f}")
    runs += [current] if current else []
    out = [f'<polyline points="{" ".join(r)}" fill="none" stroke="{s["color"]}" stroke-width="2"{dash}/>'
           for r in runs if len(r) > 1]
    out += [f'<circle cx="{r[0].split(",")[0]}" cy="{r[0].split(",")[1]}" r="2.5" fill="{s["color"]}"/>'
            for r in runs if len(r) == 1]
    return out


def _legend(series: list[dict], left: int) -> list[str]:
    """Two entries a row, in fixed columns, so the legend never runs past the drawing's edge."""
    out = []
    for k, s in enumerate(series):
        x, y = left + 150 * (k % 2), 8 + 13 * (k // 2)
        dash = ' stroke-dasharray="5 4"' if s.get("dashed") else ""
        out.append(f'<line x1="{x}" y1="{y}" x2="{x + 16}" y2="{y}" stroke="{s["color"]}" '
                   f'stroke-width="2"{dash}/><text x="{x + 19}" y="{y + 4}" class="tick">{escape(s["name"][:22])}</text>')
    return out


def training_curves(history: dict, words) -> list[Markup]:
    """One chart per metric (loss, accuracy, ...): train and validation, yours and the reference's."""
    student, reference = history.get("student") or {}, history.get("reference") or {}
    if not isinstance(student, dict) or not isinstance(reference, dict):
        return []
    names = [k for k in dict.fromkeys([*student, *reference]) if not str(k).startswith("val_")]
    charts = []
    for metric in names[:6]:
        series = []
        for key, color in ((metric, TRAIN), (f"val_{metric}", VALIDATION)):
            for who, values, dashed in ((words("yours"), student.get(key), False),
                                        (words("reference"), reference.get(key), True)):
                if isinstance(values, list) and values:
                    stage = words("validation") if key.startswith("val_") else words("train")
                    series.append({"name": f"{who} · {stage}",
                                   "values": values, "color": color, "dashed": dashed})
        chart = line_chart(series, title=str(metric), x_label=words("epoch"))
        if chart is not None:
            charts.append(chart)
    return charts


def heatmap(matrix: list, *, title: str, diverging: bool = False, row_label: str = "", col_label: str = "",
            labels: Sequence | None = None, highlight: list | None = None) -> Markup | None:
    """A grid of coloured cells with the numbers written in them; ``diverging`` centres the colours on 0."""
    rows = [_finite(r) for r in matrix] if matrix and isinstance(matrix[0], list) else None
    if not rows or len({len(r) for r in rows}) != 1 or len(rows) > 30 or len(rows[0]) > 30:
        return None
    values = [v for r in rows for v in r if v is not None]
    scale = max((abs(v) for v in values), default=0.0) or 1.0
    cell = max(18, min(44, 300 // max(len(rows), len(rows[0]))))
    left, top = (40 if row_label else 20), 4
    width, height = left + cell * len(rows[0]) + 8, top + cell * len(rows) + (20 if col_label else 6)
    body = []
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            fill = "#e5e7eb" if v is None else _colour(v / scale, diverging)
            bad = ' class="badcell"' if highlight and highlight[i][j] else ""
            body.append(f'<rect x="{left + j * cell}" y="{top + i * cell}" width="{cell}" height="{cell}" '
                        f'fill="{fill}"{bad}/>')
            if cell >= 26:
                ink = "#fff" if v is not None and abs(v) / scale > 0.6 else "#111827"
                body.append(f'<text x="{left + (j + .5) * cell:.1f}" y="{top + (i + .5) * cell + 4:.1f}" '
                            f'class="num" fill="{ink}" text-anchor="middle">{"NaN" if v is None else _fmt(v)}</text>')
    body.extend(_axis_labels(rows, labels, left, top, cell, row_label, col_label, height))
    return _svg(width, height, body, title)


def _axis_labels(rows, labels, left, top, cell, row_label, col_label, height) -> list[str]:
    out = []
    if labels and len(labels) == len(rows) and cell >= 20:
        for i, name in enumerate(labels):
            out.append(f'<text x="{left - 3}" y="{top + (i + .5) * cell + 4:.1f}" class="tick" '
                       f'text-anchor="end">{escape(str(name)[:4])}</text>')
    if row_label:
        out.append(f'<text x="10" y="{top + cell * len(rows) / 2:.1f}" class="tick" text-anchor="middle" '
                   f'transform="rotate(-90 10 {top + cell * len(rows) / 2:.1f})">{escape(row_label)}</text>')
    if col_label:
        out.append(f'<text x="{left + cell * len(rows[0]) / 2:.1f}" y="{height - 5}" class="tick" '
                   f'text-anchor="middle">{escape(col_label)}</text>')
    return out


def _colour(t: float, diverging: bool) -> str:
    """White to blue (counts), or blue-white-red centred on 0 (differences)."""
    t = max(-1.0, min(1.0, t))
    if not diverging:
        t = abs(t)
        return _mix((255, 255, 255), (30, 64, 175), t)
    return _mix((255, 255, 255), (185, 28, 28), t) if t >= 0 else _mix((255, 255, 255), (29, 78, 216), -t)


def _mix(a, b, t) -> str:
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(a, b))


def bar_chart(bars: Sequence[tuple[str, float]], *, title: str, maximum: float | None = None,
              unit: str = "") -> Markup | None:
    """Vertical bars with their value on top; labels are short (score bands, question ids)."""
    if not bars:
        return None
    top, bottom, left = 16, 22, 10
    slot = max(28, min(60, 520 // len(bars)))
    width, height = left * 2 + slot * len(bars), 150
    peak = maximum or max((v for _, v in bars), default=1) or 1
    body = [f'<line x1="{left}" y1="{height - bottom}" x2="{width - left}" y2="{height - bottom}" class="ax"/>']
    for i, (label, value) in enumerate(bars):
        h = (height - top - bottom) * max(0.0, value) / peak
        x0 = left + i * slot + 4
        body.append(f'<rect x="{x0}" y="{height - bottom - h:.1f}" width="{slot - 8}" height="{h:.1f}" '
                    f'fill="{PALETTE[0]}" rx="2"/>')
        body.append(f'<text x="{x0 + (slot - 8) / 2}" y="{height - bottom - h - 4:.1f}" class="num" '
                    f'text-anchor="middle">{_fmt(value)}{escape(unit)}</text>')
        body.append(f'<text x="{x0 + (slot - 8) / 2}" y="{height - bottom + 14}" class="tick" '
                    f'text-anchor="middle">{escape(str(label))}</text>')
    return _svg(width, height, body, title)
