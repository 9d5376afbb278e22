"""Hostile text found by the second attack round (issue 20): formula and DDE payloads,
payloads behind a leading space, line break or invisible character, full-width formula
signs, control and bidi characters. Used by the export, text and corpus tests."""

from __future__ import annotations

FORMULAS = [
    '=HYPERLINK("http://x","y")',
    "@SUM(1)",
    "+1+1",
    "-2+3",
    "=cmd|' /C calc'!A0",
    '=DDE("cmd";"/C calc";"x")',
    '+cmd|"/c calc"!A1',
    "\t=1+1",
    "\r=1+1",
    " =1+1",
    "\n=1+1",
    "\u200b=1+1",
    "\u200e@SUM(1)",
    "\ufeff=1+1",
    "＝1+1",
    "＋1+1",
    "－2+3",
    "＠SUM(1)",
]
CONTROLS = ["\x01=1+1", "名\x07字", "a\x1bb", "\x0b-1", "\u202e福寿院", "x\u2066y\u2069"]
CORPUS = FORMULAS + CONTROLS
