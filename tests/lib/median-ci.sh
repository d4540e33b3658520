# Copyright (c) 2026 The ovs-nat64 authors.
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at:
#
#     http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.

# Sourced by the benchmarks that compare two configurations round by round
# (tests/vm/vm-bench.sh, tests/bench/ovs-bench.sh): the median of the
# per-round ratios, a confidence interval of that median, and a verdict
# against a goal.
#
# The interval is the k-th smallest to the k-th largest of the n ratios,
# k the largest for which it holds the median with at least 95%
# probability: the median lies below the k-th smallest with probability
# P(Binomial(n, 1/2) < k), whatever the distribution.  Below 6 rounds no
# interval reaches 95%: k is 1, the whole range, whose coverage
# (1 - 2**(1-n): 75% for 3 rounds) median_ci_coverage prints.

MEDIAN_CI_AWK='
    # P(Binomial(n, 1/2) <= j)
    function binom_cdf(n, j,    i, c, s) {
        c = 1; s = 0
        for (i = 0; i <= j; i++) {
            s += c
            c = c * (n - i) / (i + 1)
        }
        return s / 2 ^ n
    }
    function median_ci_rank(n,    k) {
        for (k = int(n / 2); k > 1; k--) {
            if (1 - 2 * binom_cdf(n, k - 1) >= 0.95) return k
        }
        return 1
    }
    function median_ci_coverage(n,    k) {
        k = median_ci_rank(n)
        return 1 - 2 * binom_cdf(n, k - 1)
    }'

# median_ci_cell [GOAL]: reads one ratio per line; prints "median (lo-hi)"
# and, with GOAL, "met" when the whole interval is at or above GOAL, "NOT
# met" when it is all below, "undecided" when it straddles GOAL; "-" when
# there is no ratio.
median_ci_cell() {
    sort -g | awk -v goal="${1:-}" '
        { r[NR] = $1 }
        END {
            if (NR == 0) { printf "-"; exit }
            k = median_ci_rank(NR)
            lo = r[k]; hi = r[NR + 1 - k]
            printf "%.2f (%.2f-%.2f)", r[int((NR + 1) / 2)], lo, hi
            if (goal != "") {
                if (lo >= goal) printf " met"
                else if (hi < goal) printf " NOT met"
                else printf " undecided"
            }
        }
        '"$MEDIAN_CI_AWK"
}

# median_ci_coverage N: the interval's coverage for N rounds, as "97%".
median_ci_coverage() {
    awk -v n="$1" 'BEGIN { printf "%.0f%%", median_ci_coverage(n) * 100 }
        '"$MEDIAN_CI_AWK"
}
