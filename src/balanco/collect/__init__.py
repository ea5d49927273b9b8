"""``balanco coletar``: read a year's exports straight from the systems that have an
interface (Transferegov's open data, the site's WordPress REST API, GLPI's REST API)
into the year's raw folder, as the department would have placed them by hand."""
