"""The municipality's coat of arms (``logo`` in ``municipios/<slug>.toml``),
checked before any build: the PDF's compiler must be able to read it, and it
must not make every PDF heavy or reach outside the project.

A PNG, JPG or GIF must decode (Pillow, which matplotlib installs); an SVG must
parse (defusedxml: no entities, no external DTD), refer to nothing outside itself
(every ``href`` a ``data:`` address) and have a sane ``viewBox``.
"""

from __future__ import annotations

from pathlib import Path

#: Images the PDF's compiler reads, and the largest coat of arms accepted.
LOGO_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".svg")
LOGO_MAX_BYTES = 5_000_000
#: 4000 px is 34 cm at 300 dpi, far more than the cover's 2,5 cm: a larger image
#: only makes every PDF heavier (it is embedded in each one) and slower to open.
LOGO_MAX_PIXELS = 4000

_XLINK = "{http://www.w3.org/1999/xlink}href"


def logo_problem(root: Path, logo: str) -> str | None:
    """Why ``logo`` (relative to the project root, the folder that holds
    ``municipios/``) cannot be the cover's coat of arms, or None: it must stay
    inside the project (the PDF's compiler reads nothing outside it), be an image
    the compiler reads and have a sane size."""
    expected = (
        "não serve: era esperado o caminho de uma imagem (PNG, JPG, GIF ou SVG) "
        "existente dentro da pasta do projeto, relativo à raiz do projeto"
    )
    if "\\" in logo:
        return (
            "não serve: o caminho tem uma barra invertida (\\); era esperado um caminho "
            "com barras normais (/), como img/brasao.png, relativo à raiz do projeto"
        )
    base = root.resolve()
    image = (base / logo).resolve()
    if not image.is_relative_to(base) or not image.is_file():
        return expected
    if image.suffix.lower() not in LOGO_TYPES:
        return expected
    if image.stat().st_size > LOGO_MAX_BYTES:
        return f"não serve: a imagem tem mais de {LOGO_MAX_BYTES // 1_000_000} MB"
    if image.suffix.lower() == ".svg":
        return _svg_problem(image)
    return _raster_problem(image)


def _too_large(width: float, height: float) -> str | None:
    if width > LOGO_MAX_PIXELS or height > LOGO_MAX_PIXELS:
        return (
            f"não serve: a imagem mede {width:g} × {height:g} pixels; era esperada uma imagem "
            f"de no máximo {LOGO_MAX_PIXELS} × {LOGO_MAX_PIXELS} pixels (o brasão ocupa "
            "2,5 cm na capa e é incluído em cada PDF: uma imagem maior só deixa os PDFs "
            "pesados)"
        )
    return None


def _raster_problem(image: Path) -> str | None:
    from PIL import Image, UnidentifiedImageError

    kind = image.suffix.lower().lstrip(".").upper().replace("JPEG", "JPG")
    broken = (
        f"não serve: o arquivo não é uma imagem {kind} legível (está corrompido ou é "
        f"outro tipo de arquivo com a extensão .{image.suffix.lower().lstrip('.')}); "
        "era esperada uma imagem PNG, JPG, GIF ou SVG válida"
    )
    formats = {"PNG": ["PNG"], "JPG": ["JPEG"], "GIF": ["GIF"]}[kind]
    # Pillow's own guard against decompression bombs would warn or raise first:
    # the size is read from the header, before any pixel is decoded.
    saved = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None
    try:
        with Image.open(image, formats=formats) as im:
            size = im.size
            im.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return broken
    finally:
        Image.MAX_IMAGE_PIXELS = saved
    if too_large := _too_large(*size):
        return too_large
    try:  # verify() checks a PNG's chunks only: decode every pixel (a cut JPG fails)
        with Image.open(image, formats=formats) as im:
            im.load()
    except (OSError, SyntaxError, ValueError):
        return broken
    return None


def _svg_problem(image: Path) -> str | None:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, parse

    broken = (
        "não serve: o arquivo não é um SVG legível; era esperada uma imagem SVG válida "
        "(ou PNG, JPG, GIF)"
    )
    try:
        root = parse(image).getroot()
    except (ParseError, DefusedXmlException, UnicodeDecodeError, ValueError):
        return broken
    if root.tag.rsplit("}", 1)[-1] != "svg":
        return broken
    for element in root.iter():
        for attr in ("href", _XLINK):
            ref = (element.get(attr) or "").strip()
            if ref and not ref.startswith(("data:", "#")):
                return (
                    f"não serve: o SVG aponta para um arquivo fora dele ({ref}); era "
                    "esperado um SVG autocontido (imagens embutidas como data:…)"
                )
    view = root.get("viewBox")
    if view is None:
        return (
            "não serve: o SVG não tem viewBox; era esperado um SVG com viewBox "
            '(por exemplo viewBox="0 0 200 240") para que a proporção do brasão seja mantida'
        )
    try:
        numbers = [float(x) for x in view.replace(",", " ").split()]
    except ValueError:
        numbers = []
    if len(numbers) != 4 or not (0 < numbers[2] < 1e6 and 0 < numbers[3] < 1e6):
        return (
            f"não serve: o viewBox do SVG ({view}) não é válido; eram esperados quatro "
            "números, com largura e altura positivas (por exemplo 0 0 200 240)"
        )
    return None
