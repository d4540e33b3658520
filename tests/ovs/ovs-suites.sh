#!/bin/sh
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

# Runs, in the patched Open vSwitch (utilities/build-ovs.sh), the test
# suites the patches touch: ofp-actions.at, odp.at, ofproto-dpif.at and
# drop-stats.at, the nat64 tests included, and the nat64 tests of
# system-traffic.at on the userspace datapath (make
# check-system-userspace).  With --all (or
# OVS_SUITES=all), runs Open vSwitch's whole unit test suite instead.
#
# Open vSwitch's tests run in a network namespace that has nothing but
# loopback, because some of them try to reach outside addresses.
# Exits 77 (skipped) when the patched Open vSwitch is not built.

set -u

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
ovsdir=${OVS_BUILDDIR:-$top_srcdir/_build/ovs}
suites=${OVS_SUITES:-touched}
[ "${1:-}" = --all ] && suites=all

if [ ! -x "$ovsdir/vswitchd/ovs-vswitchd" ]; then
    echo "ovs-suites.sh: no patched Open vSwitch in $ovsdir" \
         "(run utilities/build-ovs.sh): skipped"
    exit 77
fi
if ! unshare --net true 2>/dev/null; then
    echo "ovs-suites.sh: cannot make a network namespace (need root):" \
         "skipped, Open vSwitch's tests must not run outside one"
    exit 77
fi

PATH=/usr/bin:/bin:$PATH
export PATH
cd "$ovsdir" || exit 1

# The test programs and tests/testsuite, in step with the patched files.
make -j"${MAKE_JOBS:-2}" tests/testsuite > /dev/null || exit 1

if [ "$suites" = all ]; then
    flags="-j${OVS_TEST_JOBS:-8}"
    echo "ovs-suites.sh: Open vSwitch's whole test suite"
else
    # Test numbers of the touched files, found by file name.
    numbers=$(tests/testsuite -C tests -l \
              | awk '$2 ~ /^(ofp-actions|odp|ofproto-dpif|drop-stats)\.at:/ {
                         sub(":", "", $1); print $1 }' \
              | awk 'NR == 1 { first = last = $1; next }
                     $1 == last + 1 { last = $1; next }
                     { printf "%s-%s ", first, last; first = last = $1 }
                     END { if (NR) printf "%s-%s\n", first, last }')
    [ -n "$numbers" ] || { echo "ovs-suites.sh: no tests found"; exit 1; }
    flags="-j${OVS_TEST_JOBS:-4} $numbers"
    echo "ovs-suites.sh: ofp-actions.at, odp.at, ofproto-dpif.at, drop-stats.at" \
         "(tests $numbers)"
fi

unshare --net sh -c "ip link set lo up && \
    exec make -j${MAKE_JOBS:-2} check TESTSUITEFLAGS='$flags'" > check.log 2>&1
status=$?
if [ "$suites" != all ] && [ $status -eq 0 ]; then
    echo "ovs-suites.sh: system-traffic.at nat64 tests, userspace datapath"
    unshare --net sh -c "ip link set lo up && \
        exec make check-system-userspace TESTSUITEFLAGS='-k nat64'" \
        >> check.log 2>&1
    status=$?
fi
grep -E '^(ERROR|All|[0-9]+ (tests|failed))|tests? (was|were) successful|failed unexpectedly|^ *[0-9]+: .*(FAILED|expected failure|skipped)' \
    check.log
if [ $status -ne 0 ]; then
    echo "ovs-suites.sh: failures; see $ovsdir/check.log and" \
         "$ovsdir/tests/testsuite.dir"
    tail -n 30 check.log
    for log in tests/testsuite.dir/*/testsuite.log; do
        [ -f "$log" ] || continue
        echo "=================== $log ==================="
        tail -n 60 "$log"
    done
fi
exit $status
