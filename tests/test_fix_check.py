"""`check` on tag fixes that cannot do what their author meant: each reported with file:line."""

from __future__ import annotations

from pathlib import Path

from tests.test_validate import content_with, messages

HEAD = "date: 2025-06-02\npapers:\n- id: '1'\n  title: A quantized model\n"


def test_a_fix_that_changes_nothing_is_reported_where_it_is(tmp_path: Path) -> None:
    day = HEAD + "  tags:\n    add: [quantization]\n    remove: [kv-cache]\n"
    assert messages(content_with(tmp_path, day)) == [
        "2025-06-02.yml:6: the rules already give 'quantization': adding it changes nothing",
        "2025-06-02.yml:7: the rules do not give 'kv-cache': removing it changes nothing",
    ]


def test_a_tag_both_added_and_removed_is_reported(tmp_path: Path) -> None:
    day = HEAD + "  tags:\n    add: [kv-cache]\n    remove: [kv-cache]\n"
    assert messages(content_with(tmp_path, day)) == [
        "2025-06-02.yml:6: tag 'kv-cache' is both added and removed",
    ]


def test_an_empty_tags_key_is_reported(tmp_path: Path) -> None:
    for empty in ("  tags:\n", "  tags: {}\n"):
        assert messages(content_with(tmp_path / empty.strip(), HEAD + empty)) == [
            "2025-06-02.yml:5: empty 'tags:': give 'add:' or 'remove:' lists, or delete the key",
        ]


def test_an_exact_list_equal_to_the_rules_is_reported(tmp_path: Path) -> None:
    assert messages(content_with(tmp_path, HEAD + "  tags: [quantization]\n")) == [
        "2025-06-02.yml:5: this fix lists exactly the tags the rules give: it changes nothing",
    ]


def test_fixes_that_change_something_pass(tmp_path: Path) -> None:
    day = HEAD + "  tags:\n    add: [kv-cache]\n    remove: [quantization]\n"
    assert messages(content_with(tmp_path, day)) == []
    assert messages(content_with(tmp_path / "exact", HEAD + "  tags: [kv-cache]\n")) == []
