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

# Sourced by bash scripts that set up network namespaces and private Open
# vSwitch instances from the build tree (tests/scenario/nat64-scenario.sh,
# tests/bench/ovs-bench.sh): logged set-up commands, the removal of
# everything with the script's prefix, and the instances.
#
# The script sets: me (its name, for messages), PFX (the prefix of its
# namespaces and links), TMP_GLOB (its temporary directories), ovsdir (the
# Open vSwitch build tree), and defines ovs_ns INST (the namespace of
# instance INST).  tmp (its temporary directory, files of INST in
# $tmp/INST) and setup_log are set once made.  With ovs_installed=yes, the
# instances are the installed Open vSwitch instead (the Debian packages of
# utilities/build-debs.sh): /usr/bin's programs, started and stopped by the
# package's own ovs-ctl with its default database and paths, so only one
# instance can run then.

ovs_installed=${ovs_installed:-no}
OVS_CTL=/usr/share/openvswitch/scripts/ovs-ctl

# lost_upcalls, for the checks at the end.
# shellcheck source=lost-upcalls.sh
. "$(dirname "${BASH_SOURCE[0]}")/lost-upcalls.sh"

err() { printf '%s: %s\n' "$me" "$*" >&2; }

tmp=
setup_log=/dev/null
die() {
    err "$*"
    if [ -s "$setup_log" ] && [ "$setup_log" != /dev/null ]; then
        echo "--- last lines of $setup_log:" >&2
        tail -n 15 "$setup_log" >&2
    fi
    exit 1
}

# run CMD...: runs a set-up command, logs it, dies with its output on error.
run() {
    local out rc
    printf '+ %s\n' "$*" >> "$setup_log"
    out=$("$@" 2>&1)
    rc=$?
    [ -n "$out" ] && printf '%s\n' "$out" >> "$setup_log"
    if [ $rc -ne 0 ]; then
        err "set-up command failed (exit $rc): $*"
        [ -n "$out" ] && printf '%s\n' "$out" | sed 's/^/    /' >&2
        exit 1
    fi
}

# ---------------------------------------------------------------------------
# Namespaces, processes, leftovers.

netns_list() {
    ip netns list 2>/dev/null | awk '{print $1}' | grep -E "^$PFX-" || true
}
root_links() {
    ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | sed 's/@.*//' \
        | grep -E "^$PFX" || true
}
leftovers() {
    netns_list
    root_links
    ls -d $TMP_GLOB 2>/dev/null || true
}

# Stops every process left in namespace $1 (they can only be this script's:
# the namespace is this script's), TERM first, KILL after 3 s.
kill_netns_pids() {
    local ns=$1 pids i
    pids=$(ip netns pids "$ns" 2>/dev/null)
    [ -n "$pids" ] || return 0
    kill -TERM $pids 2>/dev/null
    for i in 1 2 3 4 5 6; do
        sleep 0.5
        pids=$(ip netns pids "$ns" 2>/dev/null)
        [ -n "$pids" ] || return 0
    done
    kill -KILL $pids 2>/dev/null
    sleep 0.2
}

# Removes every namespace, link and temporary directory with the prefix;
# prints what is still there, if anything, and fails then.
remove_all() {
    local ns link left
    for ns in $(netns_list); do kill_netns_pids "$ns"; done
    for ns in $(netns_list); do ip netns del "$ns" 2>/dev/null; done
    for link in $(root_links); do ip link del "$link" 2>/dev/null; done
    rm -rf $TMP_GLOB
    left=$(leftovers)
    if [ -n "$left" ]; then
        err "could not remove: $(echo $left)"
        return 1
    fi
    return 0
}

# ---------------------------------------------------------------------------
# Open vSwitch instances.

# in_ovs INST CMD...: runs CMD in INST's namespace with INST's environment.
in_ovs() {
    local inst=$1 d=$tmp/$1
    shift
    if [ "$ovs_installed" = yes ]; then
        ip netns exec "$(ovs_ns $inst)" "$@"
        return
    fi
    ip netns exec "$(ovs_ns $inst)" env OVS_RUNDIR="$d" OVS_DBDIR="$d" \
        OVS_LOGDIR="$d" OVS_PKGDATADIR="$d" OVS_SYSCONFDIR="$d" "$@"
}
# ovs_bin NAME: the path of Open vSwitch program NAME (ovs-vsctl, ...).
ovs_bin() {
    if [ "$ovs_installed" = yes ]; then
        case $1 in
            ovs-vswitchd|ovsdb-server) echo "/usr/sbin/$1" ;;
            *) echo "/usr/bin/$1" ;;
        esac
        return
    fi
    case $1 in
        ovs-vswitchd) echo "$ovsdir/vswitchd/$1" ;;
        ovsdb-*) echo "$ovsdir/ovsdb/$1" ;;
        *) echo "$ovsdir/utilities/$1" ;;
    esac
}
vsctl() { local i=$1; shift; in_ovs $i "$(ovs_bin ovs-vsctl)" --timeout=20 "$@"; }
ofctl() { local i=$1; shift; in_ovs $i "$(ovs_bin ovs-ofctl)" "$@"; }
appctl() { local i=$1; shift; in_ovs $i "$(ovs_bin ovs-appctl)" --timeout=10 "$@"; }
# start_ovs INST [--system]: ovsdb-server and ovs-vswitchd for instance INST
# in its namespace, files in $tmp/INST.  Without --system, ovs-vswitchd
# leaves the kernel datapath (openvswitch.ko) alone.
start_ovs() {
    local inst=$1 d=$tmp/$1 no_system=--disable-system
    [ "${2:-}" = --system ] && no_system=
    run mkdir -p "$d"
    if [ "$ovs_installed" = yes ]; then
        [ -z "$no_system" ] || die "start_ovs: the installed Open vSwitch" \
            "runs on the kernel datapath only (--system)"
        run in_ovs $inst "$OVS_CTL" start --system-id=random
        # The bridges made here are removed at the end: there must be
        # none of an operator's to mix them with.
        [ -z "$(vsctl $inst list-br)" ] || die "the installed Open" \
            "vSwitch has bridges already ($(vsctl $inst list-br | xargs)):" \
            "it must have none"
        return
    fi
    run cp "$ovsdir/vswitchd/vswitch.ovsschema" "$d/"
    run "$ovsdir/ovsdb/ovsdb-tool" create "$d/conf.db" "$d/vswitch.ovsschema"
    run in_ovs $inst "$ovsdir/ovsdb/ovsdb-server" "$d/conf.db" \
        --remote=punix:"$d/db.sock" --pidfile --log-file --detach --no-chdir
    run vsctl $inst --no-wait init
    start_vswitchd $inst ${2:-}
    # A file to source for debugging with --keep.
    cat > "$d/env.sh" <<EOF
# . $d/env.sh, then e.g.: ovs-$inst ovs-vsctl show
export OVS_RUNDIR=$d OVS_DBDIR=$d OVS_LOGDIR=$d OVS_PKGDATADIR=$d OVS_SYSCONFDIR=$d
PATH=$ovsdir/utilities:\$PATH
ovs-$inst() { ip netns exec $(ovs_ns $inst) "\$@"; }
EOF
}

# start_vswitchd INST [--system]: ovs-vswitchd alone, ovsdb-server running.
start_vswitchd() {
    local inst=$1 no_system=--disable-system
    [ "${2:-}" = --system ] && no_system=
    if [ "$ovs_installed" = yes ]; then
        run in_ovs $inst "$OVS_CTL" --no-ovsdb-server start --system-id=random
        return
    fi
    run in_ovs $inst "$ovsdir/vswitchd/ovs-vswitchd" $no_system \
        --pidfile --log-file --detach --no-chdir
}

# kill_vswitchd INST: INST's ovs-vswitchd killed with SIGKILL, as a crash
# would (its monitor, if any, does not restart it after SIGKILL), and gone.
kill_vswitchd() {
    local inst=$1 pidfile pid i
    pidfile=$tmp/$inst/ovs-vswitchd.pid
    [ "$ovs_installed" = yes ] && pidfile=/var/run/openvswitch/ovs-vswitchd.pid
    pid=$(cat "$pidfile" 2>/dev/null) || die "kill_vswitchd: no $pidfile"
    run kill -KILL "$pid"
    for i in $(seq 1 50); do
        alive "$pid" || return 0
        sleep 0.1
    done
    die "kill_vswitchd: ovs-vswitchd ($pid) is still there 5 s after kill -9"
}

# alive PID: the process exists and is not a zombie (this machine's init may
# take its time to reap the detached daemons).
alive() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    [ "${stat%% *}" != Z ]
}

# stop_ovs INST: asks INST's daemons to exit, TERM after 3 s.
stop_ovs() {
    local inst=$1 d=$tmp/$1 daemon pid i br
    [ -d "$d" ] || return 0
    if [ "$ovs_installed" = yes ]; then
        for br in $(vsctl $inst list-br 2> /dev/null); do
            vsctl $inst del-br "$br" > /dev/null 2>&1
        done
        in_ovs $inst "$OVS_CTL" stop > /dev/null 2>&1
        return 0
    fi
    for daemon in ovs-vswitchd ovsdb-server; do
        [ -f "$d/$daemon.pid" ] || continue
        pid=$(cat "$d/$daemon.pid" 2>/dev/null)
        appctl $inst -t "$d/$daemon.$pid.ctl" exit >/dev/null 2>&1
        for i in 1 2 3 4 5 6 7 8 9 10; do
            alive "$pid" || break
            sleep 0.3
        done
        alive "$pid" && kill -TERM "$pid" 2>/dev/null
    done
}
