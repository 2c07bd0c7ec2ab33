"""``python -m lwtbook.claims``: see :mod:`lwtbook.claims.cli`."""

import sys

from lwtbook.claims.cli import main

sys.exit(main())
