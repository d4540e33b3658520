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

# Sourced by every test that starts ovs-vswitchd (tests/vm/vm-lib.sh,
# tests/lib/netns-ovs.sh, tests/tenant/tenant-lib.sh): did a datapath lose
# an upcall?  A lost upcall is a packet that missed the datapath's flow
# table and never reached ovs-vswitchd: with Open vSwitch 3.1.0's per-CPU
# dispatch and zero handler threads, every first packet of a flow is lost
# that way (patches/ovs/0001 and 0002), and a test that retries or waits
# would hide it.

# lost_upcalls APPCTL...: runs "APPCTL dpctl/show" and "APPCTL
# coverage/read-counter", APPCTL being the ovs-appctl command line that
# reaches the ovs-vswitchd under test, and prints one line for every
# counter that says an upcall was lost:
#   - "lost:N" of each datapath in dpctl/show (the kernel datapath's
#     n_lost: the upcall could not be queued to a handler's socket; the
#     userspace datapath's: the upcall failed or found upcalls disabled);
#   - the coverage counters datapath_drop_upcall_error and
#     datapath_drop_lock_error (the userspace datapath's two reasons).
# Prints nothing and returns 0 when every counter is 0; returns 1 when one
# moved, 2 (with the error) when ovs-vswitchd could not be asked.
lost_upcalls() {
    local show counter n moved=0
    show=$("$@" dpctl/show 2>&1) || {
        echo "cannot read the datapath statistics: $* dpctl/show: $show"
        return 2
    }
    printf '%s\n' "$show" | awk '
        /^[^ \t]/ { dp = $1; sub(/:$/, "", dp) }
        /lookups:/ {
            for (i = 1; i <= NF; i++) {
                if ($i ~ /^lost:/ && substr($i, 6) + 0 > 0) {
                    sub(/^[ \t]*/, "")
                    printf "datapath %s lost upcalls (dpctl/show: %s)\n", dp, $0
                    moved = 1
                }
            }
        }
        END { exit moved }' || moved=1
    for counter in datapath_drop_upcall_error datapath_drop_lock_error; do
        n=$("$@" coverage/read-counter $counter 2>&1) || {
            echo "cannot read coverage counter $counter: $n"
            return 2
        }
        if [ "$n" != 0 ]; then
            echo "coverage counter $counter is $n (upcalls dropped by the" \
                 "userspace datapath)"
            moved=1
        fi
    done
    return $moved
}
