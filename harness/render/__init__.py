"""Renderers of results: HTML pages (jinja2), the gradebook (CSV), the terminal table.

All of them read the immutable result model; none of them computes a score.
"""
