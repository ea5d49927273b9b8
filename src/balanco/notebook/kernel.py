"""What a build worker asks of its kernel besides running notebooks
(:class:`balanco.build.execute.Kernel`).

- :func:`warm_up`, once, before the first notebook: the costs every kernel pays on
  its first chart and its first year opened (the fonts found and trimmed,
  matplotlib's text and layout machinery, Typst's compiler, the Parquet reader),
  paid while the build prepares the data instead of inside the first notebook.
  Nothing it does shows in a report: the chart is drawn and thrown away, nothing
  is written in the project (the trimmed chart font may be made in the user's
  cache, as the first chart of any notebook makes it).
- :func:`forget`, between notebooks: the previous notebook's variables forgotten.
"""

from __future__ import annotations


def warm_up() -> None:
    """Draw and render one small chart as a report does (wide and for phones, its
    PDF form too) and import the Parquet reader the processed data needs."""
    import pyarrow.parquet  # noqa: F401 - what pandas.read_parquet imports on first use

    from .. import charts, phone

    def drawing(fig) -> str:
        charts.hbar(fig.add_subplot(), ["Janeiro", "Fevereiro"], [1234, 56], title="Aquecimento")
        return "Aquecimento"

    with charts.figure() as fig:
        drawing(fig)
        svg, _ = charts.render(fig, pdf=False)
    charts.svg_pdf(svg)
    phone.svg(3.1, drawing)


def forget() -> None:
    """The previous notebook's variables forgotten (IPython's ``%reset -f``), without
    the full garbage collection IPython runs at its end (~0,1 s of CPU a reset,
    paid while the worker exports on the other core; IPython's own comment asks
    whether it is needed): what the variables held is freed by reference counting
    when they go, and cycles by Python's collector as usual."""
    import gc

    from IPython import get_ipython

    collect = gc.collect
    try:
        gc.collect = lambda generation=2: 0
        get_ipython().run_line_magic("reset", "-f")
    finally:
        gc.collect = collect
