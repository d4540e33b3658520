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

# Micro-benchmark of the translation core ("make bench").
#
# What is measured, per packet class and direction (tests/bench/nat64-bench):
#
#   classes   tcp (84-byte segment), udp (64-byte payload), icmp-echo (56
#             bytes of data), icmp-error (ICMPv4 port unreachable embedding
#             a 92-byte UDP datagram / its ICMPv6 translation), fragment
#             (first fragment of a UDP datagram, IPv4 MF / IPv6 Fragment
#             header), arp-nd (ARP request / Neighbor Solicitation); all in
#             Ethernet frames, prefix fe80::/96, TTL copied.  The 6to4
#             packets are the 4to6 results.
#   xlate     a loop that copies the original frame into a buffer with
#             headroom (memcpy) and translates it in place;
#   copy      the same loop with the memcpy alone (the baseline).
#
#   instructions/packet: instructions executed (callgrind's Ir) in each
#             loop, collected for that loop alone (valgrind --tool=callgrind
#             --collect-atstart=no; the program brackets each loop with
#             CALLGRIND_ZERO_STATS, CALLGRIND_TOGGLE_COLLECT and
#             CALLGRIND_DUMP_STATS_AT("<class>-<direction>-xlate|copy")),
#             divided by the iterations.  "translate" is xlate minus copy:
#             filling a struct nat64_packet and the nat64_4to6() or
#             nat64_6to4() call; "copy" is the baseline (memcpy of the
#             frame); "ratio" is translate / copy.  Exact and repeatable:
#             the targets (translate <= 150 for tcp and udp, <= 400 for
#             icmp-error) are judged on it.
#   ns/packet: wall time (CLOCK_MONOTONIC) of the same loops run natively,
#             the fastest of several runs, per iteration; "translate" is
#             again xlate minus copy.  Depends on the machine and its load.
#
# It prints figures only and never fails on them: the exit status is 0
# unless the benchmark itself fails (a packet that does not translate, a
# crash).  Without valgrind the instruction columns are "n/a".  Callgrind's
# dumps go to a temporary directory, removed at the end.
#
# Environment: top_builddir (default .), VALGRIND (default: valgrind from
# PATH), NAT64_BENCH_ITERATIONS (timed loop, default 1000000),
# NAT64_BENCH_CG_ITERATIONS (callgrind loop, default 10000).

: "${top_builddir:=.}"
bench=$top_builddir/tests/bench/nat64-bench
iterations=${NAT64_BENCH_ITERATIONS:-1000000}
cg_iterations=${NAT64_BENCH_CG_ITERATIONS:-10000}

if ! test -x "$bench"; then
    echo "$bench not built (make tests/bench/nat64-bench)" >&2
    exit 1
fi
if test -z "${VALGRIND+set}"; then
    VALGRIND=$(command -v valgrind)
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/nat64-bench.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# Instructions: "<name> <Ir>" for every dump, in $tmp/ir.
: >"$tmp/ir"
if test -n "$VALGRIND"; then
    if ! "$VALGRIND" --tool=callgrind --collect-atstart=no \
            --callgrind-out-file="$tmp/callgrind.out.%p" \
            "$bench" --callgrind --iterations "$cg_iterations" \
            >"$tmp/cg.txt" 2>"$tmp/cg.log"; then
        cat "$tmp/cg.log" >&2
        echo "nat64-bench failed under callgrind" >&2
        exit 1
    fi
    for f in "$tmp"/callgrind.out.*; do
        awk '/^desc: Trigger: Client Request: / { name = $5 }
             /^summary: / { ir = $2 }
             /^totals: / && ir == "" { ir = $2 }
             END { if (name != "" && ir != "") print name, ir }' "$f"
    done >"$tmp/ir"
else
    echo "(valgrind not found: no instruction counts)"
fi

# Time.
if ! "$bench" --iterations "$iterations" >"$tmp/time.txt"; then
    echo "nat64-bench failed" >&2
    exit 1
fi

echo "nat64 translation micro-benchmark, per packet: instructions" \
     "(callgrind, $cg_iterations iterations) and wall time" \
     "($iterations iterations, best of 5)"
awk -v cgiter="$cg_iterations" '
    BEGIN {
        printf "%-11s %-5s %12s %12s %7s %11s %11s  %s\n", "", "", \
               "instr/pkt", "instr/pkt", "", "ns/pkt", "ns/pkt", ""
        printf "%-11s %-5s %12s %12s %7s %11s %11s  %s\n", "class", "dir", \
               "translate", "copy", "ratio", "translate", "copy", \
               "target (instr)"
    }
    FILENAME == ARGV[1] { ir[$1] = $2; next }
    {
        class = $1; dir = $2; ns_x = $3; ns_c = $4
        key = class "-" dir
        if ((key "-xlate") in ir && (key "-copy") in ir) {
            x = ir[key "-xlate"] / cgiter
            c = ir[key "-copy"] / cgiter
            t = x - c
            ins_t = sprintf("%.1f", t)
            ins_c = sprintf("%.1f", c)
            ratio = c > 0 ? sprintf("%.2f", t / c) : "-"
        } else {
            ins_t = ins_c = ratio = "n/a"
        }
        if (class == "tcp" || class == "udp") {
            limit = 150
        } else if (class == "icmp-error") {
            limit = 400
        } else {
            limit = 0
        }
        if (!limit) {
            target = "-"
        } else if (ins_t == "n/a") {
            target = "<= " limit " (n/a)"
        } else {
            target = "<= " limit (t <= limit ? " ok" : " over")
        }
        printf "%-11s %-5s %12s %12s %7s %11.1f %11.1f  %s\n", class, dir,
               ins_t, ins_c, ratio, ns_x - ns_c, ns_c, target
    }
' "$tmp/ir" "$tmp/time.txt"
exit 0
