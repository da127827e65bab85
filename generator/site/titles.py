"""The title index: what lets the header's search box find any paper by its title, however old,
in a fraction of a second (search.js).

Pagefind's bundles answer a query over the whole archive in over a second at 50,000 papers, and
a bundle of titles alone took 20 s to index per 12,500 papers. This index is plain JSON, split
so that a query fetches little: for each search shard (a quarter, by the paper's first day), one
file per bucket of title words, `{word: [posting, ...]}` (a bucket is the first letter, and for
the letters most English words start with, a range of the second too), and the papers
themselves in chunks of CHUNK. A posting is `number * 32 + position`: the paper's number in its
shard (by first day, then id: a new day only appends) and where the word stands in its title
(capped at 31), so that a title that starts with the query's words can be ranked first.
Postings are sorted and stored as differences, which keeps the numbers short.

A shard's files depend only on its papers: a new day rewrites its own quarter's files, and a
build lists the files of no other shard (a PageGroup each).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from generator.archive.model import Day, Paper
from generator.site import search, urls
from generator.site.pages import DATA, PageGroup, PageJob
from generator.site.renderer import Site
from generator.text import excerpt, fold

TITLE_INDEX = "title-index"
CHUNK = 25
LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789_"  # "_": every other first character
# Letters that start many words get a file per range of the second character (before "h",
# "o", "t", the rest), so that a word costs a quarter of their size to look up.
SPLIT = "abcdefilmprst"
SECOND = "hot"
_WORD = re.compile(r"[^\W_]+")  # letters and digits, as search.js splits (\p{L}\p{N})
_POSITIONS = 32
# Characters of the abstract: about the 26 words search.js shows (more only weighed on every
# query's download and on the site: the rows are four fifths of the index).
SNIPPET = 170
NUMBERED = "title postings"  # its key in Site.carried


def title_words(title: str) -> list[str]:
    return _WORD.findall(fold(title))


def bucket_of(word: str) -> str:
    """The file a word is kept in (search.js works it out the same way)."""
    first = word[0] if word[0] in LETTERS else "_"
    if first not in SPLIT:
        return first
    second = word[1] if len(word) > 1 else ""
    return first + str(sum(second >= bound for bound in SECOND))


BUCKETS = tuple(
    bucket
    for letter in LETTERS
    for bucket in (
        [f"{letter}{n}" for n in range(len(SECOND) + 1)] if letter in SPLIT else [letter]
    )
)


def words_file(shard: str, bucket: str) -> str:
    return f"{TITLE_INDEX}/{shard}/{bucket}.json"


def papers_file(shard: str, chunk: int) -> str:
    return f"{TITLE_INDEX}/{shard}/papers-{chunk}.json"


def shard_days(site: Site) -> dict[str, tuple[Day, ...]]:
    """Each shard's days with papers, oldest first."""
    found: dict[str, list[Day]] = defaultdict(list)
    for day in site.index.days:
        found[search.shard_of(day.date)].append(day)
    return {shard: tuple(days) for shard, days in found.items()}


def shard_papers(site: Site, days: tuple[Day, ...]) -> list[Paper]:
    """The papers first listed on a shard's days, by first day then id (their numbers)."""
    found, papers = [], site.archive.papers
    for day in days:
        for paper_id in sorted(set(day.paper_ids)):
            paper = papers[paper_id]
            if paper.days[0] == day.date:
                found.append(paper)
    return found


def groups(site: Site) -> Iterator[PageGroup]:
    """A group of files a shard: its key is its days' papers' versions (those of a paper
    listed again in another shard included, which covers its last day and first shard)."""
    shards = shard_days(site)
    newest = next(reversed(shards), "")
    for shard, days in shards.items():
        key = (site.days_version(days),)  # the days' dates and papers
        make = partial(_shard_jobs, site, shard, days, shard == newest)
        yield PageGroup(f"{TITLE_INDEX}/{shard}", key, make)


def jobs(site: Site) -> Iterator[PageJob]:
    for group in groups(site):
        yield from group.jobs()


# A shard's words files as their members: {bucket: {word: (member, last posting)}}, words in
# order, a member being the word's `"word":[differences]` as the file prints it.
Members = dict[str, dict[str, tuple[str, int]]]


@dataclass(frozen=True)
class Numbered:
    """The newest shard's words files as members and each file's key (a hash of its text),
    carried to the next build (Site.carried): a new day only appends papers to the shard, so
    only their titles are read, and only the members of their words printed again (reading the
    others' titles unpacked their days' stored listings, and printing every posting of the
    files a new day touches, about all 63, took 0.02 s of a new day at 50,000 papers)."""

    shard: str
    versions: bytes  # a hash of the numbered papers' versions, in order
    count: int
    members: Members
    keys: dict[str, bytes]


def _shard_jobs(site: Site, shard: str, days: tuple[Day, ...], newest: bool) -> list[PageJob]:
    papers = shard_papers(site, days)
    if not papers:
        return []
    carried = _carried(site, shard, papers) if newest else None
    numbered, texts = _numbered(site, shard, papers, carried)
    if newest:
        site.carry[NUMBERED] = numbered
    # A words file is keyed by its own text: a new day changes only the files of its words.
    # The texts just printed are handed to the jobs (printing them again cost as much).
    found = [
        _json_job(
            words_file(shard, bucket),
            (numbered.keys[bucket],),
            partial(str, texts[bucket])
            if bucket in texts
            else partial(_words_text, numbered.members.get(bucket, {})),
        )
        for bucket in BUCKETS
    ]
    for chunk in range(0, len(papers), CHUNK):
        part = papers[chunk : chunk + CHUNK]
        found.append(
            _json_job(
                papers_file(shard, chunk // CHUNK),
                (site.versions_of(part),),
                partial(_rows_text, site, part),
            )
        )
    return found


def _carried(site: Site, shard: str, papers: list[Paper]) -> Numbered | None:
    """What the last build carried of this shard, if its papers are the first of these (same
    versions, same order)."""
    carried = site.carried.get(NUMBERED)
    if (
        isinstance(carried, Numbered)
        and carried.shard == shard
        and carried.count <= len(papers)
        and _versions_hash(site, papers[: carried.count]) == carried.versions
    ):
        return carried
    return None


def _numbered(
    site: Site, shard: str, papers: list[Paper], carried: Numbered | None
) -> tuple[Numbered, dict[str, str]]:
    """The shard's members and files' keys (the carried ones with the papers after them), and
    the text of each file worked out again."""
    start = carried.count if carried else 0
    members: Members = dict(carried.members) if carried else {}
    keys = dict(carried.keys) if carried else {}
    # The buckets changed, each copied before changing: the carried value stays as it was.
    touched: Members = {} if carried else {bucket: {} for bucket in BUCKETS}
    for word, numbers in _postings(papers[start:], start).items():
        bucket = bucket_of(word)
        if bucket not in touched:
            touched[bucket] = dict(members.get(bucket, {}))
        words = touched[bucket]
        words[word] = _member(word, words.get(word), numbers)
    texts = {}
    for bucket, words in touched.items():
        members[bucket] = dict(sorted(words.items()))
        texts[bucket] = _words_text(members[bucket])
        keys[bucket] = hashlib.blake2b(texts[bucket].encode(), digest_size=16).digest()
    return Numbered(shard, _versions_hash(site, papers), len(papers), members, keys), texts


def _member(word: str, before: tuple[str, int] | None, numbers: list[int]) -> tuple[str, int]:
    """A word's member with its new postings (after any it had), and its last posting."""
    if before is None:
        return f"{_json(word)}:{_json(_differences(numbers))}", numbers[-1]
    member, last = before
    more = ",".join(map(str, _differences([last, *numbers])[1:]))
    return f"{member[:-1]},{more}]", numbers[-1]


def _words_text(words: dict[str, tuple[str, int]]) -> str:
    """A words file: `{word: [differences], ...}` as JSON, the words in order."""
    return "{" + ",".join([member for member, _ in words.values()]) + "}"


def _versions_hash(site: Site, papers: list[Paper]) -> bytes:
    return hashlib.blake2b(site.versions_of(papers), digest_size=16).digest()


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _json_job(path: str, key: tuple[object, ...], text: Callable[[], str]) -> PageJob:
    return PageJob(path, DATA, path, key=key, context=dict, text=text)


def _postings(papers: list[Paper], start: int = 0) -> dict[str, list[int]]:
    """Every title word of the papers (numbered from `start`), with its postings in order."""
    found: dict[str, list[int]] = defaultdict(list)
    for number, paper in enumerate(papers, start):
        for position, word in enumerate(title_words(paper.listing.title)):
            found[word].append(number * _POSITIONS + min(position, _POSITIONS - 1))
    return found


def _differences(values: list[int]) -> list[int]:
    return [values[0]] + [b - a for a, b in itertools.pairwise(values)]


def _rows_text(site: Site, papers: list[Paper]) -> str:
    return _json(_rows(site, papers))


def _rows(site: Site, papers: list[Paper]) -> list[list[object]]:
    """What the search box shows of each paper: its URL (from the site root), title, last
    day, upvotes (or null) and the start of its abstract, for the snippet."""
    return [
        [
            urls.url_of(urls.paper_page(paper.id)),
            paper.listing.title,
            paper.last_day.isoformat(),
            paper.listing.upvotes,
            excerpt(paper.listing.abstract, SNIPPET),
        ]
        for paper in papers
    ]
