"""``python -m balanco.cli``: the ``balanco`` command."""

import sys

from . import entry

sys.exit(entry())
