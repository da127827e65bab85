"""Rendering: the Archive in, every generated page's text out (no clock, no I/O).

`renderer.Site` is what every page family shares; `families` lists the families (home, months,
days, tags, search, stats, feeds, sitemaps; papers apart, as they need related papers). Pages are
Markdown files whose bodies are HTML made by Jinja2 templates with autoescaping on, so untrusted
text is escaped exactly once and Markdown never sees it as Markdown.
"""
