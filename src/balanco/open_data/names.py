"""Where a year's open data live, by name only (no pandas): what the build's plan and
the report's HTML need to know whether the open data exist and to link to them."""

#: The open data's folder inside ``reports/<ano>/``.
FOLDER = "dados-abertos"
#: Their front page, written last by ``balanco exportar``.
INDEX = "index.html"
