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

# The reference paper's scenario (figures 5 and 7) as a test: runs
# tests/scenario/nat64-scenario.sh, which sets everything up in network
# namespaces, checks it and removes it, and returns its status.  Exits 77
# (skipped) when the patched Open vSwitch is not built (utilities/build-ovs.sh)
# or when not run as root.  make check sets top_srcdir; by hand:
#     tests/scenario/scenario-test.sh

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
export top_srcdir
ovsdir=${OVS_BUILDDIR:-$top_srcdir/_build/ovs}

if [ ! -x "$ovsdir/vswitchd/ovs-vswitchd" ]; then
    echo "scenario-test.sh: no patched Open vSwitch in $ovsdir" \
         "(run utilities/build-ovs.sh): skipped"
    exit 77
fi
if [ "$(id -u)" != 0 ]; then
    echo "scenario-test.sh: not root (network namespaces need it): skipped"
    exit 77
fi

exec /bin/bash "$top_srcdir/tests/scenario/nat64-scenario.sh" "$@"
