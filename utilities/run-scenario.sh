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

# The one command of the README: installs the Debian packages, builds
# (utilities/build.sh, one progress line per step, the full output in a
# log) and runs the reference paper's scenario
# (tests/scenario/nat64-scenario.sh): on the userspace datapath here, or
# with --datapath system on the kernel datapath inside a VM.

set -u
me=$(basename "$0")

usage() {
    cat <<EOF
Usage: $me [--datapath netdev|system] [--no-install] [--help]
Installs what is needed (Debian packages, as root), builds ovs-nat64 and
the patched Open vSwitch (and, for the kernel datapath, the patched
openvswitch.ko), then runs the reference paper's scenario: three GRE
tenants with the same IPv4 addresses, one service VM telling them apart by
the IPv6 scope ID, and prints each tenant's answers as the paper's
figure 7 does.  Exits 0 when every check of the scenario passed.

  --datapath netdev   the cloud switch on the userspace datapath, in network
                      namespaces on this machine (default)
  --datapath system   the cloud switch on the kernel datapath (the patched
                      openvswitch.ko), inside a VM (qemu, Debian's kernel;
                      utilities/ovs-nat64-vm); the tenants' edge boxes are
                      then Linux gretap devices
  --no-install        do not install packages (fail if one is missing)
  --help              print this help and exit

The build's output goes to _build/run-scenario-build.log; a first build
takes about 5 minutes (10 with the kernel module) on two cores.
EOF
}

datapath=netdev
build_args=
while [ $# -gt 0 ]; do
    case $1 in
        --datapath) datapath=${2:-}; shift ;;
        --datapath=*) datapath=${1#*=} ;;
        --no-install) build_args="$build_args --no-install" ;;
        --help|-h) usage; exit 0 ;;
        *) echo "$me: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
case $datapath in
    netdev|system) ;;
    *) echo "$me: --datapath takes netdev or system, not '$datapath'" >&2
       exit 2 ;;
esac
if [ "$(id -u)" != 0 ]; then
    echo "$me: needs root (packages, network namespaces)" >&2
    exit 1
fi

cd "$(dirname "$0")/.." || exit 1
mkdir -p _build
log=$PWD/_build/run-scenario-build.log

# The userspace datapath needs no kernel module, the scenario no packages.
build_args="$build_args --no-debs"
[ $datapath = netdev ] && build_args="$build_args --no-kernel"
echo "$me: building (full output in $log)"
# shellcheck disable=SC2086
utilities/build.sh $build_args 2>&1 | tee "$log" \
    | grep --line-buffered -E '^\[([a-z]+ )?[0-9]+/[0-9]+\]|^      (skipped|all present)'
status=${PIPESTATUS[0]}
if [ "$status" != 0 ]; then
    echo "$me: the build failed; the last lines of $log:" >&2
    tail -n 25 "$log" >&2
    exit 1
fi

echo "$me: running the scenario on the $datapath datapath"
if [ $datapath = netdev ]; then
    exec tests/scenario/nat64-scenario.sh
fi
exec utilities/ovs-nat64-vm --timeout 900 \
    tests/scenario/nat64-scenario.sh --datapath system
