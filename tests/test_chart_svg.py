"""Chart SVGs are the same bytes on every run (no date, no random ids), and two
charts of one page never share an id."""

from __future__ import annotations

import re

from balanco import charts


def _bars(title: str) -> str:
    with charts.figure(height=2.0) as fig:
        ax = fig.add_subplot()
        ax.bar(["a", "b"], [1, 2])
        ax.set_title(title)
        svg, _pdf = charts.render(fig, pdf=False)
    return svg


def _ids(svg: str) -> set[str]:
    return set(re.findall(r'<clipPath id="([^"]+)"', svg))


def test_two_renders_of_the_same_chart_are_the_same_bytes():
    first, second = _bars("Mesmo gráfico"), _bars("Mesmo gráfico")
    assert first == second
    assert "<dc:date>" not in first


def test_two_charts_of_one_page_never_share_a_clip_id():
    # Same size, same axes box: only the title differs, and so do the ids.
    one, other = _ids(_bars("Um gráfico")), _ids(_bars("Outro gráfico"))
    assert one and other
    assert one.isdisjoint(other)
