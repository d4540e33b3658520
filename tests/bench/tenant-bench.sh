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

# "make bench-tenant": how long utilities/ovs-nat64-tenant takes to set up
# many tenants on the patched Open vSwitch's userspace datapath, against the
# goal of 1,000 tenants in under 60 s.  A benchmark that prints figures, not
# a test.
#
# A private Open vSwitch (from _build/ovs) runs in the network namespace
# n64t-bench-PID with one bridge, br0, datapath_type=netdev.  The service
# VM's taps are stood in for by veth pairs: a<i> and b<i> in the switch's
# namespace, their peers in n64t-bench-svc-PID (the VM's side) and down, so
# that no traffic flows; they are created before any timer starts.
# --ports internal lets Open vSwitch create the service ports instead (tap
# devices).
#
#  1. one "ovs-nat64-tenant add" per tenant, incrementally from 0 to N
#     tenants (N = 1000 by default) on the same bridge, with marks at 10,
#     100 and N: total and ms per tenant up to each mark, and ms per tenant
#     for each further hundred;
#  2. at N tenants: list, list --json, check, show, then del and add of one
#     tenant (the mean of 10), and what one ovs-vswitchd reconfiguration
#     costs at that size (any change of the database makes one);
#  3. "del br0 --all", then the same N tenants with one "add --batch";
#  4. a verdict against the goal.
#
# With --before REV, everything runs twice, first with the tool as it was
# in commit REV (taken from git) and then as it is, and a table compares
# the two; e.g. --before 6967423^, the last version before OVSDB went
# through the Python IDL.

[ -n "$BASH_VERSION" ] || exec /bin/bash "$0" "$@"
set -u

me=tenant-bench.sh
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
NS=n64t-bench-$$
NS_SVC=n64t-bench-svc-$$       # the service VM: the peers of the veths
tmp=
. "$top_srcdir/tests/tenant/tenant-lib.sh"

N=1000
ports=veth
do_single=yes
do_batch=yes
before=
usage() {
    cat <<EOF
Usage: $me [--tenants N] [--ports veth|internal] [--no-single] [--no-batch]

Measures ovs-nat64-tenant on a private Open vSwitch (userspace datapath) in
a network namespace: one "add" per tenant up to N tenants (default 1000),
list/check/show/del at N, then "add --batch" of N tenants.  Needs root and
the patched Open vSwitch (make ovs).

  --tenants N        number of tenants (default 1000)
  --ports veth       service ports are veth pairs made beforehand (default)
  --ports internal   the tool creates them as internal ports (--port-type)
  --no-single        skip the one-add-per-tenant run
  --no-batch         skip the add --batch run
  --before REV       run everything first with the tool of git commit REV
                     (e.g. 6967423^), then with this one, and compare
EOF
}
while [ $# -gt 0 ]; do
    case $1 in
        --tenants) N=$2; shift ;;
        --ports) ports=$2; shift ;;
        --no-single) do_single=no ;;
        --no-batch) do_batch=no ;;
        --before) before=$2; shift ;;
        --help|-h) usage; exit 0 ;;
        *) echo "$me: unknown argument $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
case $N in ''|*[!0-9]*) echo "$me: --tenants needs a number" >&2; exit 2 ;; esac
case $ports in veth|internal) ;; *) echo "$me: --ports veth or internal" >&2; exit 2 ;; esac
[ "$N" -ge 10 ] || { echo "$me: --tenants must be at least 10" >&2; exit 2; }

if [ -n "$before" ] && ! git -C "$top_srcdir" rev-parse -q --verify \
        "$before^{commit}" > /dev/null; then
    echo "$me: --before $before: no such commit in $top_srcdir" >&2
    exit 2
fi
if [ "$(id -u)" != 0 ]; then
    echo "$me: needs root (network namespaces)" >&2
    exit 1
fi
if ! ovs_built; then
    echo "$me: no patched Open vSwitch in $ovsdir: run make ovs first" >&2
    exit 1
fi

on_exit() {
    local rc=$?
    trap - EXIT INT TERM HUP
    if [ -n "$tmp" ]; then
        echo "== cleanup (stopping Open vSwitch with $((3 * N)) ports takes a while)"
        stop_ovs 120
        remove_ns
        ip netns del "$NS_SVC" 2>/dev/null
        rm -rf "$tmp"
    fi
    exit $rc
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

tmp=$(mktemp -d /tmp/n64t-bench.XXXXXX) || { tmp=; exit 1; }
die() { echo "$me: $*" >&2; exit 1; }

# ms START: milliseconds since START (from now_ms).
ms() { echo $(( $(now_ms) - $1 )); }
# per MS COUNT: MS/COUNT with one decimal.
per() { awk -v t="$1" -v n="$2" 'BEGIN { printf "%.1f", t / n }'; }
secs() { awk -v t="$1" 'BEGIN { printf "%.1f", t / 1000 }'; }

remote_of() { echo "10.$((100 + $1 / 65536)).$(($1 / 256 % 256)).$(($1 % 256))"; }
tenant_args() {
    local i=$1
    printf 't%d --remote-ip %s --key %d --v4-port a%d --v6-port b%d' \
        $i "$(remote_of $i)" $i $i $i
    [ $ports = internal ] && printf ' --port-type internal'
    echo
}

echo "== set-up: Open vSwitch in $NS, bridge br0 (datapath_type=netdev)"
start_ovs || die "cannot start Open vSwitch"
vsctl -- add-br br0 -- set bridge br0 datapath_type=netdev \
    || die "cannot create br0"
if [ $ports = veth ]; then
    t0=$(now_ms)
    ip netns add "$NS_SVC" || die "cannot create $NS_SVC"
    # No IPv6 addresses on the ports (fewer addresses for OVS to track).
    ip netns exec "$NS" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 \
        net.ipv6.conf.default.disable_ipv6=1
    for i in $(seq 1 "$N"); do
        echo "link add a$i type veth peer name pa$i netns $NS_SVC"
        echo "link add b$i type veth peer name pb$i netns $NS_SVC"
        echo "link set a$i up"
        echo "link set b$i up"
    done > "$tmp/links"
    ip -n "$NS" -batch "$tmp/links" || die "cannot create the veth pairs"
    echo "  $((2 * N)) veth pairs in $(secs $(ms $t0)) s, before any timer: service ports a<i>, b<i>;"
    echo "  their peers in $NS_SVC, down"
else
    echo "  service ports: created by the tool, --port-type internal"
fi
echo "  machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# run_tool LABEL: sections 1 to 3 with $TOOL; the figures go to
# variables suffixed _LABEL.
run_tool() {
    local label=$1
    single_total=
    if [ $do_single = yes ]; then
        echo
        echo "== 1. one ovs-nat64-tenant add per tenant, 1 to $N on br0 (incremental)"
        marks=" 10 100 $N "
        t0=$(now_ms)
        hundred=$t0
        for i in $(seq 1 "$N"); do
            one=$(now_ms)
            out=$(tool add br0 $(tenant_args $i) 2>&1) \
                || die "add t$i failed: $out"
            # One add with 10 and with 100 tenants there already.
            case $i in
                11) add_at_10=$(ms $one) ;;
                101) add_at_100=$(ms $one) ;;
            esac
            if [ $((i % 100)) = 0 ]; then
                now=$(now_ms)
                printf '  tenants %4d-%4d: %6.1f ms/tenant\n' $((i - 99)) $i \
                    "$(per $((now - hundred)) 100)"
                hundred=$now
            fi
            case $marks in
                *" $i "*)
                    elapsed=$(ms $t0)
                    eval "mark_$i=$elapsed"
                    printf '  mark: %4d tenants in %7.1f s = %6.1f ms/tenant\n' \
                        $i "$(secs $elapsed)" "$(per $elapsed $i)"
                    ;;
            esac
        done
        single_total=$(ms $t0)
        tool list --json > "$tmp/list.json" 2>&1
        missing=$($PY -c '
import json, sys
have = {t["tenant"] for t in json.load(open(sys.argv[1]))}
print(" ".join("t%d" % i for i in range(1, int(sys.argv[2]) + 1)
               if "t%d" % i not in have))' "$tmp/list.json" "$N" 2>&1)
        if [ -n "$missing" ]; then
            echo "  WARNING: list does not show: $missing"
            for t in $missing; do
                vsctl --columns=name,external_ids find Port \
                    external_ids:ovs-nat64-tenant=$t | sed 's/^/    /'
            done
        fi

        echo
        echo "== 2. at $N tenants ($((3 * N + 1)) ports, $((5 * N + 1)) flows)"
        timed() {       # DESCRIPTION CMD...
            local d=$1 t
            shift
            t=$(now_ms)
            "$@" > "$tmp/out" 2>&1
            local rc=$?
            last_ms=$(ms $t)
            printf '  %-36s %7d ms%s\n' "$d" "$last_ms" \
                "$([ $rc = 0 ] || echo " (exit $rc)")"
        }
        timed "list" tool list
        list_ms=$last_ms
        echo "    ($(grep -c '^br0 ' "$tmp/out") tenants listed)"
        timed "list --json" tool list --json
        timed "check" tool check
        check_ms=$last_ms
        echo "    ($(tail -n 1 "$tmp/out"))"
        timed "show t1" tool show t1
        timed "add t1 again (already configured)" tool add br0 $(tenant_args 1)
        tool del br0 t1 > /dev/null || die "del t1"
        t=$(now_ms)
        in_ns env OVS_NAT64_TENANT_DEBUG=1 "$TOOL" add br0 $(tenant_args 1) \
            2> "$tmp/debug" > /dev/null || die "add t1: $(cat "$tmp/debug")"
        total=$(ms $t)
        echo "  one add at $N tenants, step by step (OVS_NAT64_TENANT_DEBUG=1):"
        awk -v total="$total" '
            $4 == "ovsdb-client" { what = "read the database (ovsdb-client)" }
            $4 == "ovs-vsctl" { what = "ports (ovs-vsctl, waits for ovs-vswitchd)" }
            $4 == "ovs-ofctl" { what = "flows (ovs-ofctl bundle)" }
            $4 !~ /^ovs/ { next }
            { printf "    %7.1f ms  %s\n", $2, what; sum += $2 }
            END { printf "    %7.1f ms  the rest (Python, the database through the IDL when it is used)\n", total - sum
                  printf "    %7.1f ms  in all\n", total }' "$tmp/debug"
        t=$(now_ms)
        for i in $(seq 1 10); do tool del br0 t$i > /dev/null || die "del t$i"; done
        printf '  %-36s %7s ms (mean of 10)\n' "del of one tenant" "$(per $(ms $t) 10)"
        t=$(now_ms)
        for i in $(seq 1 10); do
            tool add br0 $(tenant_args $i) > /dev/null || die "add t$i"
        done
        add_ms=$(per $(ms $t) 10)
        printf '  %-36s %7s ms (mean of 10)\n' "add of one tenant" "$add_ms"
        t=$(now_ms)
        for i in 1 2 3 4 5; do vsctl --no-wait set Open_vSwitch . external_ids:bench=$i; done
        nowait=$(ms $t)
        t=$(now_ms)
        for i in 1 2 3 4 5; do vsctl set Open_vSwitch . external_ids:bench=w$i; done
        wait5=$(ms $t)
        printf '  %-36s %7s ms (mean of 5: ovs-vsctl waiting for it, minus not waiting)\n' \
            "one ovs-vswitchd reconfiguration" "$(per $((wait5 - nowait)) 5)"
        t=$(now_ms)
        tool del br0 --all > "$tmp/out" 2>&1 || die "del --all: $(cat "$tmp/out")"
        printf '  %-36s %7d ms\n' "del br0 --all ($N tenants)" "$(ms $t)"
    fi

    batch_total=
    if [ $do_batch = yes ]; then
        echo
        echo "== 3. ovs-nat64-tenant add br0 --batch FILE: $N tenants, one transaction, one bundle"
        for i in $(seq 1 "$N"); do tenant_args $i; done > "$tmp/batch"
        t0=$(now_ms)
        tool add br0 --batch "$tmp/batch" > "$tmp/out" 2>&1 \
            || die "add --batch failed: $(cat "$tmp/out")"
        batch_total=$(ms $t0)
        printf '  %d tenants in %.1f s = %.1f ms/tenant (%s)\n' "$N" \
            "$(secs $batch_total)" "$(per $batch_total $N)" "$(cat "$tmp/out")"
        t=$(now_ms)
        tool check > "$tmp/out" 2>&1
        printf '  check: %d ms: %s\n' "$(ms $t)" "$(tail -n 1 "$tmp/out")"
    fi
    for v in single_total batch_total add_at_10 add_at_100 list_ms \
             check_ms add_ms; do
        eval "${v}_$label=\${$v:-}"
    done
}

if [ -n "$before" ]; then
    mkdir -p "$tmp/before"
    git -C "$top_srcdir" archive "$before" utilities/ovs-nat64-tenant \
        utilities/ovs_nat64_tenant 2>/dev/null | tar -x -C "$tmp/before" \
        || git -C "$top_srcdir" archive "$before" utilities/ovs-nat64-tenant \
            | tar -x -C "$tmp/before" || die "cannot take the tool of $before"
    now_tool=$TOOL
    TOOL=$tmp/before/utilities/ovs-nat64-tenant
    echo
    echo "######## before: the tool of $(git -C "$top_srcdir" log -1 --format='%h (%s)' "$before")"
    run_tool before
    tool del br0 --all > /dev/null 2>&1
    TOOL=$now_tool
    echo
    echo "######## now: the tool of this tree"
fi
run_tool now

if [ -n "$before" ]; then
    echo
    echo "== before ($before) and now, $N tenants, ms"
    printf '  %-34s %10s %10s\n' "" before now
    for row in "add_at_10:one add, 10 tenants there" \
               "add_at_100:one add, 100 tenants there" \
               "add_ms:one add, $N tenants there (mean of 10)" \
               "batch_total:add --batch of $N" \
               "list_ms:list, $N tenants" "check_ms:check, $N tenants"; do
        v=${row%%:*}
        b=${v}_before n=${v}_now
        printf '  %-34s %10s %10s\n' "${row#*:}" "${!b:--}" "${!n:--}"
    done
fi

echo
echo "== summary ($N tenants, userspace datapath, service ports: $ports)"
if [ -n "$single_total" ]; then
    for m in $(echo 10 100 $N | tr " " "\n" | sort -nu); do
        [ "$m" -le "$N" ] || continue
        v=mark_$m
        printf '  one add per tenant, 0 to %4d: %7.1f s total, %6.1f ms/tenant\n' \
            $m "$(secs ${!v})" "$(per ${!v} $m)"
    done
fi
[ -n "$batch_total" ] && printf '  add --batch of %d:             %7.1f s total, %6.1f ms/tenant\n' \
    "$N" "$(secs $batch_total)" "$(per $batch_total "$N")"
verdict() {     # WHAT MS
    if [ "$2" -lt 60000 ]; then
        echo "verdict: $1: $(secs $2) s for $N tenants: MEETS the goal (< 60 s)"
    else
        echo "verdict: $1: $(secs $2) s for $N tenants: MISSES the goal (< 60 s)"
    fi
}
[ -n "$single_total" ] && verdict "one ovs-nat64-tenant add per tenant" "$single_total"
[ -n "$batch_total" ] && verdict "one ovs-nat64-tenant add --batch" "$batch_total"
exit 0
