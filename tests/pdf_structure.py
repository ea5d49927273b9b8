"""Reading a tagged PDF's structure tree with pikepdf (shared by the PDF tests)."""

from __future__ import annotations

import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf


@dataclass
class Structure:
    marked: bool
    lang: str
    display_title: bool
    roots: list[str]
    kinds: Counter = field(default_factory=Counter)
    #: The /Alt of each Figure element, in document order ("" when it has none).
    figure_alts: list[str] = field(default_factory=list)
    #: Heading levels in document order (1 for H1…).
    headings: list[int] = field(default_factory=list)
    #: Element types under each Table.
    table_cells: list[set[str]] = field(default_factory=list)
    xmp: dict[str, object] = field(default_factory=dict)
    title: str = ""
    outline: list[str] = field(default_factory=list)


def _kids(element) -> list:
    k = element.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def _types_below(element) -> set[str]:
    found: set[str] = set()
    for kid in _kids(element):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found.add(str(kid.S)[1:])
            found |= _types_below(kid)
    return found


def structure(path: Path) -> Structure:
    """What a screen reader gets from ``path``: its structure tree and metadata."""
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        mark = root.get("/MarkInfo", {})
        prefs = root.get("/ViewerPreferences", {})
        tree = root.get("/StructTreeRoot")
        top = _kids(tree) if tree is not None else []
        out = Structure(
            marked=bool(mark.get("/Marked", False)),
            lang=str(root.get("/Lang", "")),
            display_title=bool(prefs.get("/DisplayDocTitle", False)),
            roots=[str(e.S)[1:] for e in top if isinstance(e, pikepdf.Dictionary)],
        )

        def walk(element) -> None:
            if not isinstance(element, pikepdf.Dictionary) or "/S" not in element:
                return
            kind = str(element.S)[1:]
            out.kinds[kind] += 1
            if kind == "Figure":
                out.figure_alts.append(str(element.get("/Alt", "")))
            if kind[:1] == "H" and kind[1:].isdigit():
                out.headings.append(int(kind[1:]))
            if kind == "Table":
                out.table_cells.append(_types_below(element))
            for kid in _kids(element):
                walk(kid)

        for element in top:
            walk(element)
        with pdf.open_metadata() as meta:
            for key in ("pdfuaid:part", "pdfaid:part", "pdfaid:conformance", "dc:title"):
                out.xmp[key] = meta.get(key)
        out.title = str(pdf.docinfo.get("/Title", ""))
        with pdf.open_outline() as outline:
            out.outline = [str(item.title) for item in outline.root]
    return out


def assert_accessible(path: Path) -> Structure:
    """Tagged PDF/UA-1 and PDF/A-2a: marked, pt-BR, one Document root, the title
    shown, headings from H1 without a skipped level, every Figure with its /Alt,
    every Table with header cells, bookmarks."""
    s = structure(path)
    assert s.marked, path
    assert s.lang == "pt-BR", path
    assert s.roots == ["Document"], (path, s.roots)
    assert s.display_title and s.title, path
    assert s.xmp["pdfuaid:part"] == "1", path
    assert (s.xmp["pdfaid:part"], s.xmp["pdfaid:conformance"]) == ("2", "A"), path
    assert s.headings and s.headings[0] == 1, (path, s.headings)
    for before, after in zip(s.headings, s.headings[1:], strict=False):
        assert after <= before + 1, (path, s.headings)  # H1 → H3 would skip a level
    assert all(alt.strip() for alt in s.figure_alts), (path, s.figure_alts)
    for cells in s.table_cells:
        assert "TH" in cells, path
    assert s.outline, path  # bookmarks
    return s


def reading_order_text(path: Path) -> str:
    """The PDF's text as poppler reads it, in reading order, spaces squashed."""
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.replace("\u00a0", " ").split())
