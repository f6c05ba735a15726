"""``python -m tilefuse.cli``: the ``tilefuse`` command."""

import sys

from . import main

sys.exit(main())
