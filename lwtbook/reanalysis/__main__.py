"""``python -m lwtbook.reanalysis``: regenerate ``data/derived/reanalysis.csv``."""

from lwtbook.reanalysis import main

main()
