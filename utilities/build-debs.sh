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

# "make deb": the Debian packages, into _build/debs/.
#
# - Open vSwitch, from Debian's own source package (the tree and debian/
#   directory in openvswitch-source's tarball, Debian's 3.1.0-2+deb12u1),
#   with patches/ovs/ and the translation core (lib/) added to
#   debian/patches as quilt patches and a version that sorts above
#   Debian's, so that "apt-get install" replaces Debian's packages;
# - ovs-nat64 and openvswitch-nat64-dkms, from this repository's debian/
#   (see debian/rules).
#
# Then lintian on every package built.

set -u

usage() {
    cat <<EOF
Usage: $0 [--no-ovs] [--no-dpdk] [--no-lintian] [--help]
Builds the Debian packages of ovs-nat64 into _build/debs/:

  openvswitch-common, openvswitch-switch, python3-openvswitch, ...
                     Debian's Open vSwitch $OVS_DEBIAN_VERSION with the
                     nat64 action, version $OVS_DEBIAN_VERSION+nat64.N
  openvswitch-nat64-dkms
                     the patched openvswitch.ko as a DKMS module, rebuilt
                     by DKMS for every installed 6.1 kernel
  ovs-nat64          ovs-nat64-tenant, nat64-xlate and their man pages

  --no-ovs       do not build the Open vSwitch packages
  --no-dpdk      leave out openvswitch-switch-dpdk (saves one of the two
                 Open vSwitch builds)
  --no-lintian   do not run lintian on the packages
  --help         print this help and exit

Environment: MAKE_JOBS (default 2) sets the build's parallelism.
Needs Debian's build dependencies of openvswitch and of debian/control
(utilities/build.sh installs them).  Open vSwitch's test suite is
not run here (DEB_BUILD_OPTIONS=nocheck): tests/ovs/ovs-suites.sh runs it.
Logs: _build/debs/*.build.log.
EOF
}

OVS_TARBALL=/usr/src/openvswitch/openvswitch.tar.gz
OVS_DEBIAN_VERSION=3.1.0-2+deb12u1
# Raise the last number with every change to patches/ovs/ that is released.
OVS_NAT64_VERSION=$OVS_DEBIAN_VERSION+nat64.2

build_ovs=yes
dpdk=yes
lintian=yes
while [ $# -gt 0 ]; do
    case $1 in
        --no-ovs) build_ovs=no ;;
        --no-dpdk) dpdk=no ;;
        --no-lintian) lintian=no ;;
        --help|-h) usage; exit 0 ;;
        *) echo "$0: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
    shift
done

cd "$(dirname "$0")/.." || exit 1
top=$(pwd)
out=$top/_build/debs
work=$top/_build/debs-work
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH

step=0
steps=3
start_step() {
    step=$((step + 1))
    step_name=$1
    echo "[deb $step/$steps] $step_name..."
}
fail() {
    echo "build-debs.sh: step $step/$steps ($step_name) failed${1:+: $1}" >&2
    exit 1
}

# A reproducible date for the changelog entries: the last commit's.
date_rfc2822() {
    epoch=$(git -C "$top" log -1 --format=%ct 2>/dev/null) || epoch=
    [ -n "$epoch" ] || epoch=$(date +%s)
    LC_ALL=C date -R -u -d "@$epoch"
}

# dpkg-buildpackage in DIR, its log in LOG; the packages land in DIR/..
run_dpkg_buildpackage() {
    dir=$1 log=$2
    shift 2
    start=$(date +%s)
    (cd "$dir" && \
     DEB_BUILD_OPTIONS="nocheck noddebs parallel=${MAKE_JOBS:-2}" \
     dpkg-buildpackage -us -uc --no-sign "$@") > "$log" 2>&1 || {
        tail -n 30 "$log" >&2
        fail "dpkg-buildpackage, see $log"
    }
    echo "      built in $(($(date +%s) - start)) s"
}

# The Open vSwitch packages are kept in $work/ovs-debs/ with a stamp of
# their inputs, and rebuilt only when one changed.
rm -rf "$out" "$work/ovs-nat64" && mkdir -p "$out" "$work/ovs-nat64" \
    || { echo "build-debs.sh: cannot create $out and $work" >&2; exit 1; }

start_step "Open vSwitch $OVS_NAT64_VERSION from Debian's packaging"
ovs_debs=$work/ovs-debs
ovs_stamp=$( (cat "$0" patches/ovs/*.patch lib/*.c lib/*.h "$OVS_TARBALL"
              echo "dpdk=$dpdk") | sha256sum | cut -d' ' -f1)
if [ $build_ovs = no ]; then
    echo "      skipped (--no-ovs)"
elif [ -f "$ovs_debs/.stamp" ] && [ "$(cat "$ovs_debs/.stamp")" = "$ovs_stamp" ]
then
    echo "      skipped: $ovs_debs is up to date"
else
    [ -r "$OVS_TARBALL" ] \
        || fail "$OVS_TARBALL not found (apt-get install openvswitch-source)"
    rm -rf "$work/ovs" "$ovs_debs" && mkdir -p "$work/ovs" \
        || fail "cannot create $work/ovs"
    src=$work/ovs/openvswitch-3.1.0
    mkdir -p "$src" && tar -xzf "$OVS_TARBALL" -C "$src" --strip-components=1 \
        || fail "cannot extract $OVS_TARBALL"
    version=$(dpkg-parsechangelog -l "$src/debian/changelog" -S Version)
    [ "$version" = "$OVS_DEBIAN_VERSION" ] \
        || fail "$OVS_TARBALL is Debian's $version, not $OVS_DEBIAN_VERSION: \
check that patches/ovs/ still apply and update OVS_DEBIAN_VERSION"

    # openvswitch-source ships the tree with Debian's patches applied but
    # without quilt's record of it (nor most of the patch files): record
    # it, so that dpkg-source applies only the patches added below, and
    # keep dpkg-source from unapplying them all after the build.
    mkdir -p "$src/.pc" && echo 2 > "$src/.pc/.version" \
        && echo debian/patches > "$src/.pc/.quilt_patches" \
        && echo series > "$src/.pc/.quilt_series" \
        && grep -v '^#' "$src/debian/patches/series" \
            > "$src/.pc/applied-patches" \
        && echo no-unapply-patches >> "$src/debian/source/local-options" \
        || fail "cannot write $src/.pc"
    # Three files of Debian's packaging are not in the tarball either:
    # without the first, openvswitch-switch-dpdk comes out empty.
    printf '%s\n' '#!/usr/bin/dh-exec' \
        '_dpdk/vswitchd/ovs-vswitchd => /usr/lib/openvswitch-switch-dpdk/ovs-vswitchd-dpdk' \
        > "$src/debian/openvswitch-switch-dpdk.install" \
        && chmod 755 "$src/debian/openvswitch-switch-dpdk.install" \
        && printf '%s\n' '# False positive' \
            'openvswitch-common: spelling-error-in-readme-debian' \
            > "$src/debian/openvswitch-common.lintian-overrides" \
        && printf '%s\n' '# Lintian is bad at figuring out manpages' \
            'openvswitch-switch: spare-manual-page' \
            '# There are init scripts, they have different names' \
            'openvswitch-switch: package-supports-alternative-init-but-no-init.d-script' \
            > "$src/debian/openvswitch-switch.lintian-overrides" \
        || fail "cannot restore debian/ files"

    mkdir -p "$src/debian/patches/nat64" || fail "cannot create debian/patches"
    for p in patches/ovs/*.patch; do
        cp "$p" "$src/debian/patches/nat64/" || fail "cannot copy $p"
        echo "nat64/${p##*/}" >> "$src/debian/patches/series"
    done
    # The translation core goes where utilities/build-ovs.sh puts it,
    # lib/nat64/, as one more patch that adds the files.
    core=$src/debian/patches/nat64/nat64-translation-core.patch
    mkdir -p "$work/ovs/core/a" "$work/ovs/core/b/lib/nat64" \
        && cp lib/*.c lib/*.h "$work/ovs/core/b/lib/nat64/" \
        || fail "cannot copy lib/"
    {
        echo "Description: ovs-nat64's translation core, built into"
        echo " libopenvswitch as lib/nat64/ (the nat64 action's patch"
        echo " compiles it)."
        echo "Author: ovs-nat64 developers <dev@ovs-nat64.invalid>"
        echo "Forwarded: not-needed"
        echo "---"
        (cd "$work/ovs/core" && LC_ALL=C diff -Nru a b)
    } > "$core"
    [ $? -le 1 ] && [ -s "$core" ] || fail "cannot write $core"
    echo "nat64/${core##*/}" >> "$src/debian/patches/series"

    if [ $dpdk = no ]; then
        # Drop the DPDK flavour: its package and its configure/build.
        sed -i '/^Package: openvswitch-switch-dpdk$/,/^$/d' \
            "$src/debian/control" \
            && sed -i 's/^\(ifneq (,$(filter \)i386 amd64 ppc64el arm64 riscv64\(, $(DEB_HOST_ARCH)))\)$/\1none\2/' \
                "$src/debian/rules" \
            && rm -f "$src"/debian/openvswitch-switch-dpdk.* \
            || fail "cannot drop the DPDK flavour"
        echo "      without openvswitch-switch-dpdk (--no-dpdk)"
    fi

    {
        echo "openvswitch ($OVS_NAT64_VERSION) bookworm; urgency=medium"
        echo
        echo "  * Add the nat64 action, stateless IPv4/IPv6 translation"
        echo "    (ovs-nat64's patches/ovs/ and translation core)."
        echo
        echo " -- ovs-nat64 developers <dev@ovs-nat64.invalid>  $(date_rfc2822)"
        echo
        cat "$src/debian/changelog"
    } > "$work/ovs/changelog" && mv "$work/ovs/changelog" "$src/debian/changelog" \
        || fail "cannot write debian/changelog"

    dpkg-checkbuilddeps "$src/debian/control" \
        || fail "missing build dependencies (utilities/build.sh installs them)"
    echo "      dpkg-buildpackage -B (two Open vSwitch builds with DPDK:" \
         "some 5 minutes on 2 cores)"
    run_dpkg_buildpackage "$src" "$work/ovs/build.log" -B
    mkdir -p "$ovs_debs" && mv "$work"/ovs/*.deb "$work/ovs/build.log" \
        "$ovs_debs/" && echo "$ovs_stamp" > "$ovs_debs/.stamp" \
        || fail "cannot move the packages to $ovs_debs"
    rm -rf "$work/ovs"
fi
if [ $build_ovs = yes ]; then
    # The packages that replace Debian's; the others (ipsec, vtep,
    # testcontroller: their Architecture: all dependencies are not built
    # with -B) go to extra/.
    mkdir -p "$out/extra" && cp "$ovs_debs/build.log" "$out/openvswitch.build.log" \
        || fail "cannot copy into $out"
    for deb in "$ovs_debs"/*.deb; do
        case ${deb##*/} in
            openvswitch-common_*|openvswitch-switch_*|openvswitch-switch-dpdk_*|python3-openvswitch_*)
                cp "$deb" "$out/" ;;
            *) cp "$deb" "$out/extra/" ;;
        esac || fail "cannot copy $deb"
    done
fi

start_step "ovs-nat64 and openvswitch-nat64-dkms from debian/"
version=$(dpkg-parsechangelog -l debian/changelog -S Version)
src=$work/ovs-nat64/ovs-nat64-$version
mkdir -p "$src" || fail "cannot create $src"
# The files under version control, as a fresh clone has them (without git:
# the whole tree but the build results).
if git rev-parse --is-inside-work-tree > /dev/null 2>&1; then
    git ls-files -z | xargs -0 cp --parents -t "$src" \
        || fail "cannot copy the repository into $src"
else
    tar -cf - --exclude=./_build --exclude=./.git . | tar -xf - -C "$src" \
        || fail "cannot copy the tree into $src"
fi
dpkg-checkbuilddeps "$src/debian/control" \
    || fail "missing build dependencies (utilities/build.sh installs them)"
run_dpkg_buildpackage "$src" "$out/ovs-nat64.build.log" -b

start_step "lintian"
mv "$work"/ovs-nat64/*.deb "$out/" || fail "no packages in $work/ovs-nat64"
if [ $lintian = no ]; then
    echo "      skipped (--no-lintian)"
else
    lintian --fail-on error --tag-display-limit 0 "$out"/*.deb \
        $(ls "$out"/extra/*.deb 2> /dev/null) > "$out/lintian.log" 2>&1
    status=$?
    grep -v "^running with root" "$out/lintian.log" | sed 's/^/      /'
    [ $status -eq 0 ] || fail "lintian found errors, see $out/lintian.log"
    echo "      no errors ($(grep -c '^W: ' "$out/lintian.log") warnings," \
         "see $out/lintian.log)"
fi

echo "build-debs.sh: done: the packages in $out:"
(cd "$out" && for deb in *.deb extra/*.deb; do
     [ -f "$deb" ] || continue
     printf '      %-60s %8s bytes\n' "$deb" "$(wc -c < "$deb")"
 done)
