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

# Builds the patched Open vSwitch: extracts Debian's openvswitch-source
# (Open vSwitch 3.1.0), applies patches/ovs/, puts the translation core
# (lib/) in as lib/nat64/, configures and builds.  Nothing of Open vSwitch
# is committed to this repository: the tree lives in the build directory.
# Safe to run again: a changed patch set re-extracts the tree, a changed
# lib/ is copied in and make rebuilds what depends on it.

set -u

usage() {
    cat <<EOF
Usage: $0 [--builddir DIR] [--fuzz | --afxdp] [--help]
Builds Open vSwitch 3.1.0 from $OVS_TARBALL with patches/ovs/ applied
and the ovs-nat64 translation core (lib/) compiled in.

  --builddir DIR   where the tree goes (default: _build/ovs in the
                   repository, _build/ovs-fuzz with --fuzz, _build/ovs-afxdp
                   with --afxdp)
  --fuzz           build only Open vSwitch's libFuzzer targets
                   (tests/oss-fuzz/, "make oss-fuzz-targets") with clang,
                   AddressSanitizer and UndefinedBehaviorSanitizer, as
                   OSS-Fuzz does (tests/fuzz/ovs-fuzz.sh runs them)
  --afxdp          configure with --enable-afxdp (AF_XDP ports, type=afxdp;
                   tests/bench/ovs-bench.sh --afxdp uses it)
  --help           print this help and exit

Environment: MAKE_JOBS (default 2) sets make's -j.
Needs the Debian packages openvswitch-source, autoconf, automake, libtool,
patch, libssl-dev, libcap-ng-dev, libunbound-dev, python3-sortedcontainers
(utilities/build.sh installs them); --fuzz also clang and libc++-14-dev,
--afxdp also libxdp-dev and libbpf-dev.
EOF
}

OVS_TARBALL=/usr/src/openvswitch/openvswitch.tar.gz
cd "$(dirname "$0")/.." || exit 1
top=$(pwd)
builddir=
fuzz=no
afxdp=no

while [ $# -gt 0 ]; do
    case $1 in
        --builddir) builddir=${2:?--builddir needs a directory}; shift ;;
        --builddir=*) builddir=${1#--builddir=} ;;
        --fuzz) fuzz=yes ;;
        --afxdp) afxdp=yes ;;
        --help|-h) usage; exit 0 ;;
        *) echo "$0: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
if [ $fuzz = yes ] && [ $afxdp = yes ]; then
    echo "$0: --fuzz and --afxdp do not go together" >&2
    exit 2
fi
if [ -z "$builddir" ]; then
    if [ $fuzz = yes ]; then
        builddir=$top/_build/ovs-fuzz
    elif [ $afxdp = yes ]; then
        builddir=$top/_build/ovs-afxdp
    else
        builddir=$top/_build/ovs
    fi
fi

# Debian's python3 has the modules Open vSwitch's build and tests use; a
# python3 earlier in PATH (pyenv, a virtualenv) may not.
PATH=/usr/bin:/bin:$PATH
export PATH

step=0
steps=4
start_step() {
    step=$((step + 1))
    step_name=$1
    echo "[ovs $step/$steps] $step_name..."
}
fail() {
    echo "build-ovs.sh: step $step/$steps ($step_name) failed${1:+: $1}" >&2
    exit 1
}

# 1. The source tree, extracted and patched as one step: a tree is only
# ever used with exactly the patches recorded in its stamp.
start_step "extracting and patching Open vSwitch"
[ -r "$OVS_TARBALL" ] || fail "$OVS_TARBALL not found (apt-get install openvswitch-source)"
stamp=$(cat patches/ovs/*.patch "$OVS_TARBALL" | sha256sum | cut -d' ' -f1)
if [ -f "$builddir/.ovs-nat64-stamp" ] \
   && [ "$(cat "$builddir/.ovs-nat64-stamp")" = "$stamp" ]; then
    echo "      skipped: $builddir is up to date"
else
    tmp=$builddir.tmp
    rm -rf "$tmp" && mkdir -p "$tmp" || fail "cannot create $tmp"
    tar -xzf "$OVS_TARBALL" -C "$tmp" --strip-components=1 \
        || fail "cannot extract $OVS_TARBALL"
    for p in patches/ovs/*.patch; do
        echo "      applying $(basename "$p")"
        patch -d "$tmp" -p1 --quiet --forward --batch < "$p" \
            || fail "$p does not apply"
    done
    echo "$stamp" > "$tmp/.ovs-nat64-stamp"
    rm -rf "$builddir" && mv "$tmp" "$builddir" \
        || fail "cannot move $tmp to $builddir"
fi

# The translation core, copied (not linked) so that Open vSwitch's build
# sees ordinary files; only changed files are copied, so that make rebuilds
# no more than it must.
mkdir -p "$builddir/lib/nat64" || fail "cannot create $builddir/lib/nat64"
for f in lib/*.c lib/*.h; do
    cmp -s "$f" "$builddir/lib/nat64/${f#lib/}" \
        || cp -p "$f" "$builddir/lib/nat64/" || fail "cannot copy $f"
done

cd "$builddir" || fail "cannot enter $builddir"

# 2. The patches touch Makefile.am fragments and .at files: regenerate.
start_step "regenerating the build system"
if [ -f Makefile.in ] && [ -f .ovs-nat64-boot ]; then
    echo "      skipped: done before (make reruns automake when needed)"
else
    autoreconf --install --force > boot.log 2>&1 \
        || fail "autoreconf, see $builddir/boot.log"
    touch .ovs-nat64-boot
fi

# 3. configure, once per kind of build: a --builddir configured for
# another kind (say, without --afxdp) is configured again.
start_step "configuring Open vSwitch"
if [ $fuzz = yes ]; then
    # OSS-Fuzz's flags; the engine is linked by the targets' LDFLAGS.
    set -- CC=clang CFLAGS="-g -O1 -fno-omit-frame-pointer \
-fsanitize=address,undefined -fsanitize=fuzzer-no-link"
    kind=fuzz
elif [ $afxdp = yes ]; then
    set -- --enable-afxdp
    kind=afxdp
else
    set --
    kind=plain
fi
configured_kind() {
    case $(./config.status --config 2>/dev/null) in
        *fsanitize=fuzzer-no-link*) echo fuzz ;;
        *--enable-afxdp*) echo afxdp ;;
        *) echo plain ;;
    esac
}
if [ -f config.status ] && [ "$(configured_kind)" = $kind ]; then
    echo "      skipped: already configured"
else
    if [ $afxdp = yes ]; then
        for pkg in libxdp-dev libbpf-dev; do
            dpkg -s "$pkg" > /dev/null 2>&1 \
                || fail "--afxdp needs $pkg (apt-get install libxdp-dev libbpf-dev)"
        done
    fi
    if [ -f config.status ]; then
        echo "      configured for another kind of build" \
             "($(configured_kind)) before: configuring again ($kind)"
        rm -f config.status
    fi
    ./configure PYTHON3=/usr/bin/python3 --enable-silent-rules "$@" \
        > configure.log 2>&1 \
        || fail "./configure, see $builddir/config.log"
fi

if [ $fuzz = yes ]; then
    start_step "building the libFuzzer targets (make oss-fuzz-targets)"
    # The generated headers first ("make all" would make them, and
    # everything else too).
    built=$(printf 'print-built-sources:\n\t@echo $(BUILT_SOURCES)\n' \
            | make -s -f Makefile -f - print-built-sources) \
        || fail "cannot list BUILT_SOURCES"
    { make -j"${MAKE_JOBS:-2}" $built \
      && make -j"${MAKE_JOBS:-2}" oss-fuzz-targets \
              LIB_FUZZING_ENGINE=-fsanitize=fuzzer; } > make.log 2>&1 || {
        tail -n 30 make.log >&2
        fail "make oss-fuzz-targets, see $builddir/make.log"
    }
    echo "build-ovs.sh: done: $builddir/tests/oss-fuzz"
    exit 0
fi

# 4. make.
start_step "building Open vSwitch (make -j${MAKE_JOBS:-2}, a few minutes)"
make -j"${MAKE_JOBS:-2}" > make.log 2>&1 || {
    tail -n 30 make.log >&2
    fail "make, see $builddir/make.log"
}
echo "build-ovs.sh: done: $builddir (ovs-vswitchd, ovs-ofctl, ...)"
