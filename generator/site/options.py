"""What the pages need to know of the site around them (from mkdocs.yml and the plugin)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SiteOptions:
    site_name: str = "Paper archive"
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

    def edit_url(self, repo_path: str) -> str | None:
        """The GitHub edit page of a file of the repository, when the site names its repository."""
        if not self.repo_url or self.edit_uri is None:
            return None
        return f"{self.repo_url.rstrip('/')}/{self.edit_uri.strip('/')}/{repo_path}"

    def line_url(self, repo_path: str, line: int | None) -> str | None:
        """The file's GitHub view at `line` (its edit pencil one click away), else its editor."""
        edit, uri = self.edit_url(repo_path), (self.edit_uri or "").strip("/")
        if edit is None or not line or not self.repo_url or not uri.startswith("edit/"):
            return edit
        view = uri.removeprefix("edit/")
        return f"{self.repo_url.rstrip('/')}/blob/{view}/{repo_path}#L{line}"
