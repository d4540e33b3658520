#!/bin/bash
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

# Upstream's Open vSwitch kernel selftests (in the VM:
# utilities/ovs-nat64-vm --line 6.12 tests/vm/vm-selftest.sh [TEST]...):
# tools/testing/selftests/net/openvswitch of the kernel line's source, with
# patches/kernel/<line>/ applied, as datapath/build-module.sh leaves it next
# to the module (_build/kernel-6.12/tree/...): openvswitch.sh and
# ovs-dpctl.py, which the patches teach the nat64 action and a "nat64"
# test (ping through the translation both ways, ARP through ND).  Runs
# every test of openvswitch.sh (or the TESTs given) on the loaded module,
# which must be the patched one; a test that openvswitch.sh skips fails
# here, as it would hide what the patched module does.  Linux 6.1 has no
# such selftests: on it this exits 77.

set -u
NAME=vm-selftest
. "$(dirname "$0")/vm-lib.sh"
module=${OVS_NAT64_MODULE:-}
[ -n "$module" ] || fail "OVS_NAT64_MODULE is not set (run it with utilities/ovs-nat64-vm)"
src=$(dirname "$module")/tree/tools/testing/selftests/net/openvswitch
if [ ! -f "$src/openvswitch.sh" ]; then
    say "SKIP: no upstream selftests for this kernel line ($src)"
    exit 77
fi
[ -d /sys/module/openvswitch ] || fail "openvswitch.ko is not loaded"
$PY -c 'import pyroute2' 2> /dev/null \
    || fail "no pyroute2 for ovs-dpctl.py (apt-get install python3-pyroute2)"

# openvswitch.sh writes its logs next to itself: a copy in /tmp.
d=$(mktemp -d /tmp/vm-selftest.XXXXXX) || fail "mktemp"
trap 'rm -rf "$d"' EXIT
run cp -r "$src/." "$d/"
cd "$d" || fail "cd $d"
# The tests openvswitch.sh has: the first word of each line of its
# "tests" list.
all=$(sed -n '/^tests="/,/"$/p' openvswitch.sh | sed 's/^tests="//' \
      | awk 'NF { print $1 }')
echo "$all" | grep -qx nat64 || fail "openvswitch.sh has no nat64 test"
tests=${*:-$all}

# One openvswitch.sh per test, so that each has its own time limit and
# verdict.  Each ends with a line "TEST: <description> [ OK ]", "[FAIL]"
# or a skip: "[SKIP]" (a missing tool or feature), "[PYLIB]" (no pyroute2)
# or "[NOMOD]" (no openvswitch module); -v shows every step.  The slow TCG
# machine gets the longer waits that kselftest gives slow machines.
passed= failed=
for t in $tests; do
    say "openvswitch.sh -v $t"
    KSFT_MACHINE_SLOW=yes timeout -s KILL 300 bash ./openvswitch.sh -v "$t" \
        2>&1 | tee "$d/$t.out"
    rc=${PIPESTATUS[0]}
    if [ $rc = 0 ] && grep -q -E '^TEST: .*\[ OK \]' "$d/$t.out" \
       && ! grep -q -E '^TEST: .*\[(FAIL|SKIP|PYLIB|NOMOD)\]' "$d/$t.out"
    then
        passed="$passed $t"
    else
        [ $rc = 137 ] && rc="$rc: killed after 300 s"
        say "$t: did not pass (exit $rc)"
        failed="$failed $t"
    fi
done
say "passed:${passed:- none}; failed:${failed:- none}"
[ -z "$failed" ] || fail "upstream selftests that did not pass:$failed"
say PASS
