"""``PYTHONPATH=_ext python -m lwt_pdf [ROOT]``: print the built site to the PDF edition."""

import sys

from lwt_pdf.printer import main

sys.exit(main())
