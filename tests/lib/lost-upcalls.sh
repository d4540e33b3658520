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
#
# The userspace datapath also counts as lost the upcall of a packet that
# arrives on a port in the short window between the port's addition to the
# datapath and the next main-loop iteration of ovs-vswitchd, which makes the
# port known to the translation (xlate_lookup() answers ENODEV; the kernel
# datapath's handlers install a drop flow for such a packet and count
# nothing).  A test whose peers send while ports are being added (IPv6
# router solicitations, MLD reports) takes the counts once its set-up is
# done and checks with --since.

# upcall_loss_counts APPCTL...: prints the counters lost_upcalls reads, one
# per line as "KEY VALUE [DETAIL]": "dp:NAME N lookups: ..." for every
# datapath in "APPCTL dpctl/show", "coverage:NAME N" for the two coverage
# counters.  Returns 2 (with the error on stdout) when ovs-vswitchd could
# not be asked.
upcall_loss_counts() {
    local show counter n
    show=$("$@" dpctl/show 2>&1) || {
        echo "cannot read the datapath statistics: $* dpctl/show: $show"
        return 2
    }
    printf '%s\n' "$show" | awk '
        /^[^ \t]/ { dp = $1; sub(/:$/, "", dp) }
        /lookups:/ {
            for (i = 1; i <= NF; i++) {
                if ($i ~ /^lost:/) {
                    sub(/^[ \t]*/, "")
                    printf "dp:%s %d %s\n", dp, substr($i, 6) + 0, $0
                }
            }
        }'
    for counter in datapath_drop_upcall_error datapath_drop_lock_error; do
        n=$("$@" coverage/read-counter $counter 2>&1) || {
            echo "cannot read coverage counter $counter: $n"
            return 2
        }
        echo "coverage:$counter $n"
    done
}

# lost_upcalls [--since COUNTS] APPCTL...: runs upcall_loss_counts and
# prints one line for every counter that says an upcall was lost:
#   - "lost:N" of each datapath in dpctl/show (the kernel datapath's
#     n_lost: the upcall could not be queued to a handler's socket; the
#     userspace datapath's: the upcall failed or found upcalls disabled);
#   - the coverage counters datapath_drop_upcall_error and
#     datapath_drop_lock_error (the userspace datapath's two reasons).
# With --since, COUNTS being what upcall_loss_counts printed earlier, only
# what moved since then counts.  Prints nothing and returns 0 when nothing
# moved, returns 1 when a counter moved, 2 (with the error) when
# ovs-vswitchd could not be asked.
lost_upcalls() {
    local since= now key n detail base moved=0
    if [ "$1" = --since ]; then
        since=$2
        shift 2
    fi
    now=$(upcall_loss_counts "$@") || { echo "$now"; return 2; }
    while read -r key n detail; do
        base=$(printf '%s\n' "$since" | awk -v k="$key" '$1 == k { print $2 }')
        n=$((n - ${base:-0}))
        [ $n -gt 0 ] || continue
        moved=1
        case $key in
            dp:*)
                echo "datapath ${key#dp:} lost $n upcall(s)${since:+ since the set-up}" \
                     "(dpctl/show: $detail)" ;;
            coverage:*)
                echo "coverage counter ${key#coverage:} moved by $n${since:+ since the set-up}" \
                     "(upcalls dropped by the userspace datapath)" ;;
        esac
    done <<EOF2
$now
EOF2
    return $moved
}
