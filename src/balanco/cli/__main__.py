"""``python -m balanco.cli``: the ``balanco`` command."""

import sys

from . import main

sys.exit(main())
