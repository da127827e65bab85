"""`python -m generator tags`: statistics against the hand labels, a comparison with older
rules or content, and the explanation of one paper's tags."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from generator.commands.parsing import Commands, command, content_option, existing_content

if TYPE_CHECKING:
    from generator.archive.model import Archive
    from generator.archive.tagging import Tagger

_FLATTERED = (
    "the learned model was trained on these labels: its scores here flatter it;"
    " `tags --cross-validate` gives the honest ones"
)


def _default_labels() -> list[Path]:
    """The repository's hand labels (see CONTRIBUTING.md), wherever the command runs from."""
    from generator.archive.training import label_files

    return label_files()


def _tags(args: argparse.Namespace) -> int:
    from generator.archive.derive import load_archive_and_tagger
    from generator.commands.tagstats import (
        automatic_tags,
        fix_stats,
        format_fixes,
        format_half_years,
        format_labelled,
        format_stats,
        half_year_stats,
        hide_unlabelled,
        label_stats,
        tag_stats,
    )

    if args.cross_validate:
        return _cross_validate(args)
    archive, tagger = load_archive_and_tagger(existing_content(args.content))
    if args.explain is not None:
        from generator.commands.tagexplain import explain

        print(explain(archive, tagger, args.explain))
        return 0
    groups = _label_groups(args.labels)
    if args.compare:
        return _compare_tags(args, archive, tagger, groups)
    print(format_stats(tag_stats(archive.papers.values()), archive))
    print("\n" + format_half_years(half_year_stats(archive)))
    print("\n" + format_fixes(fix_stats(archive, tagger), verbose=args.verbose))
    automatic = hide_unlabelled(automatic_tags(archive, tagger, _labelled(groups)), _files(args))
    if _flattered(groups, tagger):
        print("\n" + _FLATTERED)
    for title, labels in groups:
        if not labels.keys() & archive.papers.keys():
            print(f"\n{title}: none of its papers is in this content")
            continue
        print(f"\n{title}:")
        print(format_labelled(label_stats(automatic, labels), verbose=args.verbose))
    return 0


def _cross_validate(args: argparse.Namespace) -> int:
    """The model scored on each label set after training on all the others."""
    from generator.archive.crossval import cross_validate, format_folds
    from generator.archive.tagging import RuleTagger
    from generator.archive.taxonomy import load_taxonomy
    from generator.archive.training import label_files, read_label_set, read_papers

    taxonomy = load_taxonomy(args.content)
    if taxonomy is None:
        print("no tags.yml: there are no rules to check")
        return 1
    sets = [read_label_set(path) for path in label_files()]
    folds = cross_validate(RuleTagger(taxonomy), read_papers(), sets)
    print("leave-one-label-set-out: precision/recall on each set, the model trained on the rest")
    print(format_folds(folds))
    return 0


def tags_options(commands: Commands) -> None:
    tags = command(commands, "tags", _tags, "tag coverage, counts, precision and recall")
    content_option(tags)
    what = tags.add_mutually_exclusive_group()  # one report a run: none is silently ignored
    what.add_argument("--stats", action="store_true", help="print the statistics (the default)")
    tags.add_argument(
        "--labels",
        type=Path,
        action="append",
        help="hand labels to score against (default: labels/tag-labels*.yml)",
    )
    tags.add_argument(
        "--verbose", action="store_true", help="list every labelled disagreement and fix"
    )
    what.add_argument(
        "--compare",
        type=Path,
        metavar="OLD",
        help="show how the tags differ from OLD: a content folder, or an older tags.yml",
    )
    what.add_argument(
        "--cross-validate",
        action="store_true",
        help="score the rules, the model as a veto, and the model that also adds, per label set",
    )
    what.add_argument(
        "--explain",
        metavar="PAPER_ID",
        help="print the rule and text behind each of a paper's tags and near misses",
    )


def _flattered(groups: list[tuple[str, dict[str, frozenset[str]]]], *taggers: Tagger) -> bool:
    """Whether a learned model among `taggers` learned from a paper of these labels: a set
    scored at first use (`--labels` on a file not yet in labels/) is not flattered, and is not
    to be called so. The repository's labels are read once, and only when a model is there."""
    from generator.archive.learned import ModelTagger

    if not any(isinstance(tagger, ModelTagger) for tagger in taggers):
        return False
    return bool(_labelled(groups) & _labelled(_label_groups(None)))


def _labelled(groups: list[tuple[str, dict[str, frozenset[str]]]]) -> set[str]:
    return {paper_id for _, labels in groups for paper_id in labels}


def _files(args: argparse.Namespace) -> list[Path]:
    """The label files to score against (default: labels/tag-labels*.yml)."""
    return list(args.labels or _default_labels())


def _label_groups(paths: list[Path] | None) -> list[tuple[str, dict[str, frozenset[str]]]]:
    """Hand labels to score against: each file, then all of them and the held-out ones pooled."""
    from generator.commands.tagstats import load_labels

    label_files = paths or _default_labels()
    labels = {path: load_labels(path) for path in label_files}
    groups = [(str(path), [path]) for path in label_files]
    if len(label_files) > 1:
        groups.append(("all label files together", label_files))
        # A set the rules were never tuned on is the honest estimate (see CONTRIBUTING.md).
        held_out = [path for path in label_files if "heldout" in path.name]
        if held_out:
            groups.append(("held-out label files together", held_out))
    return [
        (title, {paper: tags for path in group for paper, tags in labels[path].items()})
        for title, group in groups
    ]


def _compare_tags(
    args: argparse.Namespace,
    archive: Archive,
    tagger: Tagger,
    groups: list[tuple[str, dict[str, frozenset[str]]]],
) -> int:
    from generator.archive.learned import ModelTagger
    from generator.commands.tagcompare import (
        compare,
        earlier,
        fixed_papers,
        fixes_made_idle,
        format_changes,
        format_fixed,
        format_idle,
    )
    from generator.commands.tagstats import automatic_tags, hide_unlabelled, label_stats

    old, old_tagger = earlier(args.compare, archive)
    print(f"before: {args.compare}; after: {args.content}")
    models = [t.model.key for t in (old_tagger, tagger) if isinstance(t, ModelTagger)]
    if len(models) == 2 and models[0] != models[1]:
        print(
            "the learned model is trained anew for the new rules: tags the change does not"
            " name can move too"
        )
    fixed = fixed_papers(old, archive)
    if fixed:  # first: a fix's reviewer checks the paper and its tags before any table
        print(format_fixed(fixed) + "\n")
    print(format_changes(compare(old, archive), verbose=args.verbose))
    idle = fixes_made_idle(old, old_tagger, archive, tagger)
    if idle:
        print("\n" + format_idle(idle))
    groups = [(title, labels) for title, labels in groups if labels.keys() & archive.papers.keys()]
    if groups:  # those with a paper in this content: nothing to score in the others
        print("\nagreement with the hand labels, before -> after:")
        if _flattered(groups, old_tagger, tagger):
            print(_FLATTERED)
    labelled = _labelled(groups)
    old_found = hide_unlabelled(automatic_tags(old, old_tagger, labelled), _files(args))
    new_found = hide_unlabelled(automatic_tags(archive, tagger, labelled), _files(args))
    for title, labels in groups:
        before = label_stats(old_found, labels).overall
        after = label_stats(new_found, labels).overall
        print(
            f"{title}: precision {before.precision:.3f} -> {after.precision:.3f}, "
            f"recall {before.recall:.3f} -> {after.recall:.3f}"
        )
    return 0
