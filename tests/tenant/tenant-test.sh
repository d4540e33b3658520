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

# Tests utilities/ovs-nat64-tenant against a private Open vSwitch (the
# patched one in _build/ovs, userspace datapath) in a network namespace
# n64t-test-PID: add, del, list, show, check, repair (tables and JSON),
# --dry-run (and that its commands do what add does), add --batch,
# idempotence, every refusal (and that it changes nothing), the rollback
# after a port that does not come up and after flows the switch refuses,
# check after flows changed by hand, list after ovs-vswitchd restarts.
# Prints ok/FAIL per check and a summary; exits 0 if all pass, 1 if one
# fails, 77 (skipped) without the patched Open vSwitch or root.
# make check sets top_srcdir; by hand: sh tests/tenant/tenant-test.sh

[ -n "$BASH_VERSION" ] || exec /bin/bash "$0" "$@"
set -u

me=tenant-test.sh
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
NS=n64t-test-$$
tmp=
. "$top_srcdir/tests/tenant/tenant-lib.sh"

if ! ovs_built; then
    echo "$me: no patched Open vSwitch in $ovsdir (run utilities/build-ovs.sh): skipped"
    exit 77
fi
if [ "$(id -u)" != 0 ]; then
    echo "$me: not root (network namespaces need it): skipped"
    exit 77
fi

passed=0
failed=0
failures=
start=$(now_ms)
ok() { passed=$((passed + 1)); echo "ok   $1"; }
fail() {
    failed=$((failed + 1))
    failures="$failures
  - $1"
    echo "FAIL $1"
    [ $# -gt 1 ] && [ -n "$2" ] && printf '%s\n' "$2" | head -n 20 | sed 's/^/       /'
}
# check DESCRIPTION CONDITION...: runs the condition (a command).
check() { local d=$1; shift; if "$@"; then ok "$d"; else fail "$d" "${out:-}"; fi; }

on_exit() {
    local rc=$?
    trap - EXIT INT TERM HUP
    if [ -n "$tmp" ]; then
        stop_ovs 30
        remove_ns
        rm -rf "$tmp"
    fi
    local secs=$(( ($(now_ms) - start) / 100 ))
    secs="$((secs / 10)).$((secs % 10))"
    if [ $failed = 0 ] && [ $rc = 0 ]; then
        echo "$me: all $passed checks passed (${secs} s)"
    else
        echo "$me: $failed of $((passed + failed)) checks FAILED (${secs} s)${failures}"
        [ $rc = 0 ] && rc=1
    fi
    exit $rc
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

tmp=$(mktemp -d /tmp/n64t-test.XXXXXX) || { tmp=; exit 1; }
die() { echo "$me: $*" >&2; [ -f "$tmp/daemons.log" ] && tail -5 "$tmp/daemons.log" >&2; exit 1; }

# ---------------------------------------------------------------------------
# Set-up: Open vSwitch, bridges br0 and br1 (userspace datapath), veth pairs
# vnetN <-> emN as the service VM's taps.

start_ovs || die "cannot start Open vSwitch"
vsctl -- add-br br0 -- set bridge br0 datapath_type=netdev \
      -- add-br br1 -- set bridge br1 datapath_type=netdev >/dev/null \
    || die "cannot create the bridges"
for i in $(seq 0 17); do
    ip -n "$NS" link add vnet$i type veth peer name em$i || die "veth"
    ip -n "$NS" link set vnet$i up
done

# snapshot: what the tool may change: Port and Interface rows, flows.
snapshot() {
    vsctl --format=csv --data=bare --no-headings \
        --columns=name,external_ids list Port | sort
    vsctl --format=csv --data=bare --no-headings \
        --columns=name,type,options list Interface | sort
    for br in br0 br1; do
        ofctl --no-stats --names dump-flows $br | sort
    done
}
# same_as FILE: the snapshot has not changed since FILE.
same_as() {
    snapshot > "$tmp/snap.now"
    out=$(diff "$1" "$tmp/snap.now") && return 0
    return 1
}

# no_lost_upcalls: the datapath lost no upcall since ovs-vswitchd started;
# $out names the counter that moved (tests/lib/lost-upcalls.sh).
no_lost_upcalls() { out=$(lost_upcalls appctl); }
# t ARGS...: runs the tool; its stdout+stderr in $out, exit status in $rc.
t() { out=$(tool "$@" 2>&1); rc=$?; }
# has TEXT: $out contains TEXT.
has() { printf '%s\n' "$out" | grep -qF -- "$1"; }
# json EXPR: evaluates a Python expression on the JSON in $out (as 'd').
json() { printf '%s' "$out" | $PY -c "import json,sys; d=json.load(sys.stdin); sys.exit(0 if ($1) else 1)"; }
rc_is() { [ "$rc" = "$1" ]; }
# error_line: $out is one line "ovs-nat64-tenant: error: ...".
error_line() {
    [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] \
        && printf '%s\n' "$out" | grep -q '^ovs-nat64-tenant: error: '
}

C1=0x6e3634000000000a       # tenant t1, key 10
T1="t1 --remote-ip 10.99.0.2 --key 10 --v4-port vnet0 --v6-port vnet1"

echo "== help and usage"
t --help; check "--help" eval 'rc_is 0 && has "add BRIDGE TENANT"'
for c in add del list show check repair; do
    t $c --help; check "$c --help" eval 'rc_is 0 && has "usage: ovs-nat64-tenant $c"'
done
t --version; check "--version" eval 'rc_is 0 && has "ovs-nat64-tenant"'
t; check "no command: exit 2" rc_is 2
t add br0 t1 --bogus; check "unknown option: exit 2, one error line" eval 'rc_is 2 && error_line'

echo "== add --dry-run"
snapshot > "$tmp/snap.empty"
t add br0 $T1 --dry-run
dry=$out
check "dry-run exits 0" rc_is 0
check "dry-run prints the ovs-vsctl transaction" eval 'has "ovs-vsctl " && has "create Port name=gre-t1" && has "add Bridge br0 ports"'
check "dry-run prints the OpenFlow bundle" eval 'has "bundle br0 - <<'"'"'EOF'"'"'" && has "in_port=gre-t1,ip,actions=nat64:4toll6,output:vnet0"'
check "dry-run changes nothing" same_as "$tmp/snap.empty"
t add br0 $T1 --key 99999999999 --dry-run
check "dry-run still refuses bad input (exit 2)" eval 'rc_is 2 && error_line'

echo "== the dry-run's commands do what add does"
printf '%s\n' "$dry" > "$tmp/dry.sh"
out=$(in_ns sh "$tmp/dry.sh" 2>&1); rc=$?
check "the printed commands run with sh" rc_is 0
snapshot > "$tmp/snap.dry"
t list br0 --json
check "list recognizes the tenant the printed commands made" eval 'json "len(d) == 1 and d[0][\"tenant\"] == \"t1\" and d[0][\"flows\"] == 5"'
t check; check "check: the printed commands' result matches the recipe" rc_is 0
t del br0 t1; check "del removes it" rc_is 0
check "after del, everything is as before" same_as "$tmp/snap.empty"

echo "== add"
t add br0 $T1
check "add t1 exits 0" eval 'rc_is 0 && has "added"'
snapshot > "$tmp/snap.t1"
out=$(diff "$tmp/snap.dry" "$tmp/snap.t1")
check "add makes what the dry-run's commands made" test -z "$out"
t list
check "list: a table with t1" eval 'rc_is 0 && has "BRIDGE" && printf "%s\n" "$out" | grep -qE "^br0 +t1 +10 +10\.99\.0\.2 +gre-t1 +vnet0 +vnet1 +fe80::/96 +5$"'
t list br0 --format json
check "list --format json" eval 'rc_is 0 && json "d == [dict(bridge=\"br0\", tenant=\"t1\", key=10, remote_ip=\"10.99.0.2\", gre_port=\"gre-t1\", v4_port=\"vnet0\", v6_port=\"vnet1\", prefix=\"fe80::/96\", priority=100, cookie=\"$C1\", flows=5)]"'
t list br1 --json; check "list of a bridge without tenants: []" eval 'rc_is 0 && json "d == []"'
t show t1
check "show: ports and flows" eval 'rc_is 0 && has "tenant t1 on bridge br0" && has "flows (5)" && has "actions=nat64:ll6to4"'
t show t1 br0 --json
check "show --json: ofports, no errors, 5 flows with counters" eval 'json "[p[\"role\"] for p in d[\"ports\"]] == [\"gre\",\"v4\",\"v6\"] and all(p[\"ofport\"] > 0 and p[\"error\"] is None and p[\"created\"] for p in d[\"ports\"]) and len(d[\"flows\"]) == 5 and all(\"n_packets\" in f for f in d[\"flows\"]) and d[\"problems\"] == []"'
t check; check "check: exit 0" eval 'rc_is 0 && has "everything matches"'
t check br0 t1 --json; check "check --json: ok" eval 'rc_is 0 && json "d[\"ok\"] and d[\"tenants\"] == 1 and d[\"problems\"] == []"'
out=$(vsctl --columns=external_ids list Port gre-t1)
check "external_ids record the tenant on the GRE port" eval 'has "ovs-nat64-tenant=t1" && has "ovs-nat64-role=gre" && has "ovs-nat64-created=\"true\"" && has "ovs-nat64-key=\"10\""'
out=$(ofctl dump-flows br0 cookie=$C1/-1 | grep -c actions=)
check "5 flows with the cookie $C1" test "$out" = 5

echo "== add again (idempotent)"
t add br0 $T1
check "add t1 again: exit 0, already configured" eval 'rc_is 0 && has "already configured"'
check "add t1 again changes nothing" same_as "$tmp/snap.t1"

echo "== check and repair after changes by hand"
ofctl --strict del-flows br0 "priority=100,arp,in_port=gre-t1"
t check; check "check finds a flow deleted by hand (exit 1)" eval 'rc_is 1 && has "missing-flow" && has "arp"'
t check --json; check "check --json: missing-flow" eval 'json "not d[\"ok\"] and [p[\"kind\"] for p in d[\"problems\"]] == [\"missing-flow\"]"'
t add br0 $T1; check "add again reinstalls it" eval 'rc_is 0 && has "reinstalled"'
t check; check "check: fixed" rc_is 0
ofctl add-flow br0 "cookie=$C1,priority=50,in_port=vnet0,udp,actions=drop"
t check; check "check finds an extra flow with the tenant's cookie" eval 'rc_is 1 && has "extra-flow" && has "udp"'
t repair; check "repair removes it" eval 'rc_is 0'
t check; check "check: fixed" rc_is 0
ofctl add-flow br0 "cookie=0x6e363400000003e7,priority=10,udp,actions=drop"
t check --json; check "check finds a flow with the tool's cookie but no tenant" eval 'rc_is 1 && json "[p[\"kind\"] for p in d[\"problems\"]] == [\"orphan-flow\"] and d[\"problems\"][0][\"tenant\"] is None"'
t repair; t check; check "repair removes it" rc_is 0
vsctl set Interface gre-t1 options:key=11
t check; check "check finds wrong GRE options" eval 'rc_is 1 && has "wrong-options"'
vsctl set Interface gre-t1 options:key=10
t check; check "check: fixed" rc_is 0
ofctl --strict del-flows br0 "priority=100,arp,in_port=gre-t1"
snapshot > "$tmp/snap.broken"
t repair --dry-run
check "repair --dry-run prints the bundle" eval 'rc_is 0 && has "bundle br0 - <<" && has "flow delete cookie=$C1/-1"'
check "repair --dry-run changes nothing" same_as "$tmp/snap.broken"
t repair; t check; check "repair reinstalls the flow" rc_is 0
vsctl del-port br0 vnet1
t check; check "check finds a port deleted by hand" eval 'rc_is 1 && has "missing-port: v6 port vnet1 is missing"'
t add br0 $T1; check "add again recreates it" eval 'rc_is 0 && has "repaired" && has "vnet1 (new)"'
t check; check "check: fixed" rc_is 0

echo "== refusals (nothing changes)"
snapshot > "$tmp/snap.before"
refused() {     # DESCRIPTION EXIT-STATUS TEXT ARGS...
    local d=$1 want=$2 text=$3
    shift 3
    t "$@"
    if [ "$rc" = "$want" ] && error_line && has "$text" \
            && same_as "$tmp/snap.before"; then
        ok "refused: $d"
    else
        fail "refused: $d (exit $rc, want $want and '$text')" "$out"
    fi
}
vsctl add-port br0 vnet8 -- add-port br1 vnet9 -- add-port br0 plain \
      -- set Interface plain type=internal
snapshot > "$tmp/snap.before"
refused "same tenant, other parameters" 1 "other parameters" \
    add br0 t1 --remote-ip 10.99.0.2 --key 11 --v4-port vnet0 --v6-port vnet1
refused "another tenant with the same key on the bridge" 1 "already used on br0 by tenant t1" \
    add br0 t2 --remote-ip 10.99.0.3 --key 10 --v4-port vnet2 --v6-port vnet3
refused "the same remote IP and key on another bridge" 1 "already tunnels GRE key 10" \
    add br1 t2 --remote-ip 10.99.0.2 --key 10 --v4-port vnet2 --v6-port vnet3
refused "a port of another tenant" 1 "belongs to tenant t1" \
    add br0 t2 --remote-ip 10.99.0.3 --key 20 --v4-port vnet0 --v6-port vnet3
refused "v4 port = v6 port" 2 "three different ports" \
    add br0 t2 --remote-ip 10.99.0.3 --key 20 --v4-port vnet2 --v6-port vnet2
refused "GRE port name used by a port not the tool's" 1 "--gre-port" \
    add br0 t2 --remote-ip 10.99.0.3 --key 20 --v4-port vnet2 --v6-port vnet3 --gre-port plain
refused "a service port on another bridge" 1 "is on bridge br1" \
    add br0 t2 --remote-ip 10.99.0.3 --key 20 --v4-port vnet9 --v6-port vnet3
refused "the bridge's own port" 2 "local" \
    add br0 t2 --remote-ip 10.99.0.3 --key 20 --v4-port br0 --v6-port vnet3
refused "unknown bridge" 1 "no bridge brX" \
    add brX t2 --remote-ip 10.99.0.3 --key 20 --v4-port vnet2 --v6-port vnet3
for ip in 10.99.0.300 fe80::1::2 224.0.0.1 0.0.0.0 host.example; do
    refused "remote IP $ip" 2 "--remote-ip" \
        add br0 t2 --remote-ip $ip --key 20 --v4-port vnet2 --v6-port vnet3
done
for key in 4294967296 -1 abc 1.5 ""; do
    refused "key '$key'" 2 "--key" \
        add br0 t2 --remote-ip 10.99.0.3 --key "$key" --v4-port vnet2 --v6-port vnet3
done
for prefix in 2001:db8::/95 2001:db8::/128 2001:db8::1/96 2001:db8:0:0:100::/96 \
              ff0e::/96 ::/96 ::/32 ::ffff:0:0/96 64:ff9b::/96 2001:db8:: bogus/96; do
    refused "prefix $prefix" 2 "--prefix" \
        add br0 t2 --remote-ip 10.99.0.3 --key 20 --v4-port vnet2 --v6-port vnet3 --prefix $prefix
done
refused "bad tenant name" 2 "not a valid name" \
    add br0 "t 2" --remote-ip 10.99.0.3 --key 20 --v4-port vnet2 --v6-port vnet3
refused "bad port name" 2 "not a valid name" \
    add br0 t2 --remote-ip 10.99.0.3 --key 20 --v4-port "vnet/2" --v6-port vnet3
refused "port name that reads as a number" 2 "port number" \
    add br0 t2 --remote-ip 10.99.0.3 --key 20 --v4-port 17 --v6-port vnet3
refused "GRE port name too long" 2 "--gre-port" \
    add br0 tenant-with-long-name --remote-ip 10.99.0.3 --key 20 --v4-port vnet2 --v6-port vnet3
refused "missing option" 2 "--v6-port" \
    add br0 t2 --remote-ip 10.99.0.3 --key 20 --v4-port vnet2
refused "priority out of range" 2 "--priority" \
    add br0 t2 --remote-ip 10.99.0.3 --key 20 --v4-port vnet2 --v6-port vnet3 --priority 70000
refused "del of an unknown tenant" 1 "no tenant t9" del br0 t9
t del br0 t9 --if-exists; check "del --if-exists of an unknown tenant: exit 0" rc_is 0
refused "show of an unknown tenant" 1 "no tenant t9" show t9
refused "check of an unknown tenant" 1 "no tenant t9" check br0 t9

echo "== rollback"
t add br0 t2 --remote-ip 10.99.0.3 --key 20 --v4-port n2a --v6-port n2b --port-type bogus
check "a port that does not come up: exit 1, says which and why" eval 'rc_is 1 && error_line && has "n2a" && has "could not open network device"'
check "... and nothing changed" same_as "$tmp/snap.before"
t add br0 t2 --remote-ip 10.99.0.3 --key 20 --v4-port vnet2 --v6-port nosuchdev
check "a service port without a device: exit 1" eval 'rc_is 1 && has "nosuchdev" && has "No such device"'
check "... and nothing changed" same_as "$tmp/snap.before"
feature=$(appctl dpif/set-dp-features br0 nat64 | head -n 1)
check "the datapath has the nat64 feature" eval 'printf "%s\n" "$feature" | grep -q "nat64.*run time.:true"'
appctl dpif/set-dp-features br0 nat64 false >/dev/null
t add br0 t2 --remote-ip 10.99.0.3 --key 20 --v4-port vnet8 --v6-port vnet3
check "flows the switch refuses: exit 1, OVS's error named" eval 'rc_is 1 && error_line && has "NXBAC_NAT64_DATAPATH_SUPPORT"'
check "... and nothing changed (ports removed, vnet8 untagged)" same_as "$tmp/snap.before"
appctl dpif/set-dp-features br0 nat64 true >/dev/null

echo "== a port that was on the bridge before"
t add br0 t2 --remote-ip 10.99.0.3 --key 20 --v4-port vnet8 --v6-port vnet3
check "add t2 with the existing port vnet8" eval 'rc_is 0 && has "vnet8 (existing)"'
out=$(vsctl get Port vnet8 external_ids:ovs-nat64-created)
check "vnet8 is recorded as not created" test "$out" = '"false"'
t check; check "check: t1 and t2 match" eval 'rc_is 0 && has "2 tenants"'
snapshot > "$tmp/snap.t2"
t del br0 t2 --dry-run
check "del --dry-run prints the commands" eval 'rc_is 0 && has "flow delete cookie=0x6e36340000000014/-1" && has "remove Bridge br0 ports"'
check "del --dry-run changes nothing" same_as "$tmp/snap.t2"
t del br0 t2; check "del t2" rc_is 0
check "vnet8 stays, untagged; t2's other ports and flows are gone" same_as "$tmp/snap.before"

echo "== another prefix"
t add br0 t3 --remote-ip fd00::3 --key 30 --v4-port vnet4 --v6-port vnet5 --prefix 2001:db8:64::/96 --priority 200
check "add t3 (IPv6 remote, prefix 2001:db8:64::/96, priority 200)" rc_is 0
out=$(ofctl dump-flows br0 cookie=0x6e3634000000001e/-1)
check "its flows use nat64(mode=4to6,prefix=...) and priority 200" eval 'has "nat64(mode=4to6,prefix=2001:db8:64::/96)" && has "nat64(mode=6to4,prefix=2001:db8:64::/96)" && has "priority=200"'
t check; check "check: 2 tenants match" rc_is 0
t add br0 t3 --remote-ip fd00:0::3 --key 0x1e --v4-port vnet4 --v6-port vnet5 --prefix 2001:db8:64:0::/96 --priority 200
check "add t3 again, written differently: already configured" eval 'rc_is 0 && has "already configured"'

echo "== --mtu (path MTU discovery flows)"
C4=0x6e36340000000028       # tenant t4, key 40
T4="t4 --remote-ip 10.99.0.4 --key 40 --v4-port vnet16 --v6-port vnet17"
t add br0 $T4 --mtu 1400
check "add t4 --mtu 1400: 8 flows" eval 'rc_is 0 && has "added" && has "8 flows"'
out=$(ofctl --no-stats --names dump-flows br0 cookie=$C4/-1)
check "its IPv4 is checked against 14 + 1400 - 20, answered by nat64(mode=too-big), fragments to 1400" eval 'has "ip,reg0=0/0x2,in_port=\"gre-t4\",nw_frag=no actions=load:0x1->NXM_NX_REG0[1],check_pkt_larger(1394)->NXM_NX_REG0[0],resubmit(,0)" && has "ip,reg0=0x2/0x3,in_port=\"gre-t4\",nw_frag=no actions=nat64(mode=4to6,mtu=1400),output:vnet16" && has "ip,reg0=0x3/0x3,in_port=\"gre-t4\",nw_frag=no actions=nat64(mode=too-big,mtu=1400),IN_PORT" && has "ip,in_port=\"gre-t4\",nw_frag=yes actions=nat64(mode=4to6,mtu=1400),output:vnet16" && [ "$(printf "%s\n" "$out" | grep -c "ip,in_port=\"gre-t4\" ")" = 0 ]'
out=$(vsctl get Port gre-t4 external_ids:ovs-nat64-mtu)
check "the GRE port records the MTU" test "$out" = '"1400"'
t list br0 --json
check "list --json: mtu 1400, 8 flows (no mtu key for the others)" eval 'json "[(x[\"tenant\"], x.get(\"mtu\"), x[\"flows\"]) for x in d] == [(\"t1\", None, 5), (\"t3\", None, 5), (\"t4\", 1400, 8)] and \"mtu\" not in d[0]"'
t show t4; check "show says MTU 1400, 8 flows" eval 'rc_is 0 && has "MTU 1400" && has "flows (8)"'
t check br0 t4; check "check: t4 matches the recipe" rc_is 0
ofctl --strict del-flows br0 "priority=100,ip,nw_frag=no,reg0=0x3/0x3,in_port=gre-t4"
t check br0 t4; check "check finds the too-big flow missing" eval 'rc_is 1 && has "missing-flow" && has "mode=too-big"'
t repair br0 t4; t check br0 t4; check "repair puts it back" rc_is 0
t add br0 $T4 --mtu 1400; check "add t4 --mtu 1400 again: already configured" eval 'rc_is 0 && has "already configured"'
snapshot > "$tmp/snap.before"
refused "t4 with another MTU" 1 "MTU 1400 (asked: 1500)" add br0 $T4 --mtu 1500
refused "t4 without its MTU" 1 "MTU 1400 (asked: none)" add br0 $T4
for mtu in 1279 65536 abc -1 ""; do
    refused "MTU '$mtu'" 2 "--mtu" add br0 t6 --remote-ip 10.99.0.6 --key 60 --v4-port vnet2 --v6-port vnet3 --mtu "$mtu"
done
printf 't6 --remote-ip 10.99.0.6 --key 60 --v4-port vnet2 --v6-port vnet3 --mtu 1000\n' > "$tmp/batch.mtu"
refused "--batch line with MTU 1000" 2 "batch.mtu:1: --mtu" add br0 --batch "$tmp/batch.mtu"
t del br0 t4; check "del t4" rc_is 0
out=$(ofctl dump-flows br0 cookie=$C4/-1 | grep -c actions=)
check "t4's 8 flows are gone" test "$out" = 0

echo "== add --batch"
cat > "$tmp/batch" <<'EOF'
# three tenants on br1
b1 --remote-ip 10.99.1.1 --key 101 --v4-port vnet10 --v6-port vnet11
b2 --remote-ip 10.99.1.2 --key 102 --v4-port vnet12 --v6-port vnet13 --gre-port tun-b2
b3 --remote-ip 10.99.1.3 --key 103 --v4-port b3a --v6-port b3b --port-type internal
EOF
snapshot > "$tmp/snap.before"
cp "$tmp/batch" "$tmp/batch.bad"
echo "b4 --remote-ip 10.99.1.4 --key 101 --v4-port vnet14 --v6-port vnet15" >> "$tmp/batch.bad"
refused "--batch with two tenants with one key" 2 "same key" add br1 --batch "$tmp/batch.bad"
cp "$tmp/batch" "$tmp/batch.bad"
echo "b4 --remote-ip 10.99.1.4 --key abc --v4-port vnet14 --v6-port vnet15" >> "$tmp/batch.bad"
refused "--batch with a bad key, named by file and line" 2 "batch.bad:5: --key" add br1 --batch "$tmp/batch.bad"
sed 's/vnet13/nosuchdev/' "$tmp/batch" > "$tmp/batch.bad"
t add br1 --batch "$tmp/batch.bad"
check "--batch with a port that does not work: exit 1" eval 'rc_is 1 && has "nosuchdev"'
check "... and nothing changed" same_as "$tmp/snap.before"
t add br1 --batch "$tmp/batch"
check "add --batch: 3 tenants" eval 'rc_is 0 && has "3 tenants added"'
t list br1 --json
check "list br1: b1 b2 b3, 5 flows each" eval 'json "[t[\"tenant\"] for t in d] == [\"b1\",\"b2\",\"b3\"] and all(t[\"flows\"] == 5 for t in d) and d[1][\"gre_port\"] == \"tun-b2\""'
t check; check "check: 5 tenants match" eval 'rc_is 0 && has "5 tenants on 2 bridges"'
t add br1 --batch "$tmp/batch"
check "add --batch again: already configured" eval 'rc_is 0 && has "0 tenants added, 3 already configured"'
t add br0 b1 --remote-ip 10.99.1.1 --key 201 --v4-port vnet6 --v6-port vnet7 --gre-port gre-b1-0
check "a tenant b1 on br0 too (another key)" rc_is 0
snapshot > "$tmp/snap.before"
refused "show of a name on two bridges, without BRIDGE" 1 "exists on the bridges br0, br1" show b1
t show b1 br1 --json; check "show b1 br1" eval 'rc_is 0 && json "d[\"bridge\"] == \"br1\" and d[\"key\"] == 101"'
t del br0 b1; check "del br0 b1 leaves br1's b1" eval 'rc_is 0 && { t list br1 --json; json "len(d) == 3"; }'

echo "== 8 adds at once"
# Each add checks, waits (OVS_NAT64_TENANT_TEST_DELAY, so that all eight
# check before any writes), then writes in a transaction that verifies what
# its checks read: with one key, the first to commit wins and the others run
# again, now seeing the key taken.
race() {     # KEY-OF-I (a shell expression of $i)
    local i key pids=
    for i in 1 2 3 4 5 6 7 8; do
        key=$(eval echo "$1")
        in_ns env OVS_NAT64_TENANT_TEST_DELAY=1 OVS_NAT64_TENANT_DEBUG=1 \
            "$TOOL" add br0 r$i --remote-ip 10.99.3.$i --key $key \
            --v4-port ra$i --v6-port rb$i --port-type internal \
            > "$tmp/race$i.out" 2>&1 &
        pids="$pids $!"
    done
    won=0 taken=0 retried=0 others=
    i=0
    for pid in $pids; do
        i=$((i + 1))
        if wait $pid; then
            won=$((won + 1))
        elif grep -q "is already used on br0 by tenant r" "$tmp/race$i.out"; then
            taken=$((taken + 1))
        else
            others="$others $(cat "$tmp/race$i.out")"
        fi
        grep -q "running again" "$tmp/race$i.out" && retried=$((retried + 1))
    done
    out="won $won, key taken $taken, ran again $retried;$others"
}
race 700
check "8 adds with one key at once: exactly one wins, 7 say the key is taken, having run again" \
    eval '[ $won = 1 ] && [ $taken = 7 ] && [ $retried -ge 1 ]'
t check br0; check "check: OVSDB and the flow table agree" rc_is 0
t list br0 --json
check "list: one r tenant, 5 flows" eval 'json "[x[\"flows\"] for x in d if x[\"tenant\"].startswith(\"r\")] == [5]"'
t del br0 r1 r2 r3 r4 r5 r6 r7 r8 --if-exists; check "del the winner" rc_is 0
race '$((700 + i))'
check "8 adds with 8 keys at once: all win (some ran again)" eval '[ $won = 8 ]'
t check br0; check "check: OVSDB and the flow table agree" rc_is 0
t del br0 r1 r2 r3 r4 r5 r6 r7 r8; check "del the 8" rc_is 0

check "no upcall lost before the restart" no_lost_upcalls
echo "== ovs-vswitchd restart"
stop_vswitchd 30
db_snapshot() {
    vsctl --no-wait --format=csv --data=bare --no-headings \
        --columns=name,external_ids list Port | sort
    vsctl --no-wait --format=csv --data=bare --no-headings \
        --columns=name,type,options list Interface | sort
}
db_snapshot > "$tmp/snap.db"
t add br0 t5 --remote-ip 10.99.0.5 --key 50 --v4-port vnet14 --v6-port vnet15 --timeout 2
check "add while ovs-vswitchd is down: exit 1 after --timeout, says so" eval 'rc_is 1 && error_line && has "gave up after 2 s"'
out=$(db_snapshot | diff "$tmp/snap.db" -)
check "... and the database is as before" test -z "$out"
t list br1
check "list while ovs-vswitchd is down: the tenants, FLOWS unknown (?), a warning" eval 'rc_is 0 && has "warning: cannot read the flows of br1" && printf "%s\n" "$out" | grep -qE "^br1 +b1 .* \?$"'
start_vswitchd || die "cannot restart ovs-vswitchd"
for i in $(seq 1 50); do
    [ "$(vsctl get Interface gre-t1 ofport 2>/dev/null)" -gt 0 ] 2>/dev/null && break
    sleep 0.2
done
t list --json
check "list after the restart: 5 tenants, no flows (ovs-vswitchd does not keep them)" eval 'rc_is 0 && json "len(d) == 5 and all(t[\"flows\"] == 0 for t in d)"'
t check; check "check: the flows are missing" eval 'rc_is 1 && has "missing-flow"'
t repair; check "repair reinstalls them" eval 'rc_is 0 && has "5 tenants"'
t check; check "check: everything matches again" rc_is 0

echo "== del"
t del br0 t1 t3; check "del br0 t1 t3" rc_is 0
out=$(ofctl dump-flows br0 | grep -c cookie=0x6e3634)
check "no flow with the tool's cookie left on br0" test "$out" = 0
t del br1 --all; check "del br1 --all" rc_is 0
t list --json; check "list: nothing" eval 'json "d == []"'
vsctl del-port vnet8 -- del-port vnet9 -- del-port plain
check "everything is as at the start" same_as "$tmp/snap.empty"
check "no upcall lost since the restart" no_lost_upcalls
