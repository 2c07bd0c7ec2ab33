"""Statistics for printed percentages: intervals, rounding bounds and group comparisons.

The report prints percentages and their bases (n), not the underlying counts. This module
works from exactly what is printed:

* :func:`wilson_interval` – how precise is one printed percentage?
* :func:`count_range` / :func:`grim_possible` – which whole counts could lie behind it, and
  is the printed percentage possible for its n at all (a GRIM-style consistency check)?
* :func:`compare_proportions` – do two groups differ (test, confidence interval, effect size)?
* :func:`chi_square_distributions` – do two categorical distributions differ?
* :func:`holm` – adjust a family of p-values for multiple testing.
* :func:`cohens_h` / :func:`cohens_h_label` – effect size of a difference of two proportions.

Counts are reconstructed from printed percentages, so they can be off by one or two; the
results are for orientation, not a re-analysis of the raw data (which is not available).

statsmodels and scipy are imported inside the functions that need them, so that
``import lwtbook.stats`` (and the package as a whole) stays fast.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = [
    "ChiSquare",
    "Comparison",
    "chi_square_distributions",
    "cohens_h",
    "cohens_h_label",
    "compare_proportions",
    "count_range",
    "grim_possible",
    "holm",
    "reconstruct_count",
    "wilson_interval",
]

#: Below this expected cell count the normal approximation is not trusted (Cochran's rule).
MIN_EXPECTED = 5.0

#: Cohen's (1988) conventional thresholds for |h|: small, medium, large.
H_THRESHOLDS = ((0.8, "large"), (0.5, "medium"), (0.2, "small"))


# --------------------------------------------------------------------------- validation


def _check_pct(value: float, name: str) -> float:
    """Return ``value`` as a float, or raise ValueError unless it is a percentage (0–100)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number between 0 and 100, got {value!r}")
    value = float(value)
    if not 0.0 <= value <= 100.0:  # also rejects NaN
        raise ValueError(f"{name} must be a percentage between 0 and 100, got {value!r}")
    return value


def _check_n(value: int, name: str) -> int:
    """Return ``value`` as an int, or raise ValueError unless it is a positive integer."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def _check_level(level: float) -> float:
    """Return the confidence level, or raise ValueError unless 0 < level < 1."""
    if isinstance(level, bool) or not isinstance(level, numbers.Real) or not 0 < level < 1:
        raise ValueError(f"level must be a number strictly between 0 and 1, got {level!r}")
    return float(level)


def _check_decimals(decimals: int) -> int:
    """Return ``decimals``, or raise ValueError unless it is a non-negative integer."""
    if isinstance(decimals, bool) or not isinstance(decimals, numbers.Integral) or decimals < 0:
        raise ValueError(f"decimals must be a non-negative integer, got {decimals!r}")
    return int(decimals)


# --------------------------------------------------------------------------- one proportion


def wilson_interval(pct: float, n: int, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a printed percentage ``pct`` (0–100) with base ``n``, in percent.

    The Wilson interval keeps good coverage for small n and for percentages near 0 or 100,
    where the textbook Wald interval fails (Newcombe 1998; Agresti & Coull 1998). The count
    passed to statsmodels is ``pct * n / 100`` and is deliberately *not* rounded: a printed
    percentage is itself rounded, and the Wilson formula is well defined for a non-integer
    count, so rounding it would only add a second rounding error.
    """
    from statsmodels.stats.proportion import proportion_confint

    pct = _check_pct(pct, "pct")
    n = _check_n(n, "n")
    level = _check_level(level)
    low, high = proportion_confint(pct * n / 100, n, alpha=1 - level, method="wilson")
    return 100 * float(low), 100 * float(high)


def _printed_units(pct: float, decimals: int) -> int:
    """The printed percentage in units of its last digit (``44.5`` at 1 decimal -> 445)."""
    scaled = pct * 10**decimals
    units = round(scaled)
    if abs(scaled - units) > 1e-6:
        raise ValueError(f"pct {pct!r} has more than {decimals} decimal(s); pass decimals=")
    return units


def _count_bounds(pct: float, n: int, decimals: int) -> tuple[int, int]:
    """Smallest and largest count k with round_half_up(100k/n, decimals) == pct (may cross).

    Works in exact integer arithmetic: with P the printed value in units of 10**-decimals and
    S = 200 * 10**decimals, the condition P - 1/2 <= 100k/n * 10**decimals < P + 1/2 becomes
    (2P - 1) * n <= S * k < (2P + 1) * n. The upper bound is strict because a value exactly
    on .5 rounds up, i.e. belongs to the next printed value.
    """
    pct = _check_pct(pct, "pct")
    n = _check_n(n, "n")
    units = _printed_units(pct, _check_decimals(decimals))
    scale = 200 * 10**decimals
    low = -((-(2 * units - 1) * n) // scale)  # ceiling division
    high = -((-(2 * units + 1) * n) // scale) - 1
    return max(low, 0), min(high, n)


def count_range(pct: float, n: int, decimals: int = 0) -> tuple[int, int]:
    """The whole counts k (0..n) whose percentage 100k/n prints as ``pct``, as (lowest, highest).

    Rounding is half up, as in printed reports: 12.5 prints as 13 at 0 decimals. Raises
    ValueError when no count is possible, i.e. the printed percentage cannot come from n cases
    (see :func:`grim_possible`). Use it to bound the count behind a printed percentage.
    """
    low, high = _count_bounds(pct, n, decimals)
    if low > high:
        raise ValueError(f"no count out of n={n} gives {pct}% at {decimals} decimal(s)")
    return low, high


def grim_possible(pct: float, n: int, decimals: int = 0) -> bool:
    """GRIM-style check: can a percentage printed as ``pct`` arise from n whole cases at all?

    With small n only a few percentages are possible (n=3 gives 0, 33, 67, 100); a printed
    percentage outside that set points to a typo, a wrong n, or weighting. Invalid arguments
    still raise ValueError.
    """
    low, high = _count_bounds(pct, n, decimals)
    return low <= high


def reconstruct_count(pct: float, n: int) -> int:
    """The count nearest to ``pct * n / 100`` (halves round up), the best guess at the raw count."""
    return _nearest_count(_check_pct(pct, "pct"), _check_n(n, "n"))


def _nearest_count(pct: float, n: int) -> int:
    """:func:`reconstruct_count` for already validated arguments."""
    return min(math.floor(pct * n / 100 + 0.5), n)


# --------------------------------------------------------------------------- effect size


def cohens_h(p1: float, p2: float) -> float:
    """Cohen's h for two percentages (0–100): 2·asin(√p1) − 2·asin(√p2), proportions as 0–1.

    The arcsine transform makes a difference between 5% and 15% count as large as it is,
    unlike the raw difference in percentage points, which treats it like 45% vs 55%.
    """
    p1 = _check_pct(p1, "p1") / 100
    p2 = _check_pct(p2, "p2") / 100
    return 2 * math.asin(math.sqrt(p1)) - 2 * math.asin(math.sqrt(p2))


def cohens_h_label(h: float) -> str:
    """Size of Cohen's h by Cohen's conventions (|h| from 0.2 small, 0.5 medium, 0.8 large).

    Returns "negligible", "small", "medium" or "large"; the sign of h is ignored.
    """
    if isinstance(h, bool) or not isinstance(h, numbers.Real) or math.isnan(h):
        raise ValueError(f"h must be a number, got {h!r}")
    size = abs(float(h))
    return next((label for bound, label in H_THRESHOLDS if size >= bound), "negligible")


# --------------------------------------------------------------------------- two proportions


@dataclass(frozen=True)
class Comparison:
    """The comparison of two printed percentages (see :func:`compare_proportions`).

    ``difference_pp``, ``ci_low`` and ``ci_high`` are in percentage points (group 1 minus
    group 2); ``counts`` holds the reconstructed ((k1, n1), (k2, n2)).
    """

    difference_pp: float
    ci_low: float
    ci_high: float
    cohens_h: float
    p_value: float
    test: str
    counts: tuple[tuple[int, int], tuple[int, int]]


def _min_expected(table: np.ndarray) -> float:
    """Smallest expected cell count of a contingency table under independence."""
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / table.sum()
    return float(expected.min())


def _two_by_two_p_value(table: np.ndarray) -> tuple[float, str]:
    """Two-sided p-value for a 2x2 table: z-test, or Fisher's exact test if any expected < 5."""
    if _min_expected(table) < MIN_EXPECTED:
        from scipy.stats import fisher_exact

        return float(fisher_exact(table).pvalue), "Fisher's exact test"
    from statsmodels.stats.proportion import proportions_ztest

    _, p_value = proportions_ztest(table[:, 0], table.sum(axis=1))
    return float(p_value), "two-proportion z-test"


def compare_proportions(p1: float, n1: int, p2: float, n2: int, level: float = 0.95) -> Comparison:
    """Compare two printed percentages p1 (base n1) and p2 (base n2).

    Counts are reconstructed as the nearest whole number to p·n/100 (halves up). The test is
    the pooled two-proportion z-test, or Fisher's exact test when any expected cell count is
    below 5, where the normal approximation is unreliable. The confidence interval for the
    difference is Newcombe's (1998) hybrid score interval ("method 10"), which behaves well
    for small n and extreme percentages. The difference and Cohen's h use the printed
    percentages, the test and interval the reconstructed counts.
    """
    from statsmodels.stats.proportion import confint_proportions_2indep

    p1, n1 = _check_pct(p1, "p1"), _check_n(n1, "n1")
    p2, n2 = _check_pct(p2, "p2"), _check_n(n2, "n2")
    level = _check_level(level)
    k1, k2 = _nearest_count(p1, n1), _nearest_count(p2, n2)
    table = np.array([[k1, n1 - k1], [k2, n2 - k2]])
    p_value, test = _two_by_two_p_value(table)
    low, high = confint_proportions_2indep(
        k1, n1, k2, n2, method="newcomb", compare="diff", alpha=1 - level
    )
    return Comparison(
        difference_pp=p1 - p2,
        ci_low=100 * float(low),
        ci_high=100 * float(high),
        cohens_h=cohens_h(p1, p2),
        p_value=p_value,
        test=test,
        counts=((k1, n1), (k2, n2)),
    )


# --------------------------------------------------------------------------- distributions


@dataclass(frozen=True)
class ChiSquare:
    """Result of :func:`chi_square_distributions`.

    ``counts`` is the 2 x k table of reconstructed counts actually tested (categories that
    are zero in both groups dropped); ``min_expected`` is its smallest expected count, so a
    reader can see when the chi-square approximation is doubtful (below 5).
    """

    statistic: float
    dof: int
    p_value: float
    counts: tuple[tuple[int, ...], tuple[int, ...]]
    min_expected: float


def _distribution_counts(pcts: Sequence[float], n: int, name: str) -> list[int]:
    """Reconstructed counts for one printed distribution (percentages of the same base n)."""
    return [_nearest_count(_check_pct(p, f"{name}[{i}]"), n) for i, p in enumerate(pcts)]


def chi_square_distributions(
    pcts1: Sequence[float], n1: int, pcts2: Sequence[float], n2: int
) -> ChiSquare:
    """Chi-square test of homogeneity for two printed distributions over the same categories.

    Each distribution is given as percentages of its base n (one per category, summing to
    about 100; rounding means the reconstructed counts need not add to n exactly, and they
    are used as they are). Categories that are zero in both groups carry no information and
    are dropped. scipy's ``chi2_contingency`` is used without Yates' continuity correction,
    except for a 2x2 table (two categories), where the correction is conventional.
    """
    from scipy.stats import chi2_contingency

    n1, n2 = _check_n(n1, "n1"), _check_n(n2, "n2")
    if len(pcts1) != len(pcts2):
        raise ValueError(f"pcts1 and pcts2 differ in length: {len(pcts1)} vs {len(pcts2)}")
    counts = np.array(
        [_distribution_counts(pcts1, n1, "pcts1"), _distribution_counts(pcts2, n2, "pcts2")]
    )
    table = counts[:, counts.sum(axis=0) > 0]
    if table.shape[1] < 2:
        raise ValueError("need at least two categories that are non-zero in some group")
    if (table.sum(axis=1) == 0).any():
        raise ValueError("a distribution has no cases in any category")
    result = chi2_contingency(table, correction=table.shape[1] == 2)
    return ChiSquare(
        statistic=float(result.statistic),
        dof=int(result.dof),
        p_value=float(result.pvalue),
        counts=(tuple(int(k) for k in table[0]), tuple(int(k) for k in table[1])),
        min_expected=float(result.expected_freq.min()),
    )


# --------------------------------------------------------------------------- multiple testing


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm-adjusted p-values, in the order given.

    Holm's step-down method controls the family-wise error rate like Bonferroni but is
    uniformly more powerful, so it is the default when several comparisons from one table
    are tested together.
    """
    from statsmodels.stats.multitest import multipletests

    values = [float(p) for p in p_values]
    for i, p in enumerate(values):
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"p_values[{i}] must be between 0 and 1, got {p!r}")
    if not values:
        return []
    return [float(p) for p in multipletests(values, method="holm")[1]]
