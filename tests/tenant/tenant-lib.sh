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

# Sourced (by bash) from tests/tenant/tenant-test.sh and
# tests/bench/tenant-bench.sh: a private Open vSwitch (ovsdb-server and
# ovs-vswitchd from the build tree, in a network namespace of its own, with
# its files in a temporary directory) and ovs-nat64-tenant run against it.
#
# The caller sets top_srcdir, NS (the namespace, named n64t-*) and tmp (the
# temporary directory) before calling start_ovs, and calls stop_ovs and
# remove_ns on exit.

ovsdir=${OVS_BUILDDIR:-$top_srcdir/_build/ovs}
# shellcheck source=../lib/lost-upcalls.sh
. "$top_srcdir/tests/lib/lost-upcalls.sh"
TOOL=$top_srcdir/utilities/ovs-nat64-tenant
PY=/usr/bin/python3

# ovs_built: the patched Open vSwitch is in $ovsdir.
ovs_built() {
    local bin
    for bin in vswitchd/ovs-vswitchd ovsdb/ovsdb-server ovsdb/ovsdb-tool \
               ovsdb/ovsdb-client utilities/ovs-vsctl utilities/ovs-ofctl \
               utilities/ovs-appctl; do
        [ -x "$ovsdir/$bin" ] || return 1
    done
}

# in_ns CMD...: runs CMD in the namespace, with the instance's environment
# and the build tree's Open vSwitch first in PATH.
in_ns() {
    local d=$tmp/ovs
    ip netns exec "$NS" env OVS_RUNDIR="$d" OVS_DBDIR="$d" OVS_LOGDIR="$d" \
        OVS_PKGDATADIR="$d" OVS_SYSCONFDIR="$d" \
        PATH="$ovsdir/utilities:$ovsdir/ovsdb:$ovsdir/vswitchd:$PATH" \
        PYTHONPATH="$ovsdir/python${PYTHONPATH:+:$PYTHONPATH}" "$@"
}
vsctl() { in_ns ovs-vsctl --timeout=60 "$@"; }
ofctl() { in_ns ovs-ofctl "$@"; }
appctl() { in_ns ovs-appctl --timeout=30 "$@"; }
tool() { in_ns "$TOOL" "$@"; }

start_ovsdb() {
    local d=$tmp/ovs
    mkdir -p "$d" &&
    cp "$ovsdir/vswitchd/vswitch.ovsschema" "$d/" &&
    "$ovsdir/ovsdb/ovsdb-tool" create "$d/conf.db" "$d/vswitch.ovsschema" &&
    in_ns ovsdb-server "$d/conf.db" --remote=punix:"$d/db.sock" \
        --pidfile --log-file --detach --no-chdir 2>>"$tmp/daemons.log" &&
    in_ns ovs-vsctl --no-wait init
}

start_vswitchd() {
    in_ns ovs-vswitchd --disable-system --pidfile --log-file --detach \
        --no-chdir 2>>"$tmp/daemons.log"
}

start_ovs() {
    ip netns add "$NS" && ip -n "$NS" link set lo up && start_ovsdb \
        && start_vswitchd
}

# alive PID: the process exists and is not a zombie.
alive() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    [ "${stat%% *}" != Z ]
}

# stop_daemon NAME [SECONDS]: asks the daemon to exit, waits, then TERM and
# KILL.  Only the pid from this instance's pidfile.
stop_daemon() {
    local name=$1 secs=${2:-30} d=$tmp/ovs pid i
    [ -f "$d/$name.pid" ] || return 0
    pid=$(cat "$d/$name.pid" 2>/dev/null)
    [ -n "$pid" ] || return 0
    in_ns ovs-appctl --timeout=5 -t "$d/$name.$pid.ctl" exit \
        >/dev/null 2>&1
    i=0
    while alive "$pid" && [ $i -lt $((secs * 10)) ]; do
        sleep 0.1
        i=$((i + 1))
    done
    if alive "$pid"; then
        kill -TERM "$pid" 2>/dev/null
        sleep 1
        alive "$pid" && kill -KILL "$pid" 2>/dev/null
    fi
    rm -f "$d/$name.pid"
}

stop_vswitchd() { stop_daemon ovs-vswitchd "$@"; }

stop_ovs() {
    [ -n "$tmp" ] && [ -d "$tmp/ovs" ] || return 0
    stop_daemon ovs-vswitchd "${1:-30}"
    stop_daemon ovsdb-server 10
}

remove_ns() {
    ip netns list 2>/dev/null | awk '{print $1}' | grep -qxF "$NS" \
        && ip netns del "$NS"
}

# now_ms: milliseconds since the epoch.
now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }
