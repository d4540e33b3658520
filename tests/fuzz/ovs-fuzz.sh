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

# "make fuzz-ovs": Open vSwitch's own libFuzzer targets (tests/oss-fuzz/ in
# its tree, the ones OSS-Fuzz runs), built from the patched tree with
# clang, AddressSanitizer and UndefinedBehaviorSanitizer, run from seed
# corpora that contain the nat64 action (tests/fuzz/ovs-seeds.py).  Not a
# part of "make check": ten minutes per target by default.

set -u

me=$(basename "$0")
usage() {
    cat <<EOF
Usage: $me [--seconds N] [--jobs N] [--targets "T..."] [--help]
Builds Open vSwitch's libFuzzer targets with patches/ovs/ applied
(utilities/build-ovs.sh --fuzz, in _build/ovs-fuzz), writes seed corpora
with nat64 in them, checks that the targets read the seeds' nat64 actions,
then runs each target for N seconds and prints its executions, coverage
and findings.

  --seconds N     how long each target runs (default: \$OVS_FUZZ_SECONDS
                  or 600)
  --jobs N        targets run at once (default 2)
  --targets "T.." which targets (default: $default_targets)
  --help          print this help and exit

Corpora grow in _build/ovs-fuzz-run/corpus/TARGET between runs; findings
(crash-*, leak-*, timeout-*, oom-*) go to _build/ovs-fuzz-run/findings/.
Exits 0 when no target found anything, 1 when one did or failed to run.
Needs clang and libc++-14-dev (utilities/build.sh installs them).
EOF
}

default_targets="odp_target ofctl_parse_target ofp_print_target flow_extract_target"
targets=$default_targets
seconds=${OVS_FUZZ_SECONDS:-600}
jobs=2
while [ $# -gt 0 ]; do
    case $1 in
        --seconds) seconds=${2:?--seconds needs a number}; shift ;;
        --seconds=*) seconds=${1#*=} ;;
        --jobs) jobs=${2:?--jobs needs a number}; shift ;;
        --jobs=*) jobs=${1#*=} ;;
        --targets) targets=${2:?--targets needs a list}; shift ;;
        --targets=*) targets=${1#*=} ;;
        --help|-h) usage; exit 0 ;;
        *) echo "$me: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
case $seconds$jobs in
    *[!0-9]*|'') echo "$me: --seconds and --jobs take whole numbers" >&2; exit 2 ;;
esac
for t in $targets; do
    case " $default_targets " in
        *" $t "*) ;;
        *) echo "$me: unknown target '$t' (one of: $default_targets)" >&2
           exit 2 ;;
    esac
done

top=$(cd "$(dirname "$0")/../.." && pwd)
builddir=$top/_build/ovs-fuzz
run=$top/_build/ovs-fuzz-run
PATH=/usr/bin:/bin:$PATH

fail() { echo "$me: $*" >&2; exit 1; }

echo "== building the targets (utilities/build-ovs.sh --fuzz)"
"$top/utilities/build-ovs.sh" --fuzz --builddir "$builddir" || exit 1

echo "== seed corpora"
rm -rf "$run/seeds"
/usr/bin/python3 "$top/tests/fuzz/ovs-seeds.py" "$run/seeds" \
    | sed 's/^/  /' || fail "tests/fuzz/ovs-seeds.py failed"

# The seeds must reach the nat64 code, or the run fuzzes something else:
# each target, run once on its first seed, must print the action back
# (ofctl_parse_target prints no flow: that it chose a protocol means that
# the nat64 flow parsed, which Open vSwitch without the patches refuses).
echo "== the targets read the seeds' nat64 actions"
expect_odp_target='nat64(mode=4to6,prefix=fe80::/96,ttl=copy)'
expect_ofctl_parse_target='chosen protocol:'
expect_ofp_print_target='nat64:4toll6'
for t in $targets; do
    eval "expect=\${expect_$t:-}"
    [ -n "$expect" ] || continue
    out=$("$builddir/tests/oss-fuzz/$t" "$run/seeds/$t/seed-000" 2>&1)
    if printf '%s\n' "$out" | grep -qF -- "$expect"; then
        echo "  $t: prints '$expect'"
    else
        printf '%s\n' "$out" | tail -n 20 >&2
        fail "$t does not print '$expect' for its first seed"
    fi
done

# dict = NAME from tests/oss-fuzz/config/TARGET.options, if any.
dict_of() {
    local opts=$builddir/tests/oss-fuzz/config/$1.options name
    [ -f "$opts" ] || return 0
    name=$(sed -n 's/^dict *= *//p' "$opts")
    [ -n "$name" ] && echo "-dict=$builddir/tests/oss-fuzz/config/$name"
}

run_target() {
    local t=$1 dict
    mkdir -p "$run/corpus/$t" "$run/findings/$t" "$run/logs"
    rm -f "$run/findings/$t"/*
    dict=$(dict_of "$t")
    "$builddir/tests/oss-fuzz/$t" -max_total_time="$seconds" \
        -print_final_stats=1 -close_fd_mask=1 $dict \
        -artifact_prefix="$run/findings/$t/" \
        "$run/corpus/$t" "$run/seeds/$t" > "$run/logs/$t.log" 2>&1
    echo $? > "$run/logs/$t.status"
}

echo "== fuzzing: $(echo $targets | wc -w) targets, $seconds s each," \
     "$jobs at a time (logs in $run/logs)"
running=0
for t in $targets; do
    if [ $running -ge "$jobs" ]; then
        wait -n
        running=$((running - 1))
    fi
    echo "  [$(date +%T)] $t started"
    run_target "$t" &
    running=$((running + 1))
done
wait

echo "== results"
status=0
printf '  %-20s %12s %9s %7s %7s %8s  %s\n' target executions "exec/s" cov ft corpus findings
for t in $targets; do
    log=$run/logs/$t.log
    rc=$(cat "$run/logs/$t.status" 2>/dev/null || echo '?')
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
    cov=$(printf '%s\n' "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
    ft=$(printf '%s\n' "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
    corpus=$(ls "$run/corpus/$t" | wc -l)
    findings=$(ls "$run/findings/$t" | wc -l)
    printf '  %-20s %12s %9s %7s %7s %8s  %s\n' "$t" "${execs:-?}" \
        "${rate:-?}" "${cov:-?}" "${ft:-?}" "$corpus" "$findings"
    if [ "$rc" != 0 ] || [ "$findings" != 0 ]; then
        status=1
        echo "  $t: exit status $rc, findings in $run/findings/$t; the end" \
             "of $log:" >&2
        tail -n 30 "$log" | sed 's/^/    /' >&2
    fi
done
[ $status = 0 ] && echo "$me: no findings"
exit $status
