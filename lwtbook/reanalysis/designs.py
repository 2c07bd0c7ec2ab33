"""The statistics of each design: which test a comparison gets, on which counts.

Every test works on whole counts reconstructed from the printed percentages
(:mod:`lwtbook.reanalysis.shares`); :mod:`lwtbook.reanalysis.evaluate` calls it at the nearest
counts and at both ends of the rounding range. By the row's ``kind`` and ``design``:

* two shares of independent groups (``independent``; survey rounds, ``rounds``): pooled
  z-test, or Fisher's exact test for small groups or small expected counts; Newcombe's
  interval for the difference; Cohen's h;
* a sample against a census (``census``): exact binomial test against the known population
  share; for a whole distribution a chi-square goodness of fit;
* two answers of the same respondents (``same-respondents``): exact sign test;
* one share against a fixed value (``one-sample``, "most of them"): exact binomial test;
* several groups (``k-groups``): one chi-square test across all groups (Monte Carlo p when
  groups or expected counts are small); for "most"/"least" the claimed group against its
  nearest rival only as a protected follow-up;
* two distributions: chi-square test of homogeneity;
* "no (big) difference": an equivalence test of its own – TOST on Cohen's h for shares
  (non-inferiority for "almost as"), the exact binomial TOST for two answers of the same
  respondents, Wellek's test on Cohen's w for whole tables.

Each function returns an :class:`Outcome`; :mod:`lwtbook.reanalysis.verdicts` turns it into a
verdict once the family's adjustment is known.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lwtbook import fmt, stats
from lwtbook.reanalysis.shares import Share
from lwtbook.settings import Settings

__all__ = ["Outcome", "against_census", "distance", "distribution_census", "distributions",
           "h_of", "k_groups", "largest_category", "n_needed", "one_share", "two_independent",
           "within"]

N_SEARCH_LIMIT = 1_000_000


# --------------------------------------------------------------------------- outcome


@dataclass(frozen=True)
class Outcome:
    """One test result, before the family's adjustment.

    ``p`` is the p-value for the claim as stated (for a "no difference" claim: the
    equivalence test); ``p_against`` is the p-value for "the difference is larger than the
    margin" (equivalence claims only); ``p_follow`` the protected follow-up of a "most" /
    "least" claim. ``difference`` (percentage points, with ``ci``) describes a pair;
    ``measure`` says what it is: ``pp`` (a difference of shares), ``afstand`` (total
    variation distance between distributions) or ``spreiding`` (largest minus smallest);
    ``shares`` are the two percentages behind a ``pp`` difference.
    """

    test: str
    measure: str = ""
    difference: float | None = None
    ci: tuple[float, float] | None = None
    h: float | None = None
    w: float | None = None
    p: float | None = None
    p_follow: float | None = None
    p_against: float | None = None
    note: str = ""
    shares: tuple[float, float] | None = None


# --------------------------------------------------------------------------- two shares


def h_of(p1: float, p2: float) -> float:
    """Cohen's h of two percentages, each clipped to 0–100 (re-expressed shares may overshoot)."""
    return stats.cohens_h(min(max(p1, 0.0), 100.0), min(max(p2, 0.0), 100.0))


def two_independent(k1: int, n1: int, k2: int, n2: int, d1: float, d2: float,
                    expected: str, s: Settings) -> Outcome:
    """Two independent groups (or survey rounds): z-test / Fisher, Newcombe, Cohen's h; for
    "no (big) difference" the TOST on h (non-inferiority for "almost as")."""
    p, test = stats.two_proportion_test(k1, n1, k2, n2, min_expected=s.min_expected,
                                        exact_below=s.exact_below)
    ci = stats.newcombe_interval(k1, n1, k2, n2, s.level)
    h = h_of(d1, d2)
    if expected in ("group1=group2", "group1>=group2"):
        h_counts = h_of(100 * k1 / n1, 100 * k2 / n2)
        p_eq, p_beyond = stats.equivalence_h(h_counts, math.sqrt(1 / n1 + 1 / n2), s.margin_h,
                                             lower_only=expected == "group1>=group2")
        name = "tost" if expected == "group1=group2" else "noninferiority"
        return Outcome(name, "pp", d1 - d2, ci, h, p=p_eq, p_against=p_beyond,
                       note=f"gewone verschiltoets: {fmt.p_value(p)}", shares=(d1, d2))
    return Outcome(test, "pp", d1 - d2, ci, h, p=p, shares=(d1, d2))


def against_census(k1: int, n1: int, p0: float, d1: float, expected: str,
                   s: Settings) -> Outcome:
    """A sample share against a known population share *p0* (%): exact binomial test; the
    interval is the sample's Wilson interval minus p0."""
    p = stats.one_sample_test(k1, n1, min(max(p0, 1e-9), 100 - 1e-9) / 100)
    low, high = stats.wilson_interval(100 * k1 / n1, n1, s.level)
    h = h_of(d1, p0)
    if expected in ("group1=group2", "group1>=group2"):
        p_eq, p_beyond = stats.equivalence_h(h_of(100 * k1 / n1, p0), math.sqrt(1 / n1),
                                             s.margin_h, lower_only=expected == "group1>=group2")
        name = "tost" if expected == "group1=group2" else "noninferiority"
        return Outcome(name, "pp", d1 - p0, (low - p0, high - p0), h, p=p_eq,
                       p_against=p_beyond, note=f"gewone toets: {fmt.p_value(p)}",
                       shares=(d1, p0))
    return Outcome("binomial", "pp", d1 - p0, (low - p0, high - p0), h, p=p, shares=(d1, p0))


def within(k1: int, k2: int, n: int, d1: float, d2: float, expected: str,
           s: Settings) -> Outcome:
    """Two answers of the same n respondents: exact sign test; Wald interval for the
    difference of two shares of one multinomial sample, variance (p1 + p2 − (p1 − p2)²)/n."""
    q1, q2 = k1 / n, k2 / n
    z = _z(s.level)
    half = z * math.sqrt(max(q1 + q2 - (q1 - q2) ** 2, 0.0) / n)
    ci = (100 * (q1 - q2 - half), 100 * (q1 - q2 + half))
    h = h_of(d1, d2)
    if expected == "group1=group2":
        p_eq, p_beyond = stats.sign_equivalence(k1, k2, s.margin_h)
        return Outcome("tost-binomial", "pp", d1 - d2, ci, h, p=p_eq, p_against=p_beyond,
                       note=f"tekentoets op verschil: {fmt.p_value(stats.sign_test(k1, k2))}",
                       shares=(d1, d2))
    return Outcome("sign", "pp", d1 - d2, ci, h, p=stats.sign_test(k1, k2), shares=(d1, d2))


def _z(level: float) -> float:
    from statistics import NormalDist

    return NormalDist().inv_cdf(0.5 + level / 2)


def one_share(k: int, n: int, d: float, p0: float, s: Settings) -> Outcome:
    """One share against a fixed value (e.g. 50 % for "most of them"): exact binomial test."""
    low, high = stats.wilson_interval(100 * k / n, n, s.level)
    return Outcome("binomial", "pp", d - p0, (low - p0, high - p0), h_of(d, p0),
                   p=stats.one_sample_test(k, n, p0 / 100), shares=(d, p0))


# --------------------------------------------------------------------------- tables


def _table_test(table: list[list[int]], s: Settings, simulate: bool) -> stats.TableTest:
    return stats.contingency_test(table, min_expected=s.min_expected if not simulate
                                  else math.inf, resamples=s.resamples, seed=s.seed)


def k_groups(groups: Sequence[Share], expected: str, claimed: str, s: Settings) -> Outcome:
    """One share across several groups: chi-square across all of them (Monte Carlo p when a
    group is small or an expected count is); for "most"/"least" the claimed group against its
    nearest rival as a follow-up; for "no differences" Wellek's test on w."""
    table = [[g.k, g.n - g.k] for g in groups]
    small = min(g.n for g in groups) < s.exact_below
    tt = _table_test(table, s, small)
    shares = {g.label: g.pct for g in groups}
    spread = max(shares.values()) - min(shares.values())
    if expected == "equal":
        p_eq, p_beyond = stats.equivalence_w(tt.statistic, tt.n, tt.dof, s.margin_w)
        return Outcome("equivalence-w", "spreiding", spread, None, None, tt.cohens_w, p=p_eq,
                       p_against=p_beyond, note=f"chi-kwadraattoets: {fmt.p_value(tt.p_value)}")
    if expected == "varies":
        return Outcome(tt.test, "spreiding", spread, None, None, tt.cohens_w, p=tt.p_value)
    mine = next(g for g in groups if g.label == claimed)
    others = [g for g in groups if g.label != claimed]
    rival = (max if expected == "max" else min)(others, key=lambda g: g.pct)
    p_follow, follow_test = stats.two_proportion_test(
        mine.k, mine.n, rival.k, rival.n, min_expected=s.min_expected, exact_below=s.exact_below)
    ci = stats.newcombe_interval(mine.k, mine.n, rival.k, rival.n, s.level)
    name = "exacte toets van Fisher" if follow_test == "fisher" else "z-toets"
    return Outcome(tt.test, "pp", mine.pct - rival.pct, ci, h_of(mine.pct, rival.pct),
                   tt.cohens_w, p=tt.p_value, p_follow=p_follow,
                   note=f"vervolgtoets {claimed} tegen {rival.label} ({name}): "
                        f"{fmt.p_value(p_follow)}", shares=(mine.pct, rival.pct))


def distance(d1: dict[str, float], d2: dict[str, float]) -> float:
    """Total variation distance (pp) of two distributions given as percentages per label."""
    t1, t2 = sum(d1.values()), sum(d2.values())
    return 100 * stats.total_variation([d1[c] / t1 for c in d1], [d2[c] / t2 for c in d1])


def largest_category(d1: dict[str, float], d2: dict[str, float]) -> str:
    """Every category checked: the one with the largest difference, as a note."""
    t1, t2 = sum(d1.values()), sum(d2.values())
    label = max(d1, key=lambda c: abs(d1[c] / t1 - d2[c] / t2))
    return (f"grootste verschil in één categorie: '{label}' ({fmt.percent(100 * d1[label] / t1)}"
            f" tegen {fmt.percent(100 * d2[label] / t2)})")


def distributions(c1: dict[str, int], c2: dict[str, int], d1: dict[str, float],
                  d2: dict[str, float], expected: str, s: Settings) -> Outcome:
    """Two distributions over the same labels: chi-square test of homogeneity; for "the same"
    Wellek's test on w. The size shown is the total variation distance (pp)."""
    labels = list(c1)
    small = min(sum(c1.values()), sum(c2.values())) < s.exact_below
    tt = _table_test([[c1[c] for c in labels], [c2[c] for c in labels]], s, small)
    return _whole_table(tt, d1, d2, expected, s, "chi-kwadraattoets")


def distribution_census(c1: dict[str, int], d1: dict[str, float], q: dict[str, float],
                        expected: str, s: Settings) -> Outcome:
    """A sample's distribution against a census: goodness of fit (simulated p for small
    expected counts); for "the same" Wellek's test on w with the sample's n."""
    labels = list(c1)
    tt = stats.goodness_of_fit([c1[c] for c in labels], [q[c] for c in labels],
                               min_expected=s.min_expected, resamples=s.resamples, seed=s.seed)
    return _whole_table(tt, d1, q, expected, s, "toets op aanpassing")


def _whole_table(tt: stats.TableTest, d1: dict[str, float], d2: dict[str, float],
                 expected: str, s: Settings, name: str) -> Outcome:
    """The outcome for a whole distribution: the chi-square test, or for "the same"
    Wellek's test on w (the chi-square p in the note); size: the distance."""
    tv, largest = distance(d1, d2), largest_category(d1, d2)
    if expected == "group1=group2":
        p_eq, p_beyond = stats.equivalence_w(tt.statistic, tt.n, tt.dof, s.margin_w)
        return Outcome("equivalence-w", "afstand", tv, None, None, tt.cohens_w, p=p_eq,
                       p_against=p_beyond, note=f"{name}: {fmt.p_value(tt.p_value)}; {largest}")
    return Outcome(tt.test, "afstand", tv, None, None, tt.cohens_w, p=tt.p_value, note=largest)


# --------------------------------------------------------------------------- untestable


def n_needed(test: Callable[[int], float | None], alpha: float) -> int | None:
    """Smallest n (equal groups) at which *test* gives p < alpha; None if no n does."""
    def below(n: int) -> bool:
        p = test(n)
        return p is not None and p < alpha

    hi = 2
    while not below(hi):
        hi *= 2
        if hi > N_SEARCH_LIMIT:
            return None
    lo = hi // 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if below(mid):
            hi = mid
        else:
            lo = mid
    return hi
