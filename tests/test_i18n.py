"""The message catalogue: one key per message, each section inside its own prefix, and
punctuation that follows the language."""

from __future__ import annotations

import pytest

from chananalysis.i18n import (
    LANGS,
    LIST_LIMIT,
    aside,
    catalogue,
    join_clauses,
    join_sentences,
    labelled,
    listing,
    load_section_messages,
    t,
)


def test_every_message_has_both_languages():
    assert all(set(texts) == set(LANGS) for texts in catalogue().values())


def test_each_report_section_declares_its_own_prefix():
    from chananalysis.i18n import _sections

    declared = _sections()[1]  # the _prefix of each messages.yaml
    assert declared["00_overview"] == "ov"
    assert declared["02_channel_scoring"] == "cs"
    assert declared["03_dealer_evaluation"] == "de"
    # a section's own table headers are found under its prefix
    assert t("cs_col_W", "en") == "Sales capability W"
    assert t("de_col_stars", "zh") == "星级"


def _write(folder, name, text):
    (folder / name).mkdir()
    (folder / name / "messages.yaml").write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("files", "match"),
    [
        pytest.param(
            {"a": "_section: 07_x\n_prefix: xx\nyy_title: {zh: 甲, en: A}\n"},
            "yy_title must start with xx_",
            id="key-outside-the-prefix",
        ),
        pytest.param(
            {
                "a": "_section: 07_x\n_prefix: xx\nxx_t: {zh: 甲, en: A}\n",
                "b": "_section: 08_y\n_prefix: xx\nxx_u: {zh: 乙, en: B}\n",
            },
            "prefix xx is taken",
            id="two-sections-one-prefix",
        ),
        pytest.param(
            {"a": "xx_t: {zh: 甲, en: A}\n"}, "declare _section and _prefix", id="no-prefix"
        ),
        pytest.param(
            {"a": "_section: 07_x\n_prefix: xx\nxx_t: {zh: 甲}\n"},
            "needs exactly zh and en",
            id="one-language-only",
        ),
        pytest.param(
            {"a": "_section: 07_x\n_prefix: xx\nblank: {zh: 甲, en: A}\n"},
            "must start with xx_",
            id="core-key-redefined",
        ),
    ],
)
def test_section_catalogues_cannot_collide(tmp_path, files, match):
    for name, text in files.items():
        _write(tmp_path, name, text)
    with pytest.raises(ValueError, match=match):
        load_section_messages(tmp_path)


def test_a_section_title_needs_no_prefix(tmp_path):
    _write(tmp_path, "a", "_section: 07_x\n_prefix: xx\nsec_07_x: {zh: 甲, en: A}\n")
    messages, prefixes = load_section_messages(tmp_path)
    assert messages == {"sec_07_x": {"zh": "甲", "en": "A"}} and prefixes == {"07_x": "xx"}


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", ("甲；乙", "甲。乙。", "渠道（新）", "原因：投诉")),
        ("en", ("A; B", "A. B.", "channel (new)", "Reason: complaints")),
    ],
)
def test_punctuation_comes_from_the_catalogue(lang, expected):
    words = {
        "zh": ("甲", "乙", "甲。", "乙。", "渠道", "新", "原因", "投诉"),
        "en": ("A", "B", "A.", "B.", "channel", "new", "Reason", "complaints"),
    }[lang]
    got = (
        join_clauses(words[:2], lang),
        join_sentences(words[2:4], lang),
        aside(words[4], words[5], lang),
        labelled(words[6], words[7], lang),
    )
    assert got == expected


@pytest.mark.parametrize(
    ("items", "lang", "limit", "expected"),
    [
        pytest.param(["A", "B"], "zh", 2, "A、B", id="all-shown-zh"),
        pytest.param(["A", "B"], "en", 2, "A, B", id="all-shown-en"),
        pytest.param(["A", "B", "C"], "en", 2, "A, B, C", id="one-more-is-named"),
        pytest.param(["A", "B", "C", "D", "E"], "zh", 2, "A、B等 3 项（共 5 项）", id="more-zh"),
        pytest.param(
            ["A", "B", "C", "D", "E"], "en", 2, "A, B and 3 more (5 in all)", id="more-en"
        ),
        pytest.param([], "zh", 2, "无", id="none-zh"),
        pytest.param([], "en", 2, "none", id="none-en"),
    ],
)
def test_a_list_says_how_many_it_leaves_out(items, lang, limit, expected):
    assert listing(items, lang, limit=limit) == expected


def test_one_default_limit_for_every_list():
    items = [str(i) for i in range(LIST_LIMIT + 2)]
    assert listing(items, "en").endswith(f"and 2 more ({LIST_LIMIT + 2} in all)")
    # one more than the limit is named, not counted
    assert listing(items[:-1], "en") == ", ".join(items[:-1])
