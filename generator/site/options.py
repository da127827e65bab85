"""What the pages need to know of the site around them (from mkdocs.yml and the plugin)."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class SiteOptions:
    site_name: str = "Paper archive"
    site_description: str = ""  # mkdocs.yml's: what the archive holds, said on the home page
    site_url: str = "https://example.invalid/"  # feeds need absolute links
    repo_url: str | None = None
    edit_uri: str | None = None
    content_path: str = "content"
    home_days: int = 3
    tag_page_size: int = 100
    day_page_size: int = 100  # a day with more papers continues on further pages
    # Page families left out, by module name ("top", "titles"): `bench build --without` measures
    # what they cost. Never set for a published site.
    without: tuple[str, ...] = ()

    def tag_latest_count(self, total: int) -> int:
        """How many papers a tag's latest page shows: its newest numbered page whole (numbered
        pages hold `tag_page_size` papers from the oldest), with the page before it while the
        newest holds under half a page. "Older" leads to the first page not shown, so no paper
        is on both (the latest page showed the newest 100, and the page "Older" led to began
        with some of them)."""
        size = self.tag_page_size
        if total <= size:
            return total
        newest = total - (math.ceil(total / size) - 1) * size
        return newest + size if newest < size / 2 else newest

    def edit_url(self, repo_path: str) -> str | None:
        """The GitHub edit page of a file of the repository, when the site names its repository."""
        if not self.repo_url or self.edit_uri is None:
            return None
        return f"{self.repo_url.rstrip('/')}/{self.edit_uri.strip('/')}/{repo_path}"

    def _blob_url(self, repo_path: str) -> str | None:
        """The file's GitHub view, when the edit URI names a branch as GitHub's do (edit/main/)."""
        uri = (self.edit_uri or "").strip("/")
        if not self.repo_url or not uri.startswith("edit/"):
            return None
        return f"{self.repo_url.rstrip('/')}/blob/{uri.removeprefix('edit/')}/{repo_path}"

    def view_url(self, repo_path: str) -> str | None:
        """The file's GitHub view (its edit pencil one click away), else its editor."""
        return self._blob_url(repo_path) or self.edit_url(repo_path)

    def line_url(self, repo_path: str, line: int | None) -> str | None:
        """The file's GitHub view at `line`, else its editor."""
        view = self._blob_url(repo_path) if line else None
        return f"{view}#L{line}" if view else self.edit_url(repo_path)
