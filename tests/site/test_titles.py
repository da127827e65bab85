"""The title index the header's search box reads (site/titles.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json

from generator.archive.derive import build_archive
from generator.archive.model import Day, Listing
from generator.archive.tagging import KeywordTagger
from generator.site import titles as title_index
from generator.site.families import render_site
from generator.site.options import SiteOptions
from generator.site.renderer import Site
from generator.site.titles import BUCKETS, CHUNK, bucket_of, title_words

TITLES = ["Scaling Laws <b>&amp;</b> Sparse Mixtures", "Ünïcode Titles: scaling", "S4 is small"]


def test_every_title_word_is_found_where_search_js_looks() -> None:
    days = [
        Day(dt.date(2025, 3, 31), (Listing(id="2503.00001", title=TITLES[0]),)),
        Day(dt.date(2025, 4, 1), tuple(Listing(id=f"2504.0000{n}", title=t) for n, t in
                                        enumerate(TITLES[1:], start=1))),
    ]  # fmt: skip
    pages = render_site(build_archive(days, KeywordTagger([])), SiteOptions())
    for shard, titles in (("2025-q1", TITLES[:1]), ("2025-q2", TITLES[1:])):
        found: dict[tuple[int, int], str] = {}
        for bucket in BUCKETS:
            words = json.loads(pages[f"title-index/{shard}/{bucket}.json"])
            for word, differences in words.items():
                assert bucket_of(word) == bucket
                for posting in itertools.accumulate(differences):
                    found[divmod(posting, 32)] = word
        expected = {(n, at): w for n, t in enumerate(titles) for at, w in enumerate(title_words(t))}
        assert found == expected
        rows = json.loads(pages[f"title-index/{shard}/papers-0.json"])
        assert [row[1] for row in rows] == titles  # shown as text by search.js
        assert len(rows) <= CHUNK
    # Folded as search.js folds a query: "unicode" and "Ünïcode" both find it.
    assert title_words(TITLES[1]) == ["unicode", "titles", "scaling"]
    assert title_words("Schrödinger Łódź Straße ανάλυση") == [
        "schrodinger",
        "lodz",
        "strasse",
        "αναλυση",
    ]
    assert bucket_of("αναλυση") == "_" and bucket_of("s4") == "s0" and bucket_of("sparse") == "s2"
    assert bucket_of("scaling") == "s0" and bucket_of("small") == "s1" and bucket_of("zeta") == "z"


def shard_day(day: int, *titles: str) -> Day:
    papers = tuple(Listing(id=f"2505.{day:02d}{n:03d}", title=t) for n, t in enumerate(titles))
    return Day(dt.date(2025, 5, day), papers)


def title_files(days: list[Day], carried: dict[str, object]) -> tuple[dict[str, str], object]:
    """The title index's files, and what the build carries to the next."""
    site = Site(build_archive(days, KeywordTagger([])), SiteOptions(), carried=carried)
    files = {job.path: site.render(job) for job in title_index.jobs(site)}
    return files, site.carry[title_index.NUMBERED]


def test_the_newest_shard_carried_to_the_next_build_gives_the_index_from_nothing() -> None:
    days = [shard_day(1, "Sparse scaling laws", "Agents that plan"), shard_day(2, "Plan fast")]
    new = shard_day(5, "Scaling agents", "Zebra plans")
    _, carried = title_files(days, {})
    assert isinstance(carried, title_index.Numbered) and carried.count == 3
    expected, again = title_files([*days, new], {})
    assert title_files([*days, new], {title_index.NUMBERED: carried}) == (expected, again)
    # What is carried is used as it is (an odd word shows it), but only for the same papers
    # in the same order: an edited earlier day, or fewer papers, start from nothing.
    odd_bucket = {**carried.members, bucket_of("odd"): {"odd": ('"odd":[0]', 0)}}
    odd = dataclasses.replace(carried, members=odd_bucket)
    assert (
        '"odd"'
        in title_files([*days, new], {title_index.NUMBERED: odd})[0][
            f"title-index/2025-q2/{bucket_of('odd')}.json"
        ]
    )
    edited = [shard_day(1, "Sparse scaling laws", "Agents that act"), days[1], new]
    assert title_files(edited, {title_index.NUMBERED: odd}) == title_files(edited, {})
    assert title_files(days[:1], {title_index.NUMBERED: odd}) == title_files(days[:1], {})
    assert title_files(days, {title_index.NUMBERED: "not postings"}) == title_files(days, {})


def test_a_words_file_carried_over_several_days_is_printed_as_from_nothing() -> None:
    """Members grow by appending postings (a word repeated past the capped position, a word
    that sorts before the carried ones, non-ASCII words); each day's files and what is carried
    equal those of a build from nothing."""
    long_title = " ".join(["plan"] * 40)
    days = [
        shard_day(1, "Sparse scaling laws", long_title),
        shard_day(2, "Ünïcode plans: scaling"),
        shard_day(5, "Saber scaling", long_title, "Ünïcode"),
        shard_day(6, "Zebra plan plan", "Sparse"),
    ]
    carried: dict[str, object] = {}
    for end in range(1, len(days) + 1):
        files, carry = title_files(days[:end], carried)
        assert (files, carry) == title_files(days[:end], {})
        carried = {title_index.NUMBERED: carry}
    words = json.loads(files[f"title-index/2025-q2/{bucket_of('plan')}.json"])
    sorts_first = json.loads(files[f"title-index/2025-q2/{bucket_of('saber')}.json"])
    assert list(sorts_first) == ["saber", "scaling"]
    postings = list(itertools.accumulate(words["plan"]))
    assert postings[:3] == [1 * 32, 1 * 32 + 1, 1 * 32 + 2] and postings.count(1 * 32 + 31) == 9
