"""lwtbook – the report *Boeiend en bindend* (ITS Nijmegen, 2005) as validated open data.

>>> import lwtbook
>>> df = lwtbook.load("t2_5")          # tidy table, metadata in df.attrs
>>> lwtbook.as_printed("t2_5")         # laid out like the printed table

Heavy modules (statistics, plots, widgets) are imported only when first used.
"""

from lwtbook.data import UnknownTableError, as_printed, catalog, load
from lwtbook.validate import DataError, Problem, find_problems, validate

__all__ = [
    "DataError",
    "Problem",
    "UnknownTableError",
    "as_printed",
    "catalog",
    "find_problems",
    "load",
    "validate",
]
__version__ = "0.1.0"
