"""Comunicação: reading the raw files (I/O only)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ...errors import BadInput
from ...io import LINE, display_path, read_json_list, read_sheet
from ...settings import Settings
from ..frames import with_source
from .sources import CATEGORIES, DEMAND_COLUMNS, DEMANDS, POSTS

#: The system the posts and categories come from, as the messages name it.
SYSTEM = "WordPress"


def _page_number(path: Path) -> int:
    found = re.findall(r"\d+", path.stem)
    return int(found[-1]) if found else 0


def load(raw_dir: Path, *, settings: Settings) -> dict[str, pd.DataFrame]:
    """Read the department's raw files (I/O only). Posts of every page become
    one frame; ``_arquivo`` and ``_linha`` (item number in the page) locate each."""
    pages = sorted(POSTS.paths(raw_dir), key=_page_number)
    rows = []
    problems = []
    for page in pages:
        try:
            items = read_json_list(page, system=SYSTEM)
        except (BadInput, FileNotFoundError) as exc:
            if isinstance(exc, FileNotFoundError):
                raise
            problems.extend(exc.problems)
            continue
        for n, post in enumerate(items, start=1):
            rows.append({"_arquivo": display_path(page), LINE: n, "post": post})
    if problems:
        raise BadInput(problems)
    cat_path = CATEGORIES.paths(raw_dir)[0]
    categories = read_json_list(cat_path, system=SYSTEM)
    cats = [{LINE: n, "categoria": c} for n, c in enumerate(categories, start=1)]
    demands = DEMANDS.paths(raw_dir)[0]
    return {
        POSTS.key: with_source(pd.DataFrame(rows, columns=["_arquivo", LINE, "post"]), pages[0]),
        CATEGORIES.key: with_source(pd.DataFrame(cats, columns=[LINE, "categoria"]), cat_path),
        DEMANDS.key: with_source(read_sheet(demands, required=DEMAND_COLUMNS), demands),
    }
