"""The site's page families, in order. Each family module gives the jobs of its pages from the
shared Site (like Pelican's generators); the papers' own pages are PaperPages (site.papers)."""

from __future__ import annotations

from types import ModuleType

from generator.archive.model import Archive
from generator.errors import OutputError
from generator.site import (
    authors,
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
from generator.site.pages import PageGroup, PageJob, unique
from generator.site.papers import PaperPages
from generator.site.renderer import Site

FAMILIES = (home, top, months, days, tags, tag_top, search, stats, feeds, sitemaps, authors)
# Families whose pages come in groups (PageGroup): each has `groups(site)`.
GROUPED = (titles,)


def _chosen(site: Site, families: tuple[ModuleType, ...]) -> list[ModuleType]:
    left_out = site.options.without
    return [f for f in families if f.__name__.rsplit(".", 1)[-1] not in left_out]


def page_work(site: Site) -> tuple[list[PageJob], list[PageGroup]]:
    """Every page but the papers' own, as jobs and groups of jobs; two pages may not claim one
    path (a group's folder holds only its own pages)."""
    jobs = unique(job for family in _chosen(site, FAMILIES) for job in family.jobs(site))
    groups = [group for family in _chosen(site, GROUPED) for group in family.groups(site)]
    folders = [f"{group.folder}/" for group in groups]
    claimed = [job.path for job in jobs if job.path.startswith(tuple(folders))]
    if claimed or len(set(folders)) < len(folders):
        raise OutputError(f"a page group's folder holds other pages: {claimed or folders}")
    return jobs, groups


def page_jobs(site: Site) -> list[PageJob]:
    """Every page but the papers' own, each group's jobs listed."""
    jobs, groups = page_work(site)
    return unique([*jobs, *(job for group in groups for job in group.jobs())])


def render_site(archive: Archive, options: SiteOptions) -> dict[str, str]:
    """Every page of the site (no related papers), by its Markdown source path."""
    site = Site(archive, options)
    papers = PaperPages(site)
    jobs = page_jobs(site) + [papers.job(paper) for paper in archive.papers.values()]
    return {job.path: site.render(job) for job in jobs}
