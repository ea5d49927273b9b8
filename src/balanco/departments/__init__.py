"""One module per department, all with the same contract (see ``base``)."""

from . import comunicacao, convenios, cpd, procon

#: In the order the balance presents them.
DEPARTMENTS = (convenios, procon, comunicacao, cpd)
BY_NAME = {d.NAME: d for d in DEPARTMENTS}

__all__ = ["DEPARTMENTS", "BY_NAME", "convenios", "procon", "comunicacao", "cpd"]
