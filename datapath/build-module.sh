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

# Builds the patched openvswitch.ko out of tree for one of Debian 12's two
# kernel lines: net/openvswitch (and the uapi header) from Debian's
# linux-source-6.1 or linux-source-6.12, patches/kernel/<line>/*.patch on
# top, datapath/Kbuild as its Kbuild (the patched Makefile lists the
# objects), compiled against linux-headers-<abi> for the ABI that Debian's
# linux-image-amd64 (6.1) or linux-image-6.12-amd64 points at, the kernel
# utilities/ovs-nat64-vm boots.  6.12's headers depend on its image, so they
# are unpacked into _build/kernel-6.12/ rather than installed.  Installs
# nothing: a missing Debian package is named, and the build stops.  Safe to
# run again: nothing is rebuilt when no input changed.

set -u

usage() {
    cat <<EOF
Usage: $0 [--line 6.1|6.12] [--force] [--print-abi | --print-header-debs]
       [--kernel-build DIR]
Builds the patched openvswitch.ko in _build/kernel/ (6.12:
_build/kernel-6.12/) from Debian's linux-source-<line> (net/openvswitch),
patches/kernel/<line>/*.patch, datapath/Kbuild and the sources it names
(datapath/*.[ch], lib/*.[ch] as nat64/), against Debian's linux-headers
for the ABI of linux-image-amd64 (6.12: linux-image-6.12-amd64).

  --line L      the kernel line, 6.1 (default: Debian 12's kernel) or 6.12
                (Debian 12's second line, Debian 13's kernel)
  --force       rebuild even if no input changed
  --print-abi   print the kernel ABI (e.g. 6.1.0-56-amd64) and exit
  --print-header-debs
                print the Debian packages the ABI's headers come in
                (linux-headers-<abi> and the -common and linux-kbuild
                packages it depends on) and exit
  --kernel-build DIR
                build against the kernel build tree DIR instead (the debug
                kernel of datapath/build-debug-kernel.sh: _build/debug-kernel/
                build), into _build/kernel-debug/
  --help        print this help and exit

Environment: MAKE_JOBS (default 2) sets make's -j.
Needs the Debian packages linux-source-<line>, for 6.1 linux-headers-amd64
(at the same version as linux-image-amd64: run apt-get update first), make,
gcc, patch, xz-utils and kmod (utilities/build.sh installs them); 6.12's
headers are fetched with apt-get download.
Output: _build/kernel/openvswitch.ko (6.12: _build/kernel-6.12/) and the
vport-*.ko built with it; the build log is build.log next to them.
EOF
}

force=no
print=
kernel_build=
line=6.1
while [ $# -gt 0 ]; do
    case $1 in
        --line) line=${2:?--line needs 6.1 or 6.12}; shift ;;
        --line=*) line=${1#*=} ;;
        --force) force=yes ;;
        --print-abi) print=abi ;;
        --print-header-debs) print=header-debs ;;
        --kernel-build) kernel_build=${2:?--kernel-build needs a DIR}; shift ;;
        --kernel-build=*) kernel_build=${1#*=} ;;
        --help|-h) usage; exit 0 ;;
        *) echo "$0: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
if [ -n "$kernel_build" ]; then
    kernel_build=$(cd "$kernel_build" 2>/dev/null && pwd) || {
        echo "$0: no directory '$kernel_build'" >&2
        exit 2
    }
fi

case $line in
    6.1)
        IMAGE_META=linux-image-amd64
        HEADERS_META=linux-headers-amd64
        build_dir=kernel ;;
    6.12)
        IMAGE_META=linux-image-6.12-amd64
        HEADERS_META=
        build_dir=kernel-6.12 ;;
    *) echo "$0: --line takes 6.1 or 6.12, not '$line'" >&2; exit 2 ;;
esac
if [ -n "$kernel_build" ] && [ "$line" != 6.1 ]; then
    echo "$0: --kernel-build is for the 6.1 line's debug kernel" >&2
    exit 2
fi

cd "$(dirname "$0")/.." || exit 1
top=$(pwd)
out=$top/_build/$build_dir
[ -z "$kernel_build" ] || out=$top/_build/kernel-debug
[ -n "$print" ] || mkdir -p "$out" \
    || { echo "$0: cannot create $out" >&2; exit 1; }
SOURCE_PKG=linux-source-$line
SOURCE_TARBALL=/usr/src/linux-source-$line.tar.xz
PATCH_DIR=patches/kernel/$line

step=0
steps=5
start_step() {
    step=$((step + 1))
    step_name=$1
    [ -n "$print" ] || echo "[kernel $step/$steps] $step_name..."
}
fail() {
    echo "build-module.sh: step $step/$steps ($step_name) failed${1:+: $1}" >&2
    exit 1
}

# The installed version of Debian package $1, or nothing.
installed_version() {
    dpkg-query -W -f='${db:Status-Abbrev} ${Version}\n' "$1" 2>/dev/null \
        | sed -n 's/^ii  *//p'
}

# The ABI (6.1.0-56-amd64) that meta package $1 (linux-image-amd64 or
# linux-headers-amd64) depends on: the installed version's dependency, else
# the candidate's (apt-cache).
meta_abi() {
    deps=
    if [ -n "$(installed_version "$1")" ]; then
        deps=$(dpkg-query -W -f='${Depends}' "$1" 2>/dev/null)
    fi
    if [ -z "$deps" ]; then
        deps=$(apt-cache depends "$1" 2>/dev/null | sed -n 's/^ *Depends: //p')
    fi
    echo "$deps" | tr ',' '\n' \
        | sed -n 's/^ *linux-\(image\|headers\)-\([0-9][^ ]*\).*/\2/p' \
        | head -n 1
}

# The packages the headers of ABI $1 come in: linux-headers-$1 and what it
# depends on from the same source (its -common part, linux-kbuild).
header_debs() {
    # shellcheck disable=SC2046
    echo "linux-headers-$1" $(apt-cache depends "linux-headers-$1" \
        2>/dev/null | sed -n \
        's/^ *Depends: \(linux-\(headers-[^ ]*-common\|kbuild-[^ ]*\)\)$/\1/p' \
        | sort -u)
}

# 1. The ABI, the packages and their versions.
start_step "checking Debian packages and the kernel ABI"
PATH=$PATH:/sbin:/usr/sbin
missing=
command -v make > /dev/null || missing="$missing make"
command -v gcc > /dev/null || missing="$missing gcc"
command -v patch > /dev/null || missing="$missing patch"
command -v strip > /dev/null || missing="$missing binutils"
command -v xz > /dev/null || missing="$missing xz-utils"
command -v modinfo > /dev/null || missing="$missing kmod"
[ -r "$SOURCE_TARBALL" ] || missing="$missing $SOURCE_PKG"
if [ -n "$kernel_build" ]; then
    # A kernel of our own: no Debian headers or image involved.
    abi=$(cat "$kernel_build/include/config/kernel.release" 2>/dev/null) \
        || fail "$kernel_build is not a built kernel tree (no \
include/config/kernel.release)"
    if [ -n "$print" ]; then
        [ $print = abi ] || fail "$kernel_build has no Debian packages"
        echo "$abi"
        exit 0
    fi
    [ -z "$missing" ] || fail "missing Debian packages:$missing"
    kdir=$kernel_build
    source_version=$(installed_version $SOURCE_PKG)
    # A new config of the same release needs a rebuild too.
    headers_version="$abi $(cksum < "$kdir/.config")"
    image_version="$abi, $kernel_build"
    echo "      kernel $abi built in $kdir; $SOURCE_PKG $source_version"
else
    image_abi=$(meta_abi $IMAGE_META)
    [ -n "$image_abi" ] || fail "cannot tell which kernel $IMAGE_META \
depends on (apt-cache depends $IMAGE_META is empty: run apt-get update)"
    abi=$image_abi
    case $print in
        abi) echo "$abi"; exit 0 ;;
        header-debs) header_debs "$abi"; exit 0 ;;
    esac
    if [ -n "$HEADERS_META" ]; then
        [ -n "$(installed_version $HEADERS_META)" ] \
            || missing="$missing $HEADERS_META"
    else
        command -v apt-get > /dev/null || missing="$missing apt"
        command -v dpkg-deb > /dev/null || missing="$missing dpkg"
    fi
    if [ -n "$missing" ]; then
        fail "missing Debian packages:$missing (as root: apt-get update && \
apt-get install --no-install-recommends$missing)"
    fi

    image_version=$(apt-cache policy "linux-image-$abi" 2>/dev/null \
                    | sed -n 's/^ *Candidate: //p')
    source_version=$(installed_version $SOURCE_PKG)
    if [ -z "$image_version" ] || [ "$image_version" = "(none)" ]; then
        fail "apt knows no linux-image-$abi (run apt-get update)"
    fi
    [ "$source_version" = "$image_version" ] || fail "$SOURCE_PKG is \
$source_version but linux-image-$abi is $image_version (as root: apt-get \
update && apt-get install $SOURCE_PKG=$image_version)"
    if [ -n "$HEADERS_META" ]; then
        headers_abi=$(meta_abi $HEADERS_META)
        [ "$headers_abi" = "$image_abi" ] || fail "$HEADERS_META points \
at $headers_abi but $IMAGE_META at $image_abi (as root: apt-get update && \
apt-get install $HEADERS_META $SOURCE_PKG)"
        headers_version=$(installed_version "linux-headers-$abi")
        [ -n "$headers_version" ] || fail "linux-headers-$abi is not \
installed (as root: apt-get install $HEADERS_META)"
        kdir=/lib/modules/$abi/build
        [ -f "$kdir/Makefile" ] || kdir=/usr/src/linux-headers-$abi
    else
        # linux-headers-<abi> of this line depends on linux-image-<abi>:
        # unpacked with its -common and linux-kbuild dependencies instead.
        headers_version=$(apt-cache policy "linux-headers-$abi" \
                          2>/dev/null | sed -n 's/^ *Candidate: //p')
        hroot=$out/headers-$abi
        kdir=$hroot/usr/src/linux-headers-$abi
        if [ -f "$hroot/.complete" ] \
           && [ "$(cat "$hroot/.complete")" = "$headers_version" ]; then
            echo "      cached: linux-headers-$abi $headers_version in $hroot"
        else
            hpkgs=$(header_debs "$abi")
            echo "      apt-get download $hpkgs"
            rm -rf "$hroot" "$hroot.tmp" && mkdir -p "$hroot.tmp/debs" \
                || fail "cannot create $hroot.tmp"
            (cd "$hroot.tmp/debs" && for pkg in $hpkgs; do
                 apt-get download -q "$pkg=$headers_version" || exit 1
             done) > "$out/headers-download.log" 2>&1 \
                || fail "apt-get download $hpkgs (see $out/headers-download.log)"
            for deb in "$hroot.tmp"/debs/*.deb; do
                dpkg-deb -x "$deb" "$hroot.tmp" || fail "dpkg-deb -x $deb"
            done
            rm -rf "$hroot.tmp/debs"
            # The arch Makefile includes the common one by its installed
            # path; everything else is relative.
            sed -i "s|^include /usr/src/|include $hroot/usr/src/|" \
                "$hroot.tmp/usr/src/linux-headers-$abi/Makefile" \
                || fail "no Makefile in linux-headers-$abi"
            echo "$headers_version" > "$hroot.tmp/.complete"
            mv "$hroot.tmp" "$hroot" || fail "cannot move $hroot.tmp"
            echo "      unpacked $hpkgs into $hroot"
        fi
    fi
    [ "$headers_version" = "$image_version" ] || fail "linux-headers-$abi is \
$headers_version but linux-image-$abi is $image_version"

    [ -f "$kdir/Makefile" ] || fail "no kernel build directory for $abi \
(neither /lib/modules/$abi/build nor /usr/src/linux-headers-$abi)"
    release=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' \
              "$kdir/include/generated/utsrelease.h" 2>/dev/null)
    [ "$release" = "$abi" ] || fail "$kdir is for kernel '$release', not $abi"
    echo "      ABI $abi, $SOURCE_PKG $source_version = linux-image-$abi" \
         "$image_version; headers: $kdir"
fi

# 2. net/openvswitch and the uapi header, pristine, once per source version:
# xz decompresses the whole tarball to reach them (about 12 s).
start_step "extracting net/openvswitch from $SOURCE_PKG"
pristine=$top/_build/$build_dir/src-$source_version
if [ -f "$pristine/.complete" ]; then
    echo "      cached: $pristine"
else
    tmp=$pristine.tmp
    rm -rf "$tmp" && mkdir -p "$tmp" || fail "cannot create $tmp"
    # '*/net/openvswitch' also matches upstream's Open vSwitch selftests,
    # tools/testing/selftests/net/openvswitch (from 6.3 on), which 6.12's
    # patches extend.
    tar -xJf "$SOURCE_TARBALL" -C "$tmp" --strip-components=1 \
        --wildcards '*/net/openvswitch' \
        '*/include/uapi/linux/openvswitch.h' \
        '*/include/linux/openvswitch.h' \
        || fail "cannot extract net/openvswitch from $SOURCE_TARBALL"
    [ -f "$tmp/net/openvswitch/datapath.c" ] \
        || fail "$SOURCE_TARBALL has no net/openvswitch/datapath.c"
    touch "$tmp/.complete"
    rm -rf "$pristine" && mv "$tmp" "$pristine" \
        || fail "cannot move $tmp to $pristine"
    echo "      extracted into $pristine"
fi

# 3. The tree to build: a copy of the pristine one with $PATCH_DIR
# applied, made anew whenever the patches or the source change.  The ovs-nat64
# sources go in next to it; only changed files are copied, so that make
# rebuilds no more than it must.
start_step "applying $PATCH_DIR"
tree=$out/tree
mdir=$tree/net/openvswitch
patches=$(ls $PATCH_DIR/*.patch 2>/dev/null)
tree_stamp=$( (echo "$source_version"; for p in $patches; do
                   echo "$p"; cat "$p"; done) | sha256sum | cut -d' ' -f1)
if [ -f "$tree/.ovs-nat64-stamp" ] \
   && [ "$(cat "$tree/.ovs-nat64-stamp")" = "$tree_stamp" ]; then
    echo "      skipped: $tree is up to date"
else
    tmp=$tree.tmp
    rm -rf "$tmp" && cp -a "$pristine" "$tmp" || fail "cannot copy $pristine"
    rm -f "$tmp/.complete"
    for p in $patches; do
        echo "      applying $p"
        patch -d "$tmp" -p1 --forward --batch --quiet --no-backup-if-mismatch \
            < "$p" || fail "$p does not apply to $SOURCE_PKG $source_version"
    done
    [ -n "$patches" ] \
        || echo "      no $PATCH_DIR/*.patch: the stock module"
    echo "$tree_stamp" > "$tmp/.ovs-nat64-stamp"
    rm -rf "$tree" && mv "$tmp" "$tree" || fail "cannot move $tmp to $tree"
fi
copy_if_changed() {
    cmp -s "$1" "$2" || cp -p "$1" "$2" || fail "cannot copy $1"
}
copy_if_changed datapath/Kbuild "$mdir/Kbuild"
for f in datapath/*.c datapath/*.h; do
    [ -f "$f" ] && copy_if_changed "$f" "$mdir/${f#datapath/}"
done
mkdir -p "$mdir/nat64" || fail "cannot create $mdir/nat64"
for f in lib/*.c lib/*.h; do
    [ -f "$f" ] && copy_if_changed "$f" "$mdir/nat64/${f#lib/}"
done
# Stale copies of lib/ files that no longer exist must not linger.
for f in "$mdir"/nat64/*.c "$mdir"/nat64/*.h; do
    [ -f "$f" ] && [ ! -f "lib/${f##*/}" ] && rm -f "$f"
done

# 4. make, unless nothing changed since the last good build.
start_step "building openvswitch.ko (make -j${MAKE_JOBS:-2})"
build_stamp=$( (echo "$abi $source_version $headers_version $tree_stamp"
                cat datapath/Kbuild "$0"
                for f in datapath/*.c datapath/*.h lib/*.c lib/*.h; do
                    [ -f "$f" ] && { echo "$f"; cat "$f"; }
                done) | sha256sum | cut -d' ' -f1)
if [ $force = no ] && [ -f "$out/openvswitch.ko" ] \
   && [ -f "$out/.build-stamp" ] \
   && [ "$(cat "$out/.build-stamp")" = "$build_stamp" ]; then
    echo "      skipped: no input changed"
else
    rm -f "$out/.build-stamp"
    start=$(date +%s)
    make -C "$kdir" M="$mdir" -j"${MAKE_JOBS:-2}" modules \
        > "$out/build.log" 2>&1 || {
        tail -n 40 "$out/build.log" >&2
        fail "make, see $out/build.log"
    }
    grep -E 'warning:' "$out/build.log" | sed 's/^/      /'
    # Without debug information, as Debian ships its modules (the tree
    # keeps the full ones, for scripts/faddr2line and gdb).
    for ko in "$mdir"/*.ko; do
        strip --strip-debug -o "$out/${ko##*/}" "$ko" \
            || fail "cannot copy $ko"
    done
    echo "$build_stamp" > "$out/.build-stamp"
    echo "      built in $(($(date +%s) - start)) s"
fi

# 5. The module must load into the image's kernel: same release in its
# vermagic, and the same vermagic as the image's own openvswitch.ko when
# utilities/ovs-nat64-vm has unpacked the image.
start_step "checking the module's vermagic"
vermagic=$(modinfo -F vermagic "$out/openvswitch.ko") \
    || fail "modinfo $out/openvswitch.ko"
case $vermagic in
    "$abi "*) ;;
    *) fail "vermagic '$vermagic' is not for kernel $abi" ;;
esac
image_dir=image
[ $line = 6.1 ] || image_dir=image-$line
stock=$top/_build/vm/$image_dir/lib/modules/$abi/kernel/net/openvswitch
[ -z "$kernel_build" ] || stock=$top/_build/debug-kernel/image/lib/modules/$abi/kernel/net/openvswitch
stock=$stock/openvswitch.ko
if [ -f "$stock" ]; then
    stock_vermagic=$(modinfo -F vermagic "$stock")
    [ "$vermagic" = "$stock_vermagic" ] || fail "vermagic '$vermagic' \
differs from the image's ('$stock_vermagic')"
    echo "      vermagic '$vermagic' = the image's openvswitch.ko"
else
    echo "      vermagic '$vermagic' (kernel release $abi; the image is not" \
         "unpacked, its own module not compared)"
fi
size=$(wc -c < "$out/openvswitch.ko")
if [ -n "$kernel_build" ]; then
    echo "build-module.sh: done: $out/openvswitch.ko ($size bytes), built" \
         "for kernel $abi ($kernel_build)"
else
    echo "build-module.sh: done: $out/openvswitch.ko ($size bytes), built" \
         "for kernel $abi (linux-image-$abi $image_version, Debian's" \
         "current $IMAGE_META)"
fi
