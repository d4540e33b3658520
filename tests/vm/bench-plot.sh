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

# Usage: bench-plot.sh LOG PNG
# Draws the paper's figure 8 from the "figure8: N DIR PLAIN NAT64" lines
# that tests/vm/vm-bench-tenants.sh printed on the VM's console (LOG):
# aggregate Mbit/s against the number of tenants, plain and nat64, for
# each direction.  Needs gnuplot (Debian's gnuplot-nox).

set -u
[ $# = 2 ] || { echo "Usage: $0 LOG PNG" >&2; exit 2; }
log=$1 png=$2
command -v gnuplot > /dev/null \
    || { echo "$0: no gnuplot (apt-get install gnuplot-nox)" >&2; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
tr -d '\r' < "$log" | sed -n 's/^figure8: //p' > "$tmp/all"
[ -s "$tmp/all" ] || { echo "$0: no figure8: lines in $log" >&2; exit 1; }
awk '$2 == "4to6"' "$tmp/all" > "$tmp/4to6"
awk '$2 == "6to4"' "$tmp/all" > "$tmp/6to4"
mkdir -p "$(dirname "$png")" || exit 1
gnuplot <<GNUPLOT || exit 1
set terminal pngcairo size 800,500
set output "$png"
set title "Aggregate TCP throughput, N tenants over GRE, kernel datapath (VM, TCG)"
set xlabel "tenants"
set ylabel "Mbit/s (median)"
set logscale x 2
set xtics (1, 2, 4, 8)
set xrange [0.8:10]
set yrange [0:*]
set key bottom right
plot "$tmp/4to6" using 1:3 with linespoints title "plain IPv6, tenants send", \
     "$tmp/4to6" using 1:4 with linespoints title "nat64 IPv4->IPv6, tenants send", \
     "$tmp/6to4" using 1:3 with linespoints title "plain IPv6, service sends", \
     "$tmp/6to4" using 1:4 with linespoints title "nat64 IPv6->IPv4, service sends"
GNUPLOT
echo "figure 8: $png"
