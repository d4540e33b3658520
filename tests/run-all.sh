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

# Runs every test: builds (utilities/build.sh, which also installs the
# Debian packages unless --no-install is given), then "make check".  Prints
# the logs of the failed tests; exits with the tests' status.  A skipped
# test counts as failed.

set -u

usage() {
    cat <<EOF
Usage: $0 [--no-install] [--help]
Builds ovs-nat64, the patched Open vSwitch and the patched kernel module
(utilities/build.sh) and runs every test (make check): unit tests, fuzzers,
nat64-xlate, the Open vSwitch test suites the patches touch, the paper's
scenario on the userspace datapath and the kernel datapath in a VM.
A skipped test (a missing prerequisite) counts as failed.

  --no-install   passed to utilities/build.sh: do not install packages
  --help         print this help and exit
EOF
}

build_args=
for arg in "$@"; do
    case $arg in
        --no-install) build_args="$build_args $arg" ;;
        --help|-h) usage; exit 0 ;;
        *) echo "$0: unknown argument '$arg'" >&2; usage >&2; exit 2 ;;
    esac
done

cd "$(dirname "$0")/.." || exit 1

# shellcheck disable=SC2086
utilities/build.sh $build_args || {
    echo "run-all.sh: the build failed, no tests run" >&2
    exit 1
}

echo "run-all.sh: running the tests (make check)..."
make check
status=$?
# Here every prerequisite was installed, so a skipped test (exit 77) did
# not run for a reason that must be fixed: it fails the run.
skipped=$(find . -name test-suite.log -not -path './autom4te.cache/*' \
              -exec sed -n 's/^SKIP: //p' {} +)
if [ -n "$skipped" ]; then
    echo "run-all.sh: skipped, which counts as failed here:" >&2
    echo "$skipped" | sed 's/^/  /' >&2
    [ $status -ne 0 ] || status=1
fi
if [ $status -ne 0 ]; then
    echo "run-all.sh: tests failed (exit $status); the logs of the failures:"
    # The harness collects the log of every failed test in test-suite.log.
    find . -name test-suite.log -not -path './autom4te.cache/*' |
    while read -r log; do
        echo "=================== $log ==================="
        cat "$log"
    done
fi
exit $status
