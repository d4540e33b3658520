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
# Writes the source of the openvswitch-nat64-dkms package into DEST: for
# each of Debian 12's kernel lines, 6.1 and 6.12, the tree
# datapath/build-module.sh --line builds (that line's net/openvswitch and
# include/{uapi/,}linux/openvswitch.h from Debian's linux-source-<line>,
# patches/kernel/<line>/ applied, datapath/Kbuild and datapath/*.[ch] next
# to it, lib/ as net/openvswitch/nat64/) in DEST/linux-<line>/, which DKMS
# then builds with "make -C <headers> M=<DEST>/linux-<line>/net/openvswitch
# modules" for each kernel of that line (debian/openvswitch-nat64-dkms.dkms
# picks the line).

set -u

LINES="6.1 6.12"

usage() {
    cat <<EOF
Usage: $0 DEST
Writes the DKMS source of the patched openvswitch.ko into DEST (which
must not exist or be empty): DEST/linux-<line>/ for each line of "$LINES",
from /usr/src/linux-source-<line>.tar.xz, patches/kernel/<line>/,
datapath/ and lib/.  debian/rules calls it.
EOF
}

case ${1:-} in
    --help|-h) usage; exit 0 ;;
    ''|-*) usage >&2; exit 2 ;;
esac
dest=$1

fail() {
    echo "dkms-source.sh: $*" >&2
    exit 1
}

cd "$(dirname "$0")/.." || exit 1
mkdir -p "$dest" || fail "cannot create $dest"
[ -z "$(ls -A "$dest")" ] || fail "$dest is not empty"

for line in $LINES; do
    tarball=/usr/src/linux-source-$line.tar.xz
    tree=$dest/linux-$line
    [ -r "$tarball" ] \
        || fail "$tarball not found (apt-get install linux-source-$line)"
    mkdir -p "$tree" || fail "cannot create $tree"
    echo "dkms-source.sh: extracting net/openvswitch from $tarball"
    # '*/net/openvswitch' also matches tools/testing/selftests/net/
    # openvswitch, which 6.12's patches extend.
    tar -xJf "$tarball" -C "$tree" --strip-components=1 \
        --wildcards '*/net/openvswitch' \
        '*/include/uapi/linux/openvswitch.h' \
        '*/include/linux/openvswitch.h' \
        || fail "cannot extract net/openvswitch from $tarball"
    [ -f "$tree/net/openvswitch/datapath.c" ] \
        || fail "$tarball has no net/openvswitch/datapath.c"

    for p in patches/kernel/$line/*.patch; do
        echo "dkms-source.sh: applying $p"
        patch -d "$tree" -p1 --forward --batch --quiet \
            --no-backup-if-mismatch < "$p" \
            || fail "$p does not apply to $tarball"
    done

    # The selftests are for the VM tests, not for DKMS.
    rm -rf "$tree/tools"

    mdir=$tree/net/openvswitch
    mkdir -p "$mdir/nat64" \
        && cp datapath/Kbuild datapath/*.c datapath/*.h "$mdir/" \
        && cp lib/*.c lib/*.h "$mdir/nat64/" \
        || fail "cannot copy datapath/ and lib/ into $mdir"
done
