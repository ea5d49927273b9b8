"""Open data: the year's rows of every dataset, for Excel in pt-BR and as Parquet,
with a data dictionary, a Frictionless ``datapackage.json`` and the indicators
with Portuguese keys — and no personal data (LGPD).

One table, :data:`balanco.open_data.datasets.DATASETS`, is the single source of
truth. Each department declares its own datasets in its package
(``departments/<name>/open_data.py``, ``DATASETS``, written with the vocabulary of
:mod:`balanco.departments.open_data_spec`); :mod:`~balanco.open_data.datasets` collects them
from the registered departments, in the registry's order (a department without
``open_data`` publishes nothing). For each processed
column the table gives the published snake_case name, type, description, unit, the
column as written in the raw export, whether it is personal data and what is
done to it before publication. The dictionary, the datapackage, the register of
personal columns of the internal data (``data/processed/<ano>/dados_pessoais.json``)
and the exploration accessors (:mod:`balanco.explorar`) are all built from it.

LGPD decisions (Lei 13.709/2018), recorded here and in the dictionary:

- names of natural persons never leave the internal data: journalists
  (demandas da imprensa), requesters and technicians (GLPI), members of
  parliament named in the ofícios register (the "Gabinete de …" part is cut);
- suppliers heard in audiências and shops inspected are not published: the
  registers do not say whether they are legal or natural persons (a MEI or an
  empresário individual trades under a person's name), and the Procon's list of
  suppliers is published through its own legal channel (Cadastro de
  Reclamações Fundamentadas, art. 44 CDC);
- the audiência's process number is an indirect identifier of a consumer;
- every column is classified in its department (``Column.kind``): coded,
  public by law as it stands in its source (the Transferegov object, the titles of
  posts published on the site), free text typed by staff, or personal. Free text
  typed by staff (subjects of ofícios and press demands, the GLPI ticket title,
  the state spreadsheet's object, suppliers and shops) may name anybody: it is not
  published unless the municipality's file opts the column in
  (``publicar_texto_livre``, :mod:`balanco.open_data.free_text`), and then with its
  department's treatment (in subjects, titles and objects every known name of
  the year replaced);
- consumers (Sindec): the date of the atendimento is published without the
  time; CEP is cut to its 5-digit prefix ("08591-***"); sex × age band × CEP
  is made k-anonymous (groups smaller than ``k`` get a 3-digit CEP, then, if
  still too small, the three are suppressed);
- posts that were not published on the site (drafts) keep no title or link.

Every CSV is written by :func:`balanco.open_data.csv_excel.write_csv`, which neutralises
cells a spreadsheet would run as formulas (OWASP CSV injection).

One job per module:

- the vocabulary departments declare datasets with is below this package:
  :mod:`balanco.departments.open_data_spec`;
- :mod:`~balanco.open_data.datasets`: the datasets collected, a year's rows;
- :mod:`~balanco.open_data.free_text`: which free text the municipality publishes;
- :mod:`~balanco.open_data.lgpd`: k-anonymity, cut and redacted names;
- :mod:`~balanco.open_data.dictionary`: the data dictionary, the personal register;
- :mod:`~balanco.open_data.datapackage`: ``datapackage.json``, ``indicadores.json``;
- :mod:`~balanco.open_data.csv_excel`: the one CSV writer (Excel in pt-BR);
- :mod:`~balanco.open_data.index_page`: the front page, ``index.html`` (the report's
  HTML links to it);
- :mod:`~balanco.open_data.writer`: a year's open data, written from a ``YearData``.

Opening a year and then writing its open data is :func:`balanco.publish.export`.
"""
