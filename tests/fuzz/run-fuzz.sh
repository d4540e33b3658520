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

# Runs each libFuzzer harness (tests/fuzz/fuzz-4to6, tests/fuzz/fuzz-6to4)
# for $NAT64_FUZZ_SECONDS seconds (default 60), starting from a scratch copy
# of its seed corpus (the corpus in the source tree is never modified), and
# prints the executions per second.  Fails if a fuzzer finds a crash, a
# sanitizer report or a broken invariant: the reproducer is kept as
# tests/fuzz/crash-<direction>-<hash> in the build tree; rerun it with
# "tests/fuzz/fuzz-<direction> <file>".  Skips (77) when the fuzzers were
# not built (configure found no clang with libFuzzer).
#
# Run by "make check"; alone: "top_srcdir=. sh tests/fuzz/run-fuzz.sh" from
# the build tree.

: "${top_srcdir:=${srcdir:-$(dirname "$0")/../..}}"
: "${top_builddir:=.}"
seconds=${NAT64_FUZZ_SECONDS:-60}

missing=
for dir in 4to6 6to4; do
    if ! test -x "$top_builddir/tests/fuzz/fuzz-$dir"; then
        missing="$missing fuzz-$dir"
    fi
done
if test -n "$missing"; then
    echo "SKIP: fuzzers not built ($missing): configure found no clang" \
         "that links -fsanitize=fuzzer (Debian: clang libclang-rt-14-dev)"
    exit 77
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/nat64-fuzz.XXXXXX") || exit 99
trap 'rm -rf "$scratch"' EXIT
trap 'exit 130' INT TERM

status=0
for dir in 4to6 6to4; do
    fuzzer=$top_builddir/tests/fuzz/fuzz-$dir
    corpus=$scratch/corpus-$dir
    log=$scratch/fuzz-$dir.log
    mkdir "$corpus" "$scratch/artifacts-$dir" || exit 99
    cp "$top_srcdir/tests/fuzz/corpus-$dir/"* "$corpus/" || exit 99
    seeds=$(ls "$corpus" | wc -l)

    # libFuzzer's default error exit code is 77, which automake would
    # take for SKIP.
    UBSAN_OPTIONS=print_stacktrace=1 \
    "$fuzzer" -max_total_time="$seconds" -print_final_stats=1 \
        -timeout=10 -error_exitcode=1 -timeout_exitcode=1 \
        -artifact_prefix="$scratch/artifacts-$dir/" \
        "$corpus" >"$log" 2>&1
    rc=$?

    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    cov=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -n 1 \
          | sed -n 's/.*\(cov: [0-9]*\).*\(ft: [0-9]*\).*/\1 \2/p')
    secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log")
    echo "fuzz-$dir: ${execs:-?} executions in ${secs:-less than $seconds}" \
         "seconds, ${rate:-?} execs/s, $seeds seeds ->" \
         "$(ls "$corpus" | wc -l) corpus units, $cov"

    crashes=$(ls "$scratch/artifacts-$dir" 2>/dev/null)
    if test $rc -ne 0 || test -n "$crashes"; then
        status=1
        echo "fuzz-$dir FAILED (exit status $rc); end of its log:"
        grep -v -E '^#[0-9]+|Uses: ' "$log" | tail -n 60
        for f in $crashes; do
            # crash-<hash> becomes crash-<direction>-<hash>.
            kind=$(echo "$f" | sed 's/-[0-9a-f]*$//')
            keep=$top_builddir/tests/fuzz/$kind-$dir-${f##*-}
            cp "$scratch/artifacts-$dir/$f" "$keep"
            echo "reproducer: $keep (run: $fuzzer $keep)"
        done
    fi
done
exit $status
