"""The readers: copied page text and Hugging Face API JSON, on real and broken input."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content.sources import read_source
from generator.errors import SourceError
from tests.conftest import HF, LISTING

AUG_12 = dt.date(2025, 8, 12)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def message(error: pytest.ExceptionInfo[SourceError]) -> str:
    return str(error.value)


class TestListingText:
    def test_reads_every_paper_of_the_real_page(self) -> None:
        day = read_source(LISTING, AUG_12)
        assert day.date == AUG_12
        assert len(day.papers) == 98
        first = day.papers[0]
        assert first.title.startswith("Graph Learning-based Fleet Scheduling")
        assert first.abstract.startswith("This paper develops a graph reinforcement learning")
        assert (
            first.id
            == "graph-learning-based-fleet-scheduling-for-urban-air-mobility-under-operational"
        )
        assert (
            day.papers[-1].title
            == "Return of the Encoder: Maximizing Parameter Efficiency for SLMs"
        )

    def test_ids_are_stable_slugs_of_the_title(self) -> None:
        ids = [paper.id for paper in read_source(LISTING, AUG_12).papers]
        assert ids == [paper.id for paper in read_source(LISTING, AUG_12).papers]
        assert all(i == i.lower() and " " not in i for i in ids)

    def test_date_line_must_agree_with_date(self) -> None:
        with pytest.raises(SourceError) as error:
            read_source(LISTING, dt.date(2025, 8, 13))
        assert message(error) == (
            f"{LISTING}:11: the date line says 2025-08-12, but --date says 2025-08-13"
        )

    def test_date_line_without_year_needs_date(self) -> None:
        with pytest.raises(SourceError, match=r":11: the date line has no year; pass --date"):
            read_source(LISTING)

    def test_no_date_line_and_no_date_is_an_error(self, tmp_path: Path) -> None:
        path = write(tmp_path, "page.txt", "Daily Papers\n\nA title\n\nAn abstract.\n")
        with pytest.raises(SourceError) as error:
            read_source(path)
        assert message(error) == f"{path}: no date line in the listing; pass --date YYYY-MM-DD"

    def test_no_date_line_with_date_reads_after_the_header(self, tmp_path: Path) -> None:
        path = write(tmp_path, "page.txt", "Daily Papers\n\nA  title\n\nAn\nabstract.\n")
        day = read_source(path, AUG_12)
        assert [(p.title, p.abstract) for p in day.papers] == [("A title", "An abstract.")]

    def test_listing_with_no_papers(self, tmp_path: Path) -> None:
        path = write(tmp_path, "page.txt", "Daily Papers\n\nAug 12\n\n")
        with pytest.raises(SourceError) as error:
            read_source(path, AUG_12)
        assert message(error) == f"{path}: the listing holds no papers"

    def test_empty_file(self, tmp_path: Path) -> None:
        path = write(tmp_path, "page.txt", "")
        with pytest.raises(SourceError, match="no date line"):
            read_source(path)
        with pytest.raises(SourceError, match="the listing holds no papers"):
            read_source(path, AUG_12)

    def test_title_without_abstract_names_its_line(self, tmp_path: Path) -> None:
        path = write(tmp_path, "page.txt", "Aug 12\n\nTitle one\n\nAbstract one.\n\nTitle two\n")
        with pytest.raises(SourceError) as error:
            read_source(path, AUG_12)
        assert message(error) == f"{path}:7: a title without an abstract after it"

    def test_missing_title_shows_as_a_paragraph_where_a_title_belongs(self, tmp_path: Path) -> None:
        abstract = "An abstract sentence that goes on. " * 20
        path = write(
            tmp_path, "page.txt", f"Aug 12\n\n{abstract}\n\nTitle\n\nAbstract.\n\nT\n\nA\n"
        )
        with pytest.raises(SourceError) as error:
            read_source(path, AUG_12)
        assert message(error).endswith(
            ":3: expected a title here, found a paragraph: is a title missing?"
        )


class TestHuggingFaceJson:
    def test_reads_a_json_array(self) -> None:
        day = read_source(HF / "2025-06-02.json")
        assert day.date == dt.date(2025, 6, 2)
        assert len(day.papers) == 20
        first = day.papers[0]
        assert first.id == "2505.24864"
        assert first.arxiv
        assert first.title == (
            "ProRL: Prolonged Reinforcement Learning Expands Reasoning Boundaries in Large "
            "Language Models"
        )
        assert first.authors[:2] == ("Mingjie Liu", "Shizhe Diao")
        assert "\n" not in first.abstract
        assert first.upvotes == 35
        assert first.published == "2025-05-30T17:59:01.000Z"
        assert first.submitted == "2025-06-02T03:18:21.654Z"
        assert first.ai_keywords[:2] == ("reinforcement learning", "RL")
        assert first.ai_summary and first.ai_summary.startswith("Prolonged reinforcement")

    def test_keeps_code_and_project_links(self) -> None:
        alpha = next(p for p in read_source(HF / "2025-06-02.json").papers if p.id == "2505.24863")
        assert alpha.github == "https://github.com/ASTRAL-Group/AlphaOne"
        assert alpha.project_page == "https://alphaone-project.github.io/"

    def test_recovers_python_repr_entries(self) -> None:
        day = read_source(HF / "2024-12-11.json")
        assert len(day.papers) == 26
        assert day.papers[0].id == "2412.07730"
        assert day.papers[0].authors[0] == "Zongyu Lin"

    def test_reads_the_status_wrapper(self) -> None:
        day = read_source(HF / "2025-01-10.json")
        assert day.date == dt.date(2025, 1, 10)
        assert len(day.papers) == 9
        assert day.papers[0].id == "2501.05441"

    def test_wrapper_date_must_agree_with_date(self) -> None:
        with pytest.raises(SourceError, match="the response is for 2025-01-10, but --date says"):
            read_source(HF / "2025-01-10.json", dt.date(2025, 1, 11))

    def test_a_date_the_papers_or_else_the_file_name_contradict_is_refused(
        self, tmp_path: Path
    ) -> None:
        """`import --date 2025-06-03 2025-06-02.json` merged one day into the next, silently.
        The papers' submission day decides; an answer saved under another name is fine."""
        with pytest.raises(
            SourceError, match="submitted on 2025-06-02, but --date says 2025-06-03"
        ):
            read_source(HF / "2025-06-02.json", dt.date(2025, 6, 3))
        saved = write(tmp_path, "2025-06-05.json", (HF / "2025-06-02.json").read_text())
        assert read_source(saved, dt.date(2025, 6, 2)).date == dt.date(2025, 6, 2)
        # An older answer names no submission day: the file's name is all there is.
        with pytest.raises(SourceError, match="named for 2024-12-11, but --date says 2024-12-12"):
            read_source(HF / "2024-12-11.json", dt.date(2024, 12, 12))

    def test_date_comes_from_date_when_the_name_has_none(self, tmp_path: Path) -> None:
        path = write(tmp_path, "today.json", (HF / "2025-01-21.json").read_text())
        assert read_source(path, dt.date(2025, 1, 21)).date == dt.date(2025, 1, 21)
        with pytest.raises(SourceError, match="cannot tell which day this is; pass --date"):
            read_source(path)

    def test_truncated_json(self, tmp_path: Path) -> None:
        text = (HF / "2025-06-02.json").read_text()
        path = write(tmp_path, "2025-06-02.json", text[: len(text) // 2])
        with pytest.raises(SourceError) as error:
            read_source(path)
        assert message(error).startswith(f"{path}:")
        assert "not valid JSON" in message(error)

    def test_empty_file(self, tmp_path: Path) -> None:
        path = write(tmp_path, "2025-06-02.json", "")
        with pytest.raises(SourceError) as error:
            read_source(path)
        assert message(error) == f"{path}: empty file: expected a JSON response"

    def test_no_papers(self, tmp_path: Path) -> None:
        path = write(tmp_path, "2025-06-02.json", "[]")
        with pytest.raises(SourceError, match="the response holds no papers"):
            read_source(path)

    def test_missing_title_names_the_entry_and_its_line(self, tmp_path: Path) -> None:
        entries = json.loads((HF / "2025-06-02.json").read_text())
        del entries[1]["paper"]["title"]
        del entries[1]["title"]
        path = write(tmp_path, "2025-06-02.json", json.dumps(entries, indent=2))
        line = 2 + json.dumps(entries[0], indent=2).count("\n") + 1
        with pytest.raises(SourceError) as error:
            read_source(path)
        assert message(error) == f"{path}:{line}: entry 2: the paper has no title"

    def test_an_overlong_title_is_refused_as_check_would(self, tmp_path: Path) -> None:
        # Stored, it would fail `check`, and the publish checks before it commits.
        entries = json.loads((HF / "2025-01-21.json").read_text())
        entries[0]["paper"]["title"] = "word " * 250
        path = write(tmp_path, "2025-01-21.json", json.dumps(entries))
        with pytest.raises(
            SourceError, match="entry 1: 'title' is 1,249 characters: at most 1,000"
        ):
            read_source(path)

    def test_unrecoverable_repr_string(self, tmp_path: Path) -> None:
        text = json.dumps(["{'paper': {'id': '1', 'title': __import__('os').system('x')}}"])
        path = write(tmp_path, "2025-06-02.json", text)
        with pytest.raises(SourceError) as error:
            read_source(path)
        assert message(error) == (
            f"{path}:1: entry 1: a string that is not a recoverable paper record"
        )

    def test_changed_field_type(self, tmp_path: Path) -> None:
        entries = json.loads((HF / "2025-01-21.json").read_text())
        entries[0]["paper"]["upvotes"] = "many"
        path = write(tmp_path, "2025-01-21.json", json.dumps(entries))
        with pytest.raises(SourceError, match="entry 1: 'upvotes' should be a whole number"):
            read_source(path)

    def test_every_problem_is_reported(self, tmp_path: Path) -> None:
        entries = json.loads((HF / "2025-06-02.json").read_text())
        entries[0]["paper"]["authors"] = "nobody"
        entries[3] = 42
        path = write(tmp_path, "2025-06-02.json", json.dumps(entries))
        with pytest.raises(SourceError) as error:
            read_source(path)
        assert [p.message for p in error.value.problems] == [
            "entry 1: 'authors' should be a list",
            "entry 4: expected an object, found int",
        ]

    def test_links_other_than_web_links_are_dropped(self, tmp_path: Path) -> None:
        entries = json.loads((HF / "2025-01-21.json").read_text())
        entries[0]["paper"]["githubRepo"] = "javascript:alert(1)"
        path = write(tmp_path, "2025-01-21.json", json.dumps(entries))
        assert read_source(path).papers[0].github is None


def test_a_title_with_nothing_to_slug_still_gets_a_stable_id(tmp_path: Path) -> None:
    """Found by hypothesis: a copied page whose only title is ":" stored a paper with id ''."""
    from generator.text import title_id

    assert title_id("Attention Is All You Need") == "attention-is-all-you-need"
    assert title_id(":").startswith("paper-") and title_id(":") == title_id(" : ")
    assert title_id(":") != title_id("?")
    listing = tmp_path / "page.txt"
    listing.write_text(":\n\n0\n", encoding="utf-8")
    (paper,) = read_source(listing, dt.date(2025, 6, 3)).papers
    assert paper.id == title_id(":")


def test_a_page_listing_a_paper_twice_keeps_the_first(tmp_path: Path) -> None:
    """Found by hypothesis: two titles making the same id were stored as a day that failed its
    own check ("listed twice in this day"). A record separator ends a line for splitlines()."""
    listing = tmp_path / "page.txt"
    listing.write_text("0\x1e\n0\x1e\n0\x1e\n0\n\nSame Title\n\nfirst\n\nSame Title\n\nsecond\n")
    papers = read_source(listing, dt.date(2025, 6, 3)).papers
    assert [(p.id, p.abstract) for p in papers] == [("0", "0"), ("same-title", "first")]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.text(alphabet="aAbB ,.!?-", min_size=1, max_size=12).filter(
            lambda t: any(c in "aAbB" for c in t)
        ),
        min_size=1,
        max_size=8,
    )
)
def test_titles_differing_only_in_case_or_punctuation_are_two_papers(
    tmp_path: Path, titles: list[str]
) -> None:
    """Issue 20: "A, B" and "a b" make one slug; the second paper was silently dropped."""
    from generator.text import id_problem, normalise_space

    listing = tmp_path / "page.txt"
    listing.write_text("".join(f"{title}\n\nabstract {n}\n\n" for n, title in enumerate(titles)))
    papers = read_source(listing, dt.date(2025, 6, 3)).papers
    distinct = list(dict.fromkeys(normalise_space(title) for title in titles))
    assert [paper.title for paper in papers] == distinct
    assert len({paper.id for paper in papers}) == len(papers)
    assert all(id_problem(paper.id) is None for paper in papers)
