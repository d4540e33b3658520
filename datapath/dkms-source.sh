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

# Writes the source of the openvswitch-nat64-dkms package into DEST: the
# same tree datapath/build-module.sh builds (Linux 6.1's net/openvswitch
# and include/{uapi/,}linux/openvswitch.h from Debian's linux-source-6.1,
# patches/kernel/ applied, datapath/Kbuild and datapath/*.[ch] next to it,
# lib/ as net/openvswitch/nat64/), which DKMS then builds with
# "make -C <headers> M=<DEST>/net/openvswitch modules" for each kernel.

set -u

usage() {
    cat <<EOF
Usage: $0 DEST
Writes the DKMS source of the patched openvswitch.ko into DEST (which
must not exist or be empty), from $SOURCE_TARBALL,
patches/kernel/, datapath/ and lib/.  debian/rules calls it.
EOF
}

SOURCE_TARBALL=/usr/src/linux-source-6.1.tar.xz

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
[ -r "$SOURCE_TARBALL" ] \
    || fail "$SOURCE_TARBALL not found (apt-get install linux-source-6.1)"
mkdir -p "$dest" || fail "cannot create $dest"
[ -z "$(ls -A "$dest")" ] || fail "$dest is not empty"

echo "dkms-source.sh: extracting net/openvswitch from $SOURCE_TARBALL"
tar -xJf "$SOURCE_TARBALL" -C "$dest" --strip-components=1 \
    --wildcards '*/net/openvswitch' \
    '*/include/uapi/linux/openvswitch.h' \
    '*/include/linux/openvswitch.h' \
    || fail "cannot extract net/openvswitch from $SOURCE_TARBALL"
[ -f "$dest/net/openvswitch/datapath.c" ] \
    || fail "$SOURCE_TARBALL has no net/openvswitch/datapath.c"

for p in patches/kernel/*.patch; do
    echo "dkms-source.sh: applying $p"
    patch -d "$dest" -p1 --forward --batch --quiet --no-backup-if-mismatch \
        < "$p" || fail "$p does not apply to $SOURCE_TARBALL"
done

mdir=$dest/net/openvswitch
mkdir -p "$mdir/nat64" \
    && cp datapath/Kbuild datapath/*.c datapath/*.h "$mdir/" \
    && cp lib/*.c lib/*.h "$mdir/nat64/" \
    || fail "cannot copy datapath/ and lib/ into $mdir"
