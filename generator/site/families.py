"""The site's page families, in order. Each family module gives the jobs of its pages from the
shared Site (like Pelican's generators); the papers' own pages are PaperPages (site.papers)."""

from __future__ import annotations

from generator.archive.model import Archive
from generator.site import (
    days,
    feeds,
    home,
    months,
    search,
    sitemaps,
    stats,
    tag_top,
    tags,
    titles,
    top,
)
from generator.site.options import SiteOptions
from generator.site.pages import PageJob, unique
from generator.site.papers import PaperPages
from generator.site.renderer import Site

FAMILIES = (home, top, months, days, tags, tag_top, search, titles, stats, feeds, sitemaps)


def page_jobs(site: Site) -> list[PageJob]:
    """Every page but the papers' own; two pages may not claim one path."""
    left_out = site.options.without
    chosen = [f for f in FAMILIES if f.__name__.rsplit(".", 1)[-1] not in left_out]
    return unique(job for family in chosen for job in family.jobs(site))


def render_site(archive: Archive, options: SiteOptions) -> dict[str, str]:
    """Every page of the site (no related papers), by its Markdown source path."""
    site = Site(archive, options)
    papers = PaperPages(site)
    jobs = page_jobs(site) + [papers.job(paper) for paper in archive.papers.values()]
    return {job.path: site.render(job) for job in jobs}
