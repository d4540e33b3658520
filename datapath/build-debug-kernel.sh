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

# Builds the debug kernel of "make check-vm-debug" from Debian's
# linux-source-6.1: "make tinyconfig" with datapath/debug-kernel.config on
# top (KASAN, UBSAN, KFENCE, DEBUG_NET; what the VM suite needs built in,
# Open vSwitch as modules).  A one-time build, cached in
# _build/debug-kernel/ until the source package or the config changes.

set -u

usage() {
    cat <<EOF
Usage: $0 [--print-dir] [--help]
Builds a small debug kernel (KASAN, UBSAN, KFENCE, DEBUG_NET) from Debian's
linux-source-6.1 with datapath/debug-kernel.config, for the VM suite
(make check-vm-debug).  Output, in _build/debug-kernel/image/ as
utilities/ovs-nat64-vm --image wants it: boot/vmlinuz-RELEASE,
lib/modules/RELEASE/ and the file "release"; the build tree, which
datapath/build-module.sh --kernel-build builds the module against, is
_build/debug-kernel/build/.  Nothing is rebuilt when no input changed.
About 15 minutes on 2 cores the first time.

  --print-dir   print the image directory and exit
  --help        print this help and exit

Environment: MAKE_JOBS (default: the number of CPUs) sets make's -j.
Needs the Debian packages linux-source-6.1, make, gcc, bc, bison, flex,
libelf-dev, libssl-dev, xz-utils and kmod (utilities/build.sh installs them).
EOF
}

print_dir=no
for arg in "$@"; do
    case $arg in
        --print-dir) print_dir=yes ;;
        --help|-h) usage; exit 0 ;;
        *) echo "$0: unknown argument '$arg'" >&2; usage >&2; exit 2 ;;
    esac
done

cd "$(dirname "$0")/.." || exit 1
top=$(pwd)
out=$top/_build/debug-kernel
image=$out/image
if [ $print_dir = yes ]; then
    echo "$image"
    exit 0
fi
SOURCE_TARBALL=/usr/src/linux-source-6.1.tar.xz
jobs=${MAKE_JOBS:-$(nproc)}

step=0
steps=4
start_step() {
    step=$((step + 1))
    step_name=$1
    echo "[debug-kernel $step/$steps] $step_name..."
}
fail() {
    echo "build-debug-kernel.sh: step $step/$steps ($step_name) failed${1:+: $1}" >&2
    exit 1
}

start_step "checking Debian packages"
missing=
for tool in make:make gcc:gcc bc:bc bison:bison flex:flex xz:xz-utils \
            depmod:kmod; do
    command -v "${tool%%:*}" > /dev/null || missing="$missing ${tool#*:}"
done
[ -r "$SOURCE_TARBALL" ] || missing="$missing linux-source-6.1"
[ -r /usr/include/libelf.h ] || missing="$missing libelf-dev"
[ -r /usr/include/openssl/ssl.h ] || missing="$missing libssl-dev"
[ -z "$missing" ] || fail "missing Debian packages:$missing (as root: \
apt-get install --no-install-recommends$missing)"
source_version=$(dpkg-query -W -f='${Version}' linux-source-6.1)
stamp=$( (echo "$source_version"; cat datapath/debug-kernel.config) \
         | sha256sum | cut -d' ' -f1)
if [ -f "$image/.ovs-nat64-stamp" ] \
   && [ "$(cat "$image/.ovs-nat64-stamp")" = "$stamp" ]; then
    echo "build-debug-kernel.sh: up to date: $image ($(cat "$image/release"))"
    exit 0
fi

start_step "extracting linux-source-6.1 $source_version"
src=$out/src-$source_version
if [ -f "$src/.complete" ]; then
    echo "      cached: $src"
else
    rm -rf "$out"/src-* && mkdir -p "$src" || fail "cannot create $src"
    tar -xJf "$SOURCE_TARBALL" -C "$src" --strip-components=1 \
        || fail "cannot extract $SOURCE_TARBALL"
    touch "$src/.complete"
fi

start_step "configuring (tinyconfig + datapath/debug-kernel.config)"
build=$out/build
mkdir -p "$build" || fail "cannot create $build"
make -C "$src" O="$build" ARCH=x86_64 tinyconfig > "$out/config.log" 2>&1 \
    || fail "make tinyconfig, see $out/config.log"
"$src/scripts/kconfig/merge_config.sh" -m -O "$build" "$build/.config" \
    datapath/debug-kernel.config >> "$out/config.log" 2>&1 \
    || fail "merge_config.sh, see $out/config.log"
make -C "$src" O="$build" ARCH=x86_64 olddefconfig >> "$out/config.log" 2>&1 \
    || fail "make olddefconfig, see $out/config.log"
# Every line of the fragment must have survived olddefconfig.
lost=$(grep '^CONFIG_' datapath/debug-kernel.config | while read -r line; do
           grep -qx "$line" "$build/.config" || echo "$line"
       done)
[ -z "$lost" ] || fail "the kernel config dropped: $(echo $lost) (see \
$out/config.log)"

start_step "building bzImage and modules (make -j$jobs, about 15 minutes)"
started=$(date +%s)
make -C "$src" O="$build" ARCH=x86_64 -j"$jobs" bzImage modules \
    > "$out/build.log" 2>&1 || {
    tail -n 30 "$out/build.log" >&2
    fail "make, see $out/build.log"
}
release=$(cat "$build/include/config/kernel.release")
rm -rf "$image" && mkdir -p "$image/boot" || fail "cannot create $image"
make -C "$src" O="$build" ARCH=x86_64 INSTALL_MOD_PATH="$image" \
    modules_install >> "$out/build.log" 2>&1 \
    || fail "make modules_install, see $out/build.log"
rm -f "$image/lib/modules/$release/build" "$image/lib/modules/$release/source"
cp "$build/arch/x86/boot/bzImage" "$image/boot/vmlinuz-$release" \
    || fail "cannot copy bzImage"
echo "$release" > "$image/release"
echo "$stamp" > "$image/.ovs-nat64-stamp"
echo "build-debug-kernel.sh: done in $(($(date +%s) - started)) s:" \
     "$image (kernel $release)"
