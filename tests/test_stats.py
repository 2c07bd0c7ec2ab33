"""lwtbook.stats against textbook examples and hand calculations (never against its own output)."""

from __future__ import annotations

import math
import subprocess
import sys
from dataclasses import FrozenInstanceError
from decimal import ROUND_HALF_UP, Decimal

import pytest

from lwtbook import stats
from lwtbook.stats import (
    chi_square_distributions,
    cohens_h,
    cohens_h_label,
    compare_proportions,
    count_range,
    grim_possible,
    holm,
    wilson_interval,
)

pytestmark = pytest.mark.unit

Z95 = 1.959963984540054  # standard normal quantile 0.975


def wilson_by_hand(k: float, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval (proportions 0–1) straight from the textbook formula."""
    p = k / n
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z / (1 + z**2 / n) * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    return centre - half, centre + half


# --------------------------------------------------------------------------- Wilson


def test_wilson_81_of_263_matches_the_formula_in_percent():
    low, high = wilson_by_hand(81, 263)
    assert wilson_interval(100 * 81 / 263, 263) == pytest.approx((100 * low, 100 * high))


def test_wilson_81_of_263_matches_newcombe_1998():
    # Newcombe (1998), Statist. Med. 17:857, example 81/263: score interval 0.2553 to 0.3662.
    low, high = wilson_interval(100 * 81 / 263, 263)
    assert low == pytest.approx(25.53, abs=0.005)
    assert high == pytest.approx(36.62, abs=0.005)


def test_wilson_accepts_a_non_integer_count():
    # 30.8% of 263 is 81.004 cases: the formula is used with that count, not with 81.
    low, high = wilson_by_hand(30.8 * 263 / 100, 263)
    assert wilson_interval(30.8, 263) == pytest.approx((100 * low, 100 * high))


def test_wilson_other_level_uses_its_quantile():
    z90 = 1.6448536269514722  # standard normal quantile 0.95
    low, high = wilson_by_hand(81, 263, z=z90)
    assert wilson_interval(100 * 81 / 263, 263, level=0.90) == pytest.approx(
        (100 * low, 100 * high)
    )


def test_wilson_at_zero_percent_starts_at_zero():
    # k = 0: centre = half = (z²/2n) / (1 + z²/n), so the upper bound is z²/(n + z²).
    low, high = wilson_interval(0, 10)
    assert low == pytest.approx(0, abs=1e-12)
    assert high == pytest.approx(100 * Z95**2 / (10 + Z95**2))


# --------------------------------------------------------------------------- rounding bounds


def test_count_range_44_percent_of_569():
    # 247/569 = 43.41% -> 43; 248/569 = 43.59% -> 44; 253/569 = 44.46% -> 44; 254/569 = 44.64% -> 45
    assert count_range(44, 569) == (248, 253)


def printed(k: int, n: int, decimals: int = 0) -> Decimal:
    """100k/n rounded half up, as a report prints it (exact decimal arithmetic)."""
    exact = Decimal(100 * k) / Decimal(n)
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def test_count_range_44_of_569_one_below_and_above_print_43_and_45():
    low, high = count_range(44, 569)
    assert printed(low, 569) == printed(high, 569) == 44
    assert printed(low - 1, 569) == 43
    assert printed(high + 1, 569) == 45


def test_count_range_neighbours_of_44_of_569():
    assert count_range(43, 569) == (242, 247)  # 241/569 = 42.36 -> 42, 242/569 = 42.53 -> 43
    assert count_range(45, 569) == (254, 258)  # 258/569 = 45.34, 259/569 = 45.52 -> 46


def test_count_range_zero_percent():
    # 2/569 = 0.35% prints 0, 3/569 = 0.53% prints 1
    assert count_range(0, 569) == (0, 2)


def test_count_range_hundred_percent():
    # 566/569 = 99.47% prints 99, 567/569 = 99.65% prints 100
    assert count_range(100, 569) == (567, 569)


def test_count_range_exact_half_rounds_up():
    # 1/8 = 12.5% exactly: printed reports round half up, so it prints 13, not 12.
    assert printed(1, 8) == 13
    assert count_range(13, 8) == (1, 1)
    with pytest.raises(ValueError, match="no count"):
        count_range(12, 8)  # 0/8 = 0, 1/8 = 12.5 -> 13: nothing prints 12


def test_count_range_exact_half_at_one_decimal():
    # 1/400 = 0.25% prints 0.3 at one decimal; 2/400 = 0.5% prints 0.5.
    assert printed(1, 400, decimals=1) == Decimal("0.3")
    assert count_range(0.3, 400, decimals=1) == (1, 1)
    assert not grim_possible(0.2, 400, decimals=1)


def test_count_range_with_decimals():
    # 43.9% of 569: [43.85, 43.95) * 5.69 = [249.51, 250.08) -> k = 250 (43.937%)
    assert count_range(43.9, 569, decimals=1) == (250, 250)


def test_count_range_rejects_more_decimals_than_declared():
    with pytest.raises(ValueError, match="decimals"):
        count_range(43.9, 569)


def test_grim_fifty_percent_of_three_is_impossible():
    # 0/3 = 0, 1/3 = 33.3, 2/3 = 66.7, 3/3 = 100: 50 cannot be printed
    assert not grim_possible(50, 3)
    with pytest.raises(ValueError):
        count_range(50, 3)


@pytest.mark.parametrize(("pct", "count"), [(0, 0), (33, 1), (67, 2), (100, 3)])
def test_grim_possible_percentages_of_three(pct, count):
    assert grim_possible(pct, 3)
    assert count_range(pct, 3) == (count, count)


def brute_smallest_base(pcts, top=200):
    """The smallest n with whole counts printing as *pcts* and summing to n, by enumeration."""
    import itertools

    for n in range(1, top):
        options = [[k for k in range(n + 1) if math.floor(100 * k / n + 0.5) == p] for p in pcts]
        if any(sum(combo) == n for combo in itertools.product(*options)):
            return n
    return None


@pytest.mark.parametrize("pcts, n", [
    ([50, 50], 2),          # one and one
    ([33, 67], 3),          # one and two
    ([0, 50, 50], 2),       # an empty answer costs nothing
    ([25, 38, 38], 8),      # 2, 3, 3 of 8 (37.5 rounds up to 38)
    ([33, 17, 50], 6),      # 2, 1, 3 of 6
    ([100], 1),
])
def test_smallest_base_by_hand(pcts, n):
    assert stats.smallest_base(pcts) == n


@pytest.mark.parametrize("pcts", [[45, 20, 35], [51, 19, 31], [16, 78, 6], [44, 18, 38]])
def test_smallest_base_equals_enumeration(pcts):
    assert stats.smallest_base(pcts) == brute_smallest_base(pcts)


def test_smallest_base_none_when_the_shares_cannot_add_up():
    assert stats.smallest_base([60, 60], top=500) is None


def test_reconstruct_count_rounds_half_up():
    assert stats.reconstruct_count(12.5, 20) == 3  # 2.5 cases -> 3
    assert stats.reconstruct_count(44, 569) == 250  # 250.36 cases


# --------------------------------------------------------------------------- Cohen's h


def test_cohens_h_by_hand():
    assert cohens_h(50, 0) == pytest.approx(math.pi / 2)  # 2·asin(√½) = 2·π/4
    assert cohens_h(100, 0) == pytest.approx(math.pi)
    assert cohens_h(25, 50) == pytest.approx(2 * math.pi / 6 - math.pi / 2)  # asin(½) = π/6
    assert cohens_h(40, 40) == 0


@pytest.mark.parametrize(
    ("h", "label"),
    [
        (0.0, "negligible"),
        (0.19, "negligible"),
        (0.2, "small"),
        (-0.3, "small"),
        (0.5, "medium"),
        (0.79, "medium"),
        (0.8, "large"),
        (-1.2, "large"),
    ],
)
def test_cohens_h_label(h, label):
    assert cohens_h_label(h) == label


# --------------------------------------------------------------------------- two proportions


def test_newcombe_1998_difference_56_of_70_vs_48_of_80():
    # Newcombe (1998), Statist. Med. 17:873, example (c): method 10 gives 0.0524 to 0.3339.
    result = compare_proportions(80, 70, 60, 80)
    assert result.counts == ((56, 70), (48, 80))
    assert result.difference_pp == pytest.approx(20)
    assert result.ci_low == pytest.approx(5.24, abs=0.005)
    assert result.ci_high == pytest.approx(33.39, abs=0.005)


def test_newcombe_interval_from_wilson_limits_by_hand():
    # Method 10: d - sqrt((p1-l1)² + (u2-p2)²) to d + sqrt((u1-p1)² + (p2-l2)²).
    l1, u1 = wilson_by_hand(56, 70)
    l2, u2 = wilson_by_hand(48, 80)
    d = 0.8 - 0.6
    low = d - math.sqrt((0.8 - l1) ** 2 + (u2 - 0.6) ** 2)
    high = d + math.sqrt((u1 - 0.8) ** 2 + (0.6 - l2) ** 2)
    result = compare_proportions(80, 70, 60, 80)
    assert (result.ci_low, result.ci_high) == pytest.approx((100 * low, 100 * high))


def test_z_test_by_hand():
    # pooled p = 104/150; z = (0.8 - 0.6) / sqrt(p(1-p)(1/70 + 1/80)); two-sided p = erfc(|z|/√2)
    pooled = 104 / 150
    z = 0.2 / math.sqrt(pooled * (1 - pooled) * (1 / 70 + 1 / 80))
    result = compare_proportions(80, 70, 60, 80)
    assert result.test == "two-proportion z-test"
    assert result.p_value == pytest.approx(math.erfc(z / math.sqrt(2)))
    assert result.cohens_h == pytest.approx(2 * math.asin(math.sqrt(0.8)) - 2 * math.asin(0.6**0.5))


def test_fisher_tea_tasting():
    # Fisher's lady tasting tea: [[3, 1], [1, 3]]. Hypergeometric P(k) = C(4,k)C(4,4-k)/C(8,4):
    # 1, 16, 36, 16, 1 over 70; two-sided p sums tables as extreme as 16/70: 34/70 = 0.4857.
    result = compare_proportions(75, 4, 25, 4)
    assert result.counts == ((3, 4), (1, 4))
    assert result.test == "Fisher's exact test"  # every expected count is 2
    assert result.p_value == pytest.approx(34 / 70)
    assert round(result.p_value, 4) == 0.4857


def test_fisher_when_only_one_expected_count_is_small():
    # 2/100 vs 6/100: expected "yes" counts are 4 and 4 (< 5), the "no" counts 96.
    result = compare_proportions(2, 100, 6, 100)
    assert result.test == "Fisher's exact test"


def test_comparison_is_frozen():
    result = compare_proportions(80, 70, 60, 80)
    with pytest.raises(FrozenInstanceError):
        result.p_value = 0.0  # type: ignore[misc]


# --------------------------------------------------------------------------- chi-square


def test_chi_square_3_categories_by_hand():
    # counts [50, 30, 20] and [30, 30, 40]; expected 40, 30, 30 in each row.
    # X² = 2·10²/40 + 0 + 2·10²/30 = 5 + 20/3; with 2 df, p = exp(-X²/2).
    result = chi_square_distributions([50, 30, 20], 100, [30, 30, 40], 100)
    statistic = 5 + 20 / 3
    assert result.statistic == pytest.approx(statistic)
    assert result.dof == 2
    assert result.p_value == pytest.approx(math.exp(-statistic / 2))
    assert result.counts == ((50, 30, 20), (30, 30, 40))
    assert result.min_expected == pytest.approx(30)


def test_chi_square_drops_categories_empty_in_both():
    result = chi_square_distributions([50, 0, 30, 20], 100, [30, 0, 30, 40], 100)
    assert result.dof == 2
    assert result.counts == ((50, 30, 20), (30, 30, 40))
    assert result.statistic == pytest.approx(5 + 20 / 3)


def test_chi_square_two_categories_uses_yates():
    # [60, 40] vs [40, 60]: expected 50 everywhere; Yates X² = 4·(10 - 0.5)²/50 = 7.22;
    # with 1 df, p = erfc(sqrt(X²/2)).
    result = chi_square_distributions([60, 40], 100, [40, 60], 100)
    assert result.statistic == pytest.approx(7.22)
    assert result.dof == 1
    assert result.p_value == pytest.approx(math.erfc(math.sqrt(7.22 / 2)))


def test_chi_square_reconstructs_counts_from_percentages():
    # 33.3% and 66.7% of 30 -> 9.99 and 20.01 -> 10 and 20
    result = chi_square_distributions([33.3, 66.7], 30, [50, 50], 40)
    assert result.counts == ((10, 20), (20, 20))


def test_chi_square_rejects_unequal_lengths():
    with pytest.raises(ValueError, match="length"):
        chi_square_distributions([50, 50], 10, [30, 30, 40], 10)


# --------------------------------------------------------------------------- Holm


def test_holm_by_hand():
    # sorted 0.01, 0.03, 0.04 times 3, 2, 1 -> 0.03, 0.06, 0.04 -> monotone 0.03, 0.06, 0.06
    assert holm([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.06, 0.06])


def test_holm_caps_at_one_and_keeps_order():
    # sorted 0.2, 0.6 times 2, 1 -> 0.4, 0.6
    assert holm([0.6, 0.2]) == pytest.approx([0.6, 0.4])
    assert holm([0.9, 0.8]) == pytest.approx([1.0, 1.0])  # 0.8·2 capped at 1


def test_holm_empty():
    assert holm([]) == []


# --------------------------------------------------------------------------- imports, errors


def test_import_does_not_load_statsmodels_or_scipy():
    code = "import sys, lwtbook.stats; print('statsmodels' in sys.modules, 'scipy' in sys.modules)"
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.split() == ["False", "False"]


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: wilson_interval(-1, 10), "pct"),
        (lambda: wilson_interval(100.1, 10), "pct"),
        (lambda: wilson_interval(float("nan"), 10), "pct"),
        (lambda: wilson_interval(50, 0), "n"),
        (lambda: wilson_interval(50, 10.5), "n"),
        (lambda: wilson_interval(50, True), "n"),
        (lambda: wilson_interval(50, 10, level=1.5), "level"),
        (lambda: count_range(101, 10), "pct"),
        (lambda: count_range(50, -3), "n"),
        (lambda: count_range(50, 10, decimals=-1), "decimals"),
        (lambda: grim_possible(50, 0), "n"),
        (lambda: compare_proportions(120, 10, 50, 10), "p1"),
        (lambda: compare_proportions(50, 10, -5, 10), "p2"),
        (lambda: compare_proportions(50, 0, 50, 10), "n1"),
        (lambda: compare_proportions(50, 10, 50, 2.0), "n2"),
        (lambda: compare_proportions(50, 10, 50, 10, level=0), "level"),
        (lambda: chi_square_distributions([50, 150], 10, [50, 50], 10), r"pcts1\[1\]"),
        (lambda: chi_square_distributions([50, 50], 10, [50, 50], 0), "n2"),
        (lambda: cohens_h(50, 101), "p2"),
        (lambda: cohens_h_label(float("nan")), "h"),
        (lambda: holm([0.01, 1.2]), r"p_values\[1\]"),
    ],
)
def test_bad_inputs_raise_value_error_naming_the_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()


# --------------------------------------------------------------------------- multiple testing
# Against statsmodels (an independent implementation), on random families and on ties.


def _families():
    import numpy as np

    rng = np.random.default_rng(7)
    out = [[0.01, 0.04, 0.03], [0.05, 0.05, 0.01, 0.2], [1.0, 0.0, 0.5], [0.0004]]
    out += [list(rng.uniform(0, 0.2, size=m)) for m in (2, 5, 17, 61)]
    out += [list(rng.choice([0.001, 0.01, 0.03], size=9))]  # many ties
    return out


@pytest.mark.parametrize("family", _families())
@pytest.mark.parametrize(("ours", "method"), [
    (stats.holm, "holm"), (stats.benjamini_hochberg, "fdr_bh"), (stats.bonferroni, "bonferroni"),
])
def test_adjustments_equal_statsmodels(family, ours, method):
    from statsmodels.stats.multitest import multipletests

    assert ours(family) == pytest.approx(list(multipletests(family, method=method)[1]),
                                         abs=1e-12)


def test_adjust_dispatches_and_refuses_unknown_method():
    assert stats.adjust([0.01, 0.04], "none") == [0.01, 0.04]
    assert stats.adjust([0.01, 0.04], "holm") == stats.holm([0.01, 0.04])
    with pytest.raises(ValueError, match="method must be one of"):
        stats.adjust([0.01], "hochberg")


def test_bh_by_hand():
    # sorted 0.01, 0.03, 0.04 times 3/1, 3/2, 3/3 -> 0.03, 0.045, 0.04 -> from the top 0.03, 0.04
    assert stats.benjamini_hochberg([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.04, 0.04])


# --------------------------------------------------------------------------- tests on counts


def test_two_proportion_test_switches_to_fisher_for_small_groups():
    from scipy.stats import fisher_exact
    from statsmodels.stats.proportion import proportions_ztest

    # 36 of 43 against 22 of 32: expected counts all >= 5, but a group of 32 < 50
    p, test = stats.two_proportion_test(36, 43, 22, 32, exact_below=50)
    assert test == "fisher"
    assert p == pytest.approx(fisher_exact([[36, 7], [22, 10]]).pvalue)
    p, test = stats.two_proportion_test(36, 43, 22, 32, exact_below=0)
    assert test == "z-two-proportions"
    assert p == pytest.approx(proportions_ztest([36, 22], [43, 32])[1])


def test_one_sample_and_sign_tests_equal_scipy_binomtest():
    from scipy.stats import binomtest

    assert stats.one_sample_test(13, 1285, 0.10) == pytest.approx(binomtest(13, 1285, 0.1).pvalue)
    assert stats.sign_test(41, 27) == pytest.approx(binomtest(41, 68, 0.5).pvalue)
    assert stats.sign_test(0, 0) == 1.0


def test_newcombe_interval_equals_statsmodels():
    from statsmodels.stats.proportion import confint_proportions_2indep

    low, high = confint_proportions_2indep(668, 954, 107, 210, method="newcomb")
    assert stats.newcombe_interval(668, 954, 107, 210) == pytest.approx((100 * low, 100 * high))


def test_equivalence_h_is_two_one_sided_tests_on_the_normal():
    from scipy.stats import norm

    h, se, m = -0.05, 0.08, 0.2
    p_eq, beyond = stats.equivalence_h(h, se, m)
    assert p_eq == pytest.approx(max(norm.sf((h + m) / se), norm.cdf((h - m) / se)))
    assert beyond == pytest.approx(norm.cdf((h + m) / se))  # the side of the estimate
    # p < alpha exactly when the (1 - 2 alpha) interval lies inside the margin
    for h in (-0.1, 0.0, 0.05, 0.06, 0.07):
        low, high = h - norm.ppf(0.95) * se, h + norm.ppf(0.95) * se
        assert (stats.equivalence_h(h, se, m)[0] < 0.05) == (-m < low and high < m)
    p_ni, worse = stats.equivalence_h(-0.3, 0.05, m, lower_only=True)
    assert p_ni == pytest.approx(norm.sf((-0.3 + m) / 0.05))
    assert worse == pytest.approx(norm.cdf((-0.3 + m) / 0.05))


def test_sign_equivalence_equals_two_exact_one_sided_binomial_tests():
    import math

    from scipy.stats import binomtest

    lo, hi = math.sin(math.pi / 4 - 0.1) ** 2, math.sin(math.pi / 4 + 0.1) ** 2
    assert stats.cohens_h(100 * hi, 50) == pytest.approx(0.2)  # h = 0.2 around 1/2
    assert stats.cohens_h(50, 100 * lo) == pytest.approx(0.2)
    p_eq, beyond = stats.sign_equivalence(26, 37, 0.2)
    assert p_eq == pytest.approx(max(binomtest(26, 63, lo, alternative="greater").pvalue,
                                     binomtest(26, 63, hi, alternative="less").pvalue))
    assert beyond == pytest.approx(binomtest(26, 63, lo, alternative="less").pvalue)


def test_contingency_and_goodness_of_fit_equal_scipy():
    from scipy.stats import chi2_contingency, chisquare

    table = [[129, 43], [325, 102], [206, 149]]
    ours = stats.contingency_test(table)
    ref = chi2_contingency(table, correction=False)
    assert (ours.statistic, ours.p_value, ours.dof) == pytest.approx(
        (ref.statistic, ref.pvalue, ref.dof))
    assert ours.cohens_w == pytest.approx(math.sqrt(ref.statistic / 954))
    counts, shares = [200, 300, 500], [0.25, 0.25, 0.5]
    ours = stats.goodness_of_fit(counts, [25, 25, 50])  # shares are rescaled
    ref = chisquare(counts, [1000 * s for s in shares])
    assert (ours.statistic, ours.p_value) == pytest.approx((ref.statistic, ref.pvalue))


def test_monte_carlo_p_agrees_with_an_independent_permutation():
    """A small table (expected counts < 5): our simulated p against a permutation of the
    individual answers written here with numpy (a different algorithm than scipy's)."""
    import numpy as np
    from scipy.stats import chi2_contingency

    table = np.array([[36, 7], [22, 10], [20, 12], [11, 6]])
    ours = stats.contingency_test(table, resamples=4000, seed=1)
    assert ours.min_expected == pytest.approx(17 * 35 / 124)  # below 5: simulate
    assert ours.test == "chi-square-permutation"
    groups = np.repeat(np.arange(4), table.sum(axis=1))
    answers = np.concatenate([[1] * a + [0] * b for a, b in table])
    rng = np.random.default_rng(99)
    observed = chi2_contingency(table, correction=False).statistic
    hits = 0
    for _ in range(4000):
        shuffled = rng.permutation(answers)
        yes = np.bincount(groups, weights=shuffled, minlength=4)
        sim = np.column_stack([yes, table.sum(axis=1) - yes])
        hits += chi2_contingency(sim, correction=False).statistic >= observed - 1e-9
    reference = (hits + 1) / 4001
    assert abs(ours.p_value - reference) < 4 * math.sqrt(reference * (1 - reference) / 4000) + 0.005


def test_simulated_goodness_of_fit_is_close_to_the_exact_multinomial_p():
    """Three categories, n = 12: the exact p sums all multinomial outcomes at least as far off."""
    from itertools import product

    from scipy.stats import multinomial

    counts, shares = [7, 1, 4], [0.5, 0.25, 0.25]
    ours = stats.goodness_of_fit(counts, shares, resamples=20000, seed=3)
    assert ours.test == "goodness-of-fit-simulated"
    expected = [12 * s for s in shares]
    stat = sum((o - e) ** 2 / e for o, e in zip(counts, expected, strict=True))
    exact = sum(multinomial.pmf([a, b, 12 - a - b], 12, shares)
                for a, b in product(range(13), repeat=2) if a + b <= 12
                and sum((o - e) ** 2 / e for o, e in zip([a, b, 12 - a - b], expected,
                                                          strict=True)) >= stat - 1e-9)
    assert ours.p_value == pytest.approx(exact, abs=0.01)


def test_equivalence_w_equals_statsmodels_noncentral_chisquare():
    from statsmodels.stats.gof import chisquare as sm_chisquare

    observed, expected = [230, 560, 450, 45], [236.4, 568.2, 432.7, 47.7]
    statistic, beyond = sm_chisquare(observed, expected, value=0.1)
    p_eq, p_beyond = stats.equivalence_w(statistic, sum(observed), 3, 0.1)
    assert p_beyond == pytest.approx(beyond)
    assert p_eq == pytest.approx(1 - beyond)


def test_total_variation_and_cohens_w_by_hand():
    assert stats.total_variation([0.5, 0.3, 0.2], [0.4, 0.4, 0.2]) == pytest.approx(0.1)
    assert stats.cohens_w(9.0, 100) == pytest.approx(0.3)
    with pytest.raises(ValueError, match="length"):
        stats.total_variation([1.0], [0.5, 0.5])
