"""Statistics for printed percentages: intervals, rounding bounds and group comparisons.

The report prints percentages and their bases (n), not the underlying counts. This module
works from exactly what is printed:

* :func:`wilson_interval` – how precise is one printed percentage?
* :func:`count_range` / :func:`grim_possible` – which whole counts could lie behind it, and
  is the printed percentage possible for its n at all (a GRIM-style consistency check)?
  :func:`smallest_base` – the smallest group a row of printed shares can come from.
* :func:`compare_proportions` – do two groups differ (test, confidence interval, effect size)?
* :func:`chi_square_distributions` – do two categorical distributions differ?
* :func:`holm`, :func:`benjamini_hochberg`, :func:`adjust` – adjust a family of p-values for
  multiple testing.
* :func:`two_proportion_test`, :func:`newcombe_interval`, :func:`one_sample_test` – the pieces
  of a comparison of shares, for the re-analysis's designs.
* :func:`contingency_test`, :func:`goodness_of_fit` – chi-square tests for a table of counts
  (several groups, or a sample against a census), with a Monte Carlo p where cells are small.
* :func:`equivalence_h`, :func:`equivalence_w`, :func:`sign_test`, :func:`sign_equivalence` –
  "no (big) difference" tested as a claim of its own (TOST and Wellek's test).
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
    "TableTest",
    "adjust",
    "benjamini_hochberg",
    "bonferroni",
    "chi_square_distributions",
    "cohens_h",
    "cohens_h_label",
    "cohens_w",
    "compare_proportions",
    "contingency_test",
    "count_range",
    "equivalence_h",
    "equivalence_w",
    "goodness_of_fit",
    "grim_possible",
    "holm",
    "newcombe_interval",
    "one_sample_test",
    "reconstruct_count",
    "sign_equivalence",
    "sign_test",
    "smallest_base",
    "total_variation",
    "two_proportion_test",
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


def smallest_base(pcts: Sequence[float], decimals: int = 0, *, top: int = 10_000) -> int | None:
    """The smallest group size n for which whole counts exist that print as *pcts* and add
    up to n: a lower bound on a base the report does not print.

    A row of shares such as 50 / 50 can come from two pupils; 33 / 17 / 50 needs at least six.
    Rounding is half up (see :func:`count_range`). ``None`` when no n up to *top* fits (the
    shares cannot form one distribution).
    """
    for n in range(1, _check_n(top, "top") + 1):
        bounds = [_count_bounds(p, n, decimals) for p in pcts]
        if all(lo <= hi for lo, hi in bounds) and \
                sum(lo for lo, _ in bounds) <= n <= sum(hi for _, hi in bounds):
            return n
    return None


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


def _p_array(p_values: Sequence[float]) -> np.ndarray:
    values = np.asarray([float(p) for p in p_values], dtype=float)
    for i, p in enumerate(values):
        if not 0.0 <= p <= 1.0:  # also rejects NaN
            raise ValueError(f"p_values[{i}] must be between 0 and 1, got {p!r}")
    return values


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm-adjusted p-values, in the order given.

    Holm's step-down method controls the family-wise error rate like Bonferroni but is
    uniformly more powerful: sort the m p-values, multiply the i-th smallest (from 0) by
    m − i, keep the running maximum and cap at 1. Written with numpy (no statsmodels import)
    because the re-analysis recomputes small families many times for its what-if checks;
    ``tests/test_stats.py`` checks it against ``statsmodels.stats.multitest.multipletests``.
    """
    p = _p_array(p_values)
    m = len(p)
    if not m:
        return []
    order = np.argsort(p, kind="stable")
    stepped = np.maximum.accumulate((m - np.arange(m)) * p[order])
    out = np.empty(m)
    out[order] = np.minimum(stepped, 1.0)
    return [float(x) for x in out]


def bonferroni(p_values: Sequence[float]) -> list[float]:
    """Bonferroni-adjusted p-values (each times the family size, capped at 1)."""
    p = _p_array(p_values)
    return [float(x) for x in np.minimum(p * len(p), 1.0)]


def benjamini_hochberg(p_values: Sequence[float]) -> list[float]:
    """Benjamini–Hochberg adjusted p-values ("q-values"), in the order given.

    Controls the false discovery rate instead of the family-wise error rate: sort the p-values,
    multiply the i-th smallest (from 1) by m / i, take the running minimum from the largest
    down and cap at 1. The re-analysis reports it over all tests as a sensitivity column.
    """
    p = _p_array(p_values)
    m = len(p)
    if not m:
        return []
    order = np.argsort(p, kind="stable")
    scaled = p[order] * m / np.arange(1, m + 1)
    stepped = np.minimum.accumulate(scaled[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(stepped, 1.0)
    return [float(x) for x in out]


#: The adjustments :func:`adjust` knows.
ADJUSTMENTS = ("holm", "bonferroni", "bh", "none")


def adjust(p_values: Sequence[float], method: str) -> list[float]:
    """Adjust a family of p-values: ``"holm"``, ``"bonferroni"``, ``"bh"`` or ``"none"``."""
    if method == "holm":
        return holm(p_values)
    if method == "bonferroni":
        return bonferroni(p_values)
    if method == "bh":
        return benjamini_hochberg(p_values)
    if method == "none":
        return [float(p) for p in _p_array(p_values)]
    raise ValueError(f"method must be one of {', '.join(ADJUSTMENTS)}, got {method!r}")


# --------------------------------------------------------------------------- counts: two shares


def _check_count(k: int, n: int, name: str) -> tuple[int, int]:
    n = _check_n(n, f"n{name}")
    if isinstance(k, bool) or not isinstance(k, numbers.Integral) or not 0 <= k <= n:
        raise ValueError(f"k{name} must be a whole count between 0 and n{name}={n}, got {k!r}")
    return int(k), n


def two_proportion_test(k1: int, n1: int, k2: int, n2: int, *, min_expected: float = MIN_EXPECTED,
                        exact_below: int = 0) -> tuple[float, str]:
    """Two-sided p-value for k1/n1 against k2/n2, and the test used.

    The pooled z-test (``"z-two-proportions"``), or Fisher's exact test (``"fisher"``) when
    an expected count is below *min_expected* (Cochran's rule) or a group has fewer than
    *exact_below* cases, where the normal approximation cannot be trusted.
    """
    k1, n1 = _check_count(k1, n1, "1")
    k2, n2 = _check_count(k2, n2, "2")
    table = np.array([[k1, n1 - k1], [k2, n2 - k2]])
    if k1 + k2 in (0, n1 + n2):
        return 1.0, "z-two-proportions"  # no variation at all: nothing to test
    if _min_expected(table) < min_expected or min(n1, n2) < exact_below:
        from scipy.stats import fisher_exact

        return float(fisher_exact(table).pvalue), "fisher"
    from statsmodels.stats.proportion import proportions_ztest

    _, p_value = proportions_ztest(table[:, 0], table.sum(axis=1))
    return float(p_value), "z-two-proportions"


def newcombe_interval(k1: int, n1: int, k2: int, n2: int,
                      level: float = 0.95) -> tuple[float, float]:
    """Newcombe's (1998) hybrid score interval for k1/n1 − k2/n2, in percentage points."""
    from statsmodels.stats.proportion import confint_proportions_2indep

    k1, n1 = _check_count(k1, n1, "1")
    k2, n2 = _check_count(k2, n2, "2")
    low, high = confint_proportions_2indep(k1, n1, k2, n2, method="newcomb", compare="diff",
                                           alpha=1 - _check_level(level))
    return 100 * float(low), 100 * float(high)


def one_sample_test(k: int, n: int, p0: float) -> float:
    """Exact two-sided binomial p-value for k of n against a known share *p0* (0–1).

    For a sample compared with a census (the population value is known, not estimated) and
    for "most of them" statements (p0 = 0.5).
    """
    from scipy.stats import binomtest

    k, n = _check_count(k, n, "")
    if not 0 < p0 < 1:
        raise ValueError(f"p0 must lie strictly between 0 and 1, got {p0!r}")
    return float(binomtest(k, n, p0).pvalue)


def sign_test(k1: int, k2: int) -> float:
    """Exact two-sided sign test: do k1 and k2 answers (of the same respondents) differ?

    The respondents who chose neither drop out; under "no difference" each of the k1 + k2
    others is equally likely to be on either side (binomial, p = 1/2).
    """
    from scipy.stats import binomtest

    if k1 < 0 or k2 < 0:
        raise ValueError(f"counts must not be negative, got {k1!r} and {k2!r}")
    return float(binomtest(k1, k1 + k2, 0.5).pvalue) if k1 + k2 else 1.0


# --------------------------------------------------------------------------- equivalence


def _norm_cdf(x: float) -> float:
    return 0.5 * math.erfc(-x / math.sqrt(2))


def equivalence_h(h: float, se: float, margin: float, *, lower_only: bool = False) -> tuple[
        float, float]:
    """TOST on Cohen's h: (p that |h| < margin, p that h lies beyond the margin).

    h of two shares is close to normal with standard error ``se`` (√(1/n1 + 1/n2) for two
    samples, √(1/n) for a sample against a known value). Equivalence is shown when both
    one-sided tests reject, i.e. when the (1 − 2α) interval lies inside ±margin; the first
    p-value is the larger of the two one-sided ones. The second is the one-sided p-value of
    "the difference is larger than the margin" on the side of the estimate (small: the data
    contradict "no big difference"). With ``lower_only`` only the lower bound counts: "group 1
    is not worse than group 2 by more than the margin" (non-inferiority, "almost as good").
    """
    if se <= 0 or margin <= 0:
        raise ValueError(f"se and margin must be positive, got {se!r} and {margin!r}")
    p_low = 1 - _norm_cdf((h + margin) / se)   # H0: h <= -margin
    p_high = _norm_cdf((h - margin) / se)      # H0: h >= +margin
    if lower_only:
        return p_low, _norm_cdf((h + margin) / se)
    beyond = 1 - _norm_cdf((h - margin) / se) if h >= 0 else _norm_cdf((h + margin) / se)
    return max(p_low, p_high), beyond


def sign_equivalence(k1: int, k2: int, margin: float) -> tuple[float, float]:
    """Exact TOST for two answers of the same respondents (see :func:`sign_test`).

    Of the k1 + k2 respondents who chose one of the two answers, the share π choosing the
    first is "the same as the other" when Cohen's h between π and 1/2 is below *margin*, i.e.
    when π lies within (sin²(π/4 − margin/2), sin²(π/4 + margin/2)) – 40 to 60 % for h = 0.2.
    Returns (p for equivalence, p for a difference beyond the margin), exact binomial.
    """
    from scipy.stats import binom

    m = k1 + k2
    if m == 0:
        return 1.0, 1.0
    lo = math.sin(math.pi / 4 - margin / 2) ** 2
    hi = math.sin(math.pi / 4 + margin / 2) ** 2
    p_above_lo = float(binom.sf(k1 - 1, m, lo))   # H0: pi <= lo
    p_below_hi = float(binom.cdf(k1, m, hi))      # H0: pi >= hi
    beyond = float(binom.sf(k1 - 1, m, hi)) if k1 / m >= 0.5 else float(binom.cdf(k1, m, lo))
    return max(p_above_lo, p_below_hi), beyond


def equivalence_w(statistic: float, n: int, dof: int, margin: float) -> tuple[float, float]:
    """Wellek's chi-square test of equivalence for Cohen's w of a whole table.

    Under "w equals the margin" the chi-square statistic of *n* cases follows a non-central
    chi-square with *dof* degrees of freedom and non-centrality n·margin². A small statistic
    shows w < margin (first p-value: lower tail); a large one shows w > margin (second:
    upper tail). Wellek (2010), *Testing statistical hypotheses of equivalence and
    noninferiority*, ch. 9.
    """
    from scipy.stats import ncx2

    if margin <= 0 or dof < 1:
        raise ValueError(f"margin must be positive and dof at least 1, got {margin!r}, {dof!r}")
    nc = _check_n(n, "n") * margin**2
    return float(ncx2.cdf(statistic, dof, nc)), float(ncx2.sf(statistic, dof, nc))


# --------------------------------------------------------------------------- tables of counts


@dataclass(frozen=True)
class TableTest:
    """A chi-square test on counts (:func:`contingency_test`, :func:`goodness_of_fit`).

    ``test`` is ``"chi-square"`` / ``"goodness-of-fit"`` (asymptotic p) or the same with
    ``"-permutation"`` / ``"-simulated"`` (Monte Carlo p, used when an expected count is below
    the threshold); ``n`` is the number of cases the statistic rests on.
    """

    statistic: float
    dof: int
    p_value: float
    min_expected: float
    n: int
    test: str

    @property
    def cohens_w(self) -> float:
        """Cohen's w = √(χ² / n): the effect size of the whole table."""
        return cohens_w(self.statistic, self.n)


def cohens_w(statistic: float, n: int) -> float:
    """Cohen's w from a chi-square statistic on *n* cases (0.1 small, 0.3 medium, 0.5 large)."""
    return math.sqrt(max(statistic, 0.0) / _check_n(n, "n"))


def total_variation(p: Sequence[float], q: Sequence[float]) -> float:
    """Total variation distance of two distributions (each summing to 1): ½·Σ|p − q|.

    The share of cases that would have to move category to make the two equal (0–1).
    """
    if len(p) != len(q):
        raise ValueError(f"p and q differ in length: {len(p)} vs {len(q)}")
    return 0.5 * float(np.abs(np.asarray(p, float) - np.asarray(q, float)).sum())


def _counts_table(table: Sequence[Sequence[int]]) -> np.ndarray:
    arr = np.asarray(table, dtype=float)
    if arr.ndim != 2 or (arr < 0).any() or (arr != np.round(arr)).any():
        raise ValueError("table must be a two-way table of whole, non-negative counts")
    arr = arr[:, arr.sum(axis=0) > 0]
    arr = arr[arr.sum(axis=1) > 0, :]
    if arr.shape[0] < 2 or arr.shape[1] < 2:
        raise ValueError("table needs two rows and two columns with cases after dropping empty "
                         "ones")
    return arr.astype(int)


def contingency_test(table: Sequence[Sequence[int]], *, min_expected: float = MIN_EXPECTED,
                     resamples: int = 10_000, seed: int = 2005) -> TableTest:
    """Chi-square test of homogeneity on a table of counts (groups x categories).

    Rows or columns without any case are dropped. No continuity correction. When an
    expected count is below *min_expected* the p-value is a Monte Carlo one: *resamples*
    random tables with the same margins (scipy's ``random_table``), from a fixed *seed* so the
    result can be repeated.
    """
    from scipy.stats import MonteCarloMethod, chi2_contingency

    arr = _counts_table(table)
    plain = chi2_contingency(arr, correction=False)
    smallest = float(plain.expected_freq.min())
    test, p_value = "chi-square", float(plain.pvalue)
    if smallest < min_expected:
        method = MonteCarloMethod(n_resamples=resamples, rng=np.random.default_rng(seed))
        p_value = float(chi2_contingency(arr, correction=False, method=method).pvalue)
        test = "chi-square-permutation"
    return TableTest(float(plain.statistic), int(plain.dof), p_value, smallest,
                     int(arr.sum()), test)


def goodness_of_fit(counts: Sequence[int], shares: Sequence[float], *,
                    min_expected: float = MIN_EXPECTED, resamples: int = 10_000,
                    seed: int = 2005) -> TableTest:
    """Chi-square goodness of fit of observed *counts* to known population *shares*.

    For a sample compared with a census: the census shares are known, so the only
    uncertainty is the sample's (a one-sample question, not a comparison of two samples).
    *shares* are rescaled to sum to 1. When an expected count is below *min_expected* the
    p-value is simulated: *resamples* multinomial samples from the census shares (fixed seed).
    """
    obs = np.asarray(counts, dtype=float)
    q = np.asarray(shares, dtype=float)
    if obs.shape != q.shape or obs.ndim != 1 or len(obs) < 2:
        raise ValueError("counts and shares must be two equally long lists (2+ categories)")
    if (q < 0).any() or q.sum() <= 0 or (obs < 0).any():
        raise ValueError("counts and shares must not be negative")
    if ((q == 0) & (obs > 0)).any():
        raise ValueError("a category with cases has a census share of 0: no goodness of fit")
    keep = q > 0
    obs, q = obs[keep], q[keep] / q[keep].sum()
    n = int(obs.sum())
    expected = n * q
    statistic = float(((obs - expected) ** 2 / expected).sum())
    dof = len(obs) - 1
    smallest = float(expected.min())
    if smallest >= min_expected:
        from scipy.stats import chi2

        return TableTest(statistic, dof, float(chi2.sf(statistic, dof)), smallest, n,
                         "goodness-of-fit")
    rng = np.random.default_rng(seed)
    draws = rng.multinomial(n, q, size=resamples)
    simulated = ((draws - expected) ** 2 / expected).sum(axis=1)
    p_value = (int((simulated >= statistic * (1 - 1e-12)).sum()) + 1) / (resamples + 1)
    return TableTest(statistic, dof, p_value, smallest, n, "goodness-of-fit-simulated")
