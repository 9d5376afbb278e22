"""Chinese line breaking in the PDFs: no line starts with closing punctuation, none ends
with an opening bracket (``inspect_app/pdf/linebreak.py``), in both of reportlab's CJK
splitters (one fragment, several fragments)."""

from __future__ import annotations

import re
from importlib.metadata import version

import pytest
from reportlab.lib import textsplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, paragraph

from inspect_app.config import PROJECT_ROOT
from inspect_app.pdf import linebreak
from inspect_app.pdf.styles import styles


def line_texts(para: Paragraph) -> list[str]:
    lines = para.blPara.lines
    if para.blPara.kind == 0:
        return ["".join(words) for _extra, words in lines]
    return ["".join(w.text for w in line.words) for line in lines]


def wrapped(text: str, chars: int, markup: bool) -> list[str]:
    style = styles().cell
    width = stringWidth("甲" * chars, style.fontName, style.fontSize)
    if markup:  # two fragments: reportlab's other splitter
        text = f'<font color="#000000">{text[:2]}</font>{text[2:]}'
    para = Paragraph(text, style)
    para.wrap(width, 10_000)
    lines = line_texts(para)
    for line in lines:  # nothing hangs past the width
        assert stringWidth(line, style.fontName, style.fontSize) <= width + 0.01, line
    return lines


def test_reportlab_is_pinned_and_its_internals_are_where_the_rule_expects():
    pyproject = (PROJECT_ROOT / "pyproject.toml").read_text("utf-8")
    (pinned,) = re.findall(r'"reportlab==([0-9.]+)"', pyproject)
    assert version("reportlab") == pinned
    assert callable(paragraph.cjkFragSplit) and callable(paragraph.wordSplit)
    assert isinstance(paragraph.ALL_CANNOT_START, str)
    assert isinstance(textsplit.ALL_CANNOT_START, str)


def test_installed_at_start_up_in_both_copies_of_the_table(app):
    for table in (paragraph.ALL_CANNOT_START, textsplit.ALL_CANNOT_START):
        for mark in "，》；：":
            assert mark in table, mark
    linebreak.install()  # idempotent: the table does not grow
    assert paragraph.ALL_CANNOT_START.count("，") == 1


@pytest.mark.parametrize("markup", [False, True], ids=["one-fragment", "fragments"])
@pytest.mark.parametrize("mark", list("，》；：。、）"))
def test_closing_punctuation_never_starts_a_line(app, mark, markup):
    lines = wrapped("甲" * 8 + mark + "乙" * 12, 8, markup)
    assert len(lines) > 1
    assert not [line for line in lines if line and line[0] in linebreak.CANNOT_START], lines
    assert lines[1].startswith("甲" + mark)  # pushed down with the character before it


@pytest.mark.parametrize("markup", [False, True], ids=["one-fragment", "fragments"])
@pytest.mark.parametrize("bracket", list("（《“【"))
def test_an_opening_bracket_never_ends_a_line(app, bracket, markup):
    lines = wrapped("甲" * 7 + bracket + "乙" * 12, 8, markup)
    assert len(lines) > 1
    assert not [line for line in lines[:-1] if line[-1] in linebreak.CANNOT_END], lines
    assert lines[1].startswith(bracket)


def test_a_bracket_after_a_bracket_moves_down_with_it(app):
    lines = wrapped("甲" * 6 + "《（" + "乙" * 12, 8, False)
    assert not [line for line in lines[:-1] if line[-1] in linebreak.CANNOT_END], lines
    assert "".join(lines) == "甲" * 6 + "《（" + "乙" * 12  # nothing lost


def test_a_long_run_of_brackets_still_ends(app):
    lines = wrapped("《" * 30, 8, False)
    assert "".join(lines) == "《" * 30
