"""What of an item's legal basis a served document may print.

An item's ``basis`` is free text: citations separated by 「；」, some still marked as
not confirmed (待确认, 待核, 本地实践). A served document (the rectification notice is an
administrative act) never prints such a mark, nor a clause number that nobody has
confirmed: a citation so marked prints the titles it names only (「GB 50028《城镇燃气设计
规范》」 for 「GB 50028《城镇燃气设计规范》（条款待确认）」), and one that names no title
(「地方燃气安全管理规定（本地实践）」) prints nothing. The 2023 major-hazard criteria
(《养老机构重大事故隐患判定标准》, 民办发〔2023〕13号) classify a hazard; they are not a
provision a home breaks, so they are left out of the basis and printed only as the
reason a hazard is major (``MAJOR_CRITERIA``).

``flask checklists lint`` lists every item whose basis is not confirmed, with what the
notice prints for it, for the bureau to settle.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

UNCONFIRMED_MARKS = ("待确认", "待核", "本地实践")
CRITERIA_TITLE = "《养老机构重大事故隐患判定标准》"
MAJOR_CRITERIA = "《养老机构重大事故隐患判定标准》（民办发〔2023〕13号）"

_SEPARATOR = re.compile(r"[；;]")
# A title, with the standard's code before it where there is one: GB 50028《…》,
# GB 50016-2014（2018年版）《…》, JGJ 125-2016《…》, 《中华人民共和国消防法》.
_TITLE = re.compile(
    r"(?:[A-Z]{1,4}(?:/[A-Z])?\s?\d+(?:\.\d+)*(?:-\d{4})?(?:（\d{4}年版）)?)?《[^《》]+》"
)


def citations(basis: str | None) -> list[str]:
    return [part.strip() for part in _SEPARATOR.split(basis or "") if part.strip()]


def is_unconfirmed(text: str | None) -> bool:
    return any(mark in (text or "") for mark in UNCONFIRMED_MARKS)


def is_criteria(citation: str) -> bool:
    return CRITERIA_TITLE in citation


def printable_citation(citation: str) -> str | None:
    """The citation as a served document prints it; None when nothing of it may be."""
    if not is_unconfirmed(citation):
        return citation
    titles = _TITLE.findall(citation)
    return "、".join(titles) if titles else None


def printable(basis: str | None) -> str:
    """The provisions broken, as a served document prints them (the criteria left out)."""
    printed = [
        text
        for citation in citations(basis)
        if not is_criteria(citation) and (text := printable_citation(citation))
    ]
    return "；".join(dict.fromkeys(printed))


def printable_text(text: str) -> str:
    """A configured citation (the empowering provision): its titles alone if marked."""
    return "；".join(filter(None, (printable_citation(c) for c in citations(text))))


@dataclass(frozen=True)
class Unconfirmed:
    checklist: str
    code: str
    basis: str
    printed: str


def unconfirmed_items(document: dict) -> Iterator[Unconfirmed]:
    """Every item of a checklist document whose basis is not confirmed."""
    for section in document.get("sections", []):
        for item in section.get("items", []):
            if is_unconfirmed(item.get("basis")):
                yield Unconfirmed(
                    checklist=document.get("key", ""),
                    code=item.get("code", ""),
                    basis=item["basis"],
                    printed=printable(item["basis"]),
                )
