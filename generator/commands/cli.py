"""The command line: `python -m generator COMMAND`. Thin: parse, call the pipeline, report."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path

from generator.commands.parsing import (
    Command,
    Commands,
    command,
    content_option,
    content_with_days,
    existing_content,
)
from generator.commands.tags_command import tags_options
from generator.errors import ArchiveError, ProblemsError
from generator.text import arxiv_id_in, printable


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {value!r}") from None


def _import(args: argparse.Namespace) -> int:
    from generator.content.importer import import_listings

    report = import_listings(args.content, args.files, args.date)
    merged = report.merged
    print(
        f"imported {len(args.files)} file(s): {len(report.days_written)} day file(s) written; "
        f"papers {merged.new} new, {merged.updated} updated, {merged.unchanged} unchanged"
    )
    return 0


def _import_options(commands: Commands) -> None:
    importing = command(commands, "import", _import, "store day listings (page text or API JSON)")
    importing.add_argument("files", nargs="+", type=Path, metavar="FILE")
    content_option(importing)
    importing.add_argument("--date", type=_date, help="the listing's day (supplies the year)")


def _fetch(args: argparse.Namespace) -> int:
    from generator.content.client import Limits
    from generator.content.fetch import FetchOptions, dates_to_fetch, fetch

    today = dt.datetime.now(dt.UTC).date()
    dates = dates_to_fetch(today, args.date, args.since, args.days)
    # The Hub allows more requests with a token; it is sent, never printed nor written.
    limits = Limits(run_seconds=args.deadline, token=os.environ.get("HF_TOKEN") or None)
    options = FetchOptions(base_url=args.base_url, limits=limits)
    # A line a day as it arrives: a backfill of months, or a day retried for half a minute,
    # would otherwise be silent until the end.
    report = fetch(args.content, dates, options, today, lambda line: print(line, file=sys.stderr))
    print(report.summary())
    return 0


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"not a whole number of 1 or more: {value!r}")
    return number


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds < 86400:
        raise argparse.ArgumentTypeError(f"not a number of seconds under a day: {value!r}")
    return seconds


def _fetch_options(commands: Commands) -> None:
    fetching = command(commands, "fetch", _fetch, "fetch recent days from the Daily Papers API")
    content_option(fetching)
    when = fetching.add_mutually_exclusive_group()
    when.add_argument("--date", type=_date, help="fetch this one day")
    when.add_argument("--since", type=_date, help="fetch every day from this one to today")
    when.add_argument("--days", type=_positive, help="fetch the last N days (default 14)")
    fetching.add_argument(
        "--deadline",
        type=_seconds,
        default=15 * 60.0,
        help="stop fetching after this many seconds, saving what arrived (default 900)",
    )
    fetching.add_argument(
        "--base-url",
        default=os.environ.get("ARCHIVE_FETCH_URL", "https://huggingface.co"),
        help="the API's address (default: $ARCHIVE_FETCH_URL or https://huggingface.co)",
    )


def _fix(args: argparse.Namespace) -> int:
    from generator.commands.fixes import FixRequest, fix_paper

    exact = None if args.exact is None else tuple(args.exact)
    request = FixRequest(tuple(args.add), tuple(args.remove), exact, args.clear)
    if not (request.slugs() or request.clear or exact is not None):
        print("nothing to do: give --add, --remove, --exact or --clear", file=sys.stderr)
        return 2
    if (exact is not None or args.clear) and (args.add or args.remove):
        print("--exact and --clear replace the whole fix: give them alone", file=sys.stderr)
        return 2
    paper = arxiv_id_in(args.paper) or args.paper  # "arXiv:2505.24864", an arXiv or HF link
    print(fix_paper(args.content, paper, request).summary(args.content))
    return 0


def _fix_options(commands: Commands) -> None:
    fixing = command(commands, "fix", _fix, "change a paper's tag fix in its day file")
    fixing.add_argument(
        "paper", metavar="PAPER_ID", help="the paper's id, as on its page (2505.24864), or its link"
    )
    content_option(fixing)
    fixing.add_argument("--add", nargs="+", default=[], metavar="TAG", help="tags to add")
    fixing.add_argument("--remove", nargs="+", default=[], metavar="TAG", help="tags to remove")
    how = fixing.add_mutually_exclusive_group()
    how.add_argument("--exact", nargs="*", metavar="TAG", help="these tags and no others")
    how.add_argument("--clear", action="store_true", help="drop the fix (automatic tags again)")


def _check(args: argparse.Namespace) -> int:
    from generator.archive.check import check_content, kept_problems
    from generator.content.store import day_files, read_days

    existing_content(args.content)
    only = None if args.idle_fixes_in is None else frozenset(args.idle_fixes_in)
    days = {path.resolve() for path in day_files(args.content)} if only else set()
    strays = [path for path in only or () if path.resolve() not in days]
    if strays:  # a path that names no day file would quietly hold nothing to the rule
        raise ArchiveError(f"not a day file of {args.content}: {', '.join(map(str, strays))}")
    checked = check_content(args.content, idle_fixes=not args.allow_idle_fixes, idle_in=only)
    problems = checked.problems
    if args.only_tags_changed_from is not None:
        base, base_problems = read_days(content_with_days(args.only_tags_changed_from))
        unread = checked.unread | {problem.path for problem in base_problems}
        problems = sorted(problems + kept_problems(args.content, checked.days, base, unread))
    for problem in problems:
        print(problem.as_github_annotation() if args.github else problem)
    if problems:
        print(f"{len(problems)} problem(s) in {args.content}", file=sys.stderr)
        return 1
    print(f"{args.content}: no problems")
    return 0


def _check_options(commands: Commands) -> None:
    check = command(commands, "check", _check, "validate all content; report every problem")
    content_option(check)
    check.add_argument("--github", action="store_true", help="print GitHub Actions annotations")
    # A refetch can make a person's fix idle (the rules now give what it asked): pull requests
    # report that; the scheduled publish must not hold new days back for it.
    check.add_argument(
        "--allow-idle-fixes", action="store_true", help="do not report fixes that change nothing"
    )
    # A pull request answers for the fixes in the day files it changes, not for fixes on the
    # base branch that a rule change has made idle since.
    check.add_argument(
        "--idle-fixes-in",
        nargs="*",
        type=Path,
        metavar="DAY_FILE",
        help="report fixes that change nothing only in these day files",
    )
    # A pull request that fixes tags changes nothing else: a deleted entry or a typo in a title
    # passes every other check.
    check.add_argument(
        "--only-tags-changed-from",
        type=Path,
        metavar="BASE_CONTENT",
        help="report each paper or day file added or removed since this content folder, and"
        " each paper changed besides its tags",
    )


def _pages(args: argparse.Namespace) -> int:
    import json

    from generator.build.generate import generate
    from generator.mkdocs.plugin import site_options

    # The same options as `mkdocs build`, so both agree on every page's bytes.
    options = site_options(args.config, args.content)
    started = time.perf_counter()
    generated = generate(args.content, args.pages, options)
    seconds = round(time.perf_counter() - started, 3)
    report = generated.report
    summary = {
        "written": len(report.written), "unchanged": report.unchanged,
        "removed": len(report.removed), "seconds": seconds, "phases": generated.phases,
    }  # fmt: skip
    print(json.dumps(summary))
    return 0


def _pages_options(commands: Commands) -> None:
    pages = command(commands, "pages", _pages, "generate the Markdown pages only (no MkDocs)")
    content_option(pages)
    pages.add_argument("--pages", type=Path, default=Path(".cache/pages"))
    pages.add_argument("--config", type=Path, default=Path("mkdocs.yml"))


def _bench(args: argparse.Namespace) -> int:
    if args.what in ("import", "check", "idle-fixes"):
        from generator.bench.inputs import report_inputs

        print(report_inputs(args.what, args.sizes or [8, 16, 32, 50], args.work))
        return 0
    if args.what == "build":
        from generator.bench.build import WITHOUT, bench_build, report

        if args.without:  # read by every build the benchmark runs (mkdocs.plugin)
            os.environ[WITHOUT] = " ".join(args.without)
            print(f"page families left out: {' '.join(args.without)}", flush=True)
        results = []
        for papers in args.papers:
            results.append(bench_build(papers, args.work / f"{papers}", not args.no_reference))
            print(report(results), flush=True)
        return 0
    if args.what == "tags":
        from generator.bench.tags import bench_tags

        print(bench_tags(args.papers[-1]).report())
        return 0
    from generator.bench.search import bench_search, report_search

    found = bench_search(args.papers[-1], args.work, args.reference_papers, args.content)
    print(report_search(found))
    return 0


def _bench_options(commands: Commands) -> None:
    bench = command(commands, "bench", _bench, "benchmarks on synthetic archives")
    bench.add_argument("what", choices=("build", "search", "tags", "import", "check", "idle-fixes"))
    bench.add_argument(
        "--sizes",
        type=float,
        nargs="+",
        help="import: answers' megabytes; check: unknown tags; idle-fixes: idle fixes in a day",
    )
    bench.add_argument("--papers", type=int, nargs="+", default=[1000])
    bench.add_argument("--work", type=Path, default=Path("bench"))
    bench.add_argument("--no-reference", action="store_true", help="skip the reference build")
    bench.add_argument(
        "--without", nargs="+", default=[], metavar="FAMILY",
        help="build: leave these page families out (site/families.py: top, titles, tag_top)",
    )  # fmt: skip
    bench.add_argument(
        "--reference-papers", type=int, default=20000, help="Material's search measured at"
    )
    bench.add_argument(
        "--content", type=Path, help="search: measure this content folder, not a synthetic one"
    )


def _site(args: argparse.Namespace) -> int:
    from generator.mkdocs.plugin import build_site

    pages = args.pages or args.out.with_name(args.out.name + "-pages")
    build_site(args.config, args.content, args.out, pages, strict=args.strict)
    print(f"site built in {args.out}")
    return 0


def _site_options(commands: Commands) -> None:
    site = command(commands, "site", _site, "build the whole site from a content folder")
    content_option(site)
    site.add_argument("--out", type=Path, default=Path("site"))
    site.add_argument("--pages", type=Path, help="where generated Markdown goes (OUT-pages)")
    site.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    site.add_argument("--strict", action="store_true", help="fail on MkDocs warnings")


def _size(args: argparse.Namespace) -> int:
    from generator.build.site_size import check_site_size, describe_size, measure_site

    size = measure_site(args.site)
    warning = check_site_size(size)  # raises (exit 1) over the limit
    if warning:
        print(f"::warning::{warning}" if args.github else f"warning: {warning}")
    else:
        print(f"{describe_size(size)}; largest: {size.largest()}")
    return 0


def _size_options(commands: Commands) -> None:
    size = command(commands, "size", _size, "the built site's size; exit 1 if Pages refuses it")
    size.add_argument("site", type=Path, nargs="?", default=Path("site"))
    size.add_argument("--github", action="store_true", help="warn as a GitHub Actions annotation")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    parser.add_argument("--traceback", action="store_true", help="show tracebacks of errors")
    commands = parser.add_subparsers(dest="command", required=True)
    for add_options in (
        _import_options, _fetch_options, tags_options, _fix_options, _check_options,
        _pages_options, _bench_options, _site_options, _size_options,
    ):  # fmt: skip
        add_options(commands)
    return parser


def _safe(message: str) -> str:
    """A message's lines printable, none starting a workflow command: a file name or a source's
    text inside it may hold a newline followed by `::error ...`."""
    lines = [printable(line) for line in message.split("\n")]
    return "\n".join(f"error: {line}" if line.lstrip().startswith("::") else line for line in lines)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    run: Command = args.run
    try:
        return run(args)
    except BrokenPipeError:
        try:
            sys.stdout.flush()
        except BrokenPipeError:  # output piped into `head`, which has read enough: quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no error at exit
            return 1
        raise  # another pipe or socket: a real error
    except KeyboardInterrupt:
        # Content files are written whole (a temporary file renamed): running the command
        # again finishes its work. MkDocs writes a site's pages in place, after emptying it.
        print(
            f"interrupted: '{args.command}' stopped; the content files it wrote are whole"
            " (a site it was building may be incomplete: build it again)",
            file=sys.stderr,
        )
        return 130
    except ArchiveError as error:
        if args.traceback or os.environ.get("ARCHIVE_TRACEBACK"):
            traceback.print_exc()
        shown = _safe(str(error) if isinstance(error, ProblemsError) else f"error: {error}")
        print(shown, file=sys.stderr)
        return 1
