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

# Jool, the kernel's SIIT translator and the benchmark's kernel anchor, for
# the VM's kernel: Debian's jool-dkms and jool-tools, downloaded with
# apt-get download and unpacked into _build/jool/ (never installed: the
# host's kernel is not the VM's, and jool-tools would enable its services
# on the host), the modules built by DKMS in a private DKMS tree for the ABI
# of linux-image-amd64 (datapath/build-module.sh --print-abi).  Prints
# nothing else than progress; safe to run again (nothing is redone when the
# packages and the ABI are the same).

set -u

usage() {
    cat <<EOF2
Usage: $0 [--print-dir] [--help]
Builds Debian's jool-dkms for the VM's kernel with DKMS in _build/jool/
and unpacks jool-tools next to it, for "make bench-vm".

  --print-dir   print the directory of the built modules and exit
  --help        print this help and exit

Output: _build/jool/modules-ABI/{jool_common,jool,jool_siit}.ko and
_build/jool/root/usr/bin/jool_siit.  Needs the Debian packages dkms,
linux-headers-amd64 and libnl-genl-3-200 installed (utilities/build.sh
installs them) and apt's lists (apt-get update).
EOF2
}

print_dir=no
for arg in "$@"; do
    case $arg in
        --print-dir) print_dir=yes ;;
        --help|-h) usage; exit 0 ;;
        *) echo "$0: unknown argument '$arg'" >&2; usage >&2; exit 2 ;;
    esac
done

cd "$(dirname "$0")/../.." || exit 1
top=$(pwd)
PATH=$PATH:/usr/sbin:/sbin
fail() {
    echo "build-jool.sh: $*" >&2
    exit 1
}

abi=$(datapath/build-module.sh --print-abi) \
    || fail "cannot tell the VM's kernel ABI"
out=$top/_build/jool
modules=$out/modules-$abi
if [ $print_dir = yes ]; then
    echo "$modules"
    exit 0
fi

missing=
command -v dkms > /dev/null || missing="$missing dkms"
[ -f "/usr/src/linux-headers-$abi/Makefile" ] \
    || missing="$missing linux-headers-$abi"
[ -n "$(ldconfig -p | grep libnl-genl-3.so.200)" ] \
    || missing="$missing libnl-genl-3-200"
[ -z "$missing" ] || fail "missing Debian packages:$missing (as root: \
apt-get install --no-install-recommends$missing)"

version=$(apt-cache policy jool-dkms 2> /dev/null \
          | sed -n 's/^ *Candidate: //p')
tools_version=$(apt-cache policy jool-tools 2> /dev/null \
                | sed -n 's/^ *Candidate: //p')
case $version in
    ''|'(none)') fail "apt knows no jool-dkms (apt-get update)" ;;
esac
[ "$version" = "$tools_version" ] || fail "jool-dkms $version and \
jool-tools $tools_version differ: the tools must match the modules"
stamp="$version $abi"
if [ -f "$modules/.complete" ] && [ "$(cat "$modules/.complete")" = "$stamp" ]
then
    echo "build-jool.sh: up to date: Jool $version for $abi in $modules"
    exit 0
fi

echo "[jool 1/3] downloading jool-dkms and jool-tools $version..."
rm -rf "$out" && mkdir -p "$out/debs" || fail "cannot create $out"
(cd "$out/debs" && apt-get download -q "jool-dkms=$version" \
    "jool-tools=$tools_version" > download.log 2>&1) \
    || fail "apt-get download failed (see $out/debs/download.log)"

echo "[jool 2/3] unpacking them into $out/root..."
for deb in "$out"/debs/*.deb; do
    dpkg-deb -x "$deb" "$out/root" || fail "dpkg-deb -x $deb"
done
src=$(ls -d "$out"/root/usr/src/jool-dkms-* 2> /dev/null | head -n 1)
[ -f "$src/dkms.conf" ] || fail "jool-dkms has no /usr/src/jool-dkms-*/dkms.conf"
dkms_version=${src##*/jool-dkms-}

echo "[jool 3/3] dkms build jool-dkms/$dkms_version for $abi (about a minute)..."
mkdir -p "$out/dkms" || fail "cannot create $out/dkms"
dkms build -m jool-dkms -v "$dkms_version" -k "$abi" \
    --dkmstree "$out/dkms" --sourcetree "$out/root/usr/src" \
    > "$out/dkms-build.log" 2>&1 || {
    tail -n 20 "$out/dkms-build.log" >&2
    fail "dkms build failed (see $out/dkms-build.log)"
}
mkdir -p "$modules" || fail "cannot create $modules"
for ko in "$out/dkms/jool-dkms/$dkms_version/$abi"/*/module/*.ko*; do
    case $ko in
        *.ko) cp "$ko" "$modules/" ;;
        *.ko.xz) xz -dc "$ko" > "$modules/$(basename "$ko" .xz)" ;;
        *) false ;;
    esac || fail "cannot copy $ko"
done
[ -f "$modules/jool_siit.ko" ] || fail "DKMS built no jool_siit.ko"
echo "$stamp" > "$modules/.complete"
echo "build-jool.sh: Jool $version built for $abi: $modules," \
     "tools in $out/root/usr/bin"
