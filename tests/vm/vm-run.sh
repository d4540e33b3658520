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

# The in-VM test runner: tests/vm/init runs it in the chroot of the host's
# root (read-only, tmpfs on the writable directories) as
# "vm-run.sh JOBDIR".  It puts the image's modules (with the built ones in
# place of net/openvswitch's, utilities/ovs-nat64-vm prepares them) on
# /lib/modules, loads openvswitch.ko's stock dependencies and the built
# module, then runs the job's command and exits with its status.
#
# JOBDIR/env sets ABI, MODULES (the host's lib/modules tree to use), LOAD
# (a file of modules to insmod, in order, empty for none), BUILT and BUILDID
# (the built openvswitch.ko and its GNU build ID, checked once loaded) and
# CWD; OVERLAY=yes when the root is a writable overlay (--overlay);
# JOBDIR/command sets the positional parameters to the command.

job=${1:?usage: vm-run.sh JOBDIR}
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
HOME=/root
TERM=dumb
LC_ALL=C.UTF-8
export PATH HOME TERM LC_ALL

say() {
    echo "vm-run: [$(cut -d' ' -f1 /proc/uptime) s] $*"
}
die() {
    echo "vm-run: error: $*" >&2
    exit 125
}

ABI=
BUILT=
IMAGE=
MODULES=
LOAD=
BUILDID=
CWD=/
OVERLAY=no
. "$job/env" || die "cannot read $job/env"

hostname ovs-nat64-vm 2> /dev/null
ip link set lo up || die "ip link set lo up failed"

# For the scripts' own modprobe (the kernel's autoloading goes through the
# initramfs' /sbin/modprobe, which names the tree with -d itself).  On the
# writable overlay, the image's modules go on /lib/modules/$ABI itself, so
# that DKMS and depmod work there as on an installed system.
if [ "$OVERLAY" = yes ]; then
    dst=/lib/modules/$ABI
    mkdir -p "$dst/kernel" \
        && mount --bind "$MODULES/lib/modules/$ABI/kernel" "$dst/kernel" \
        && cp "$MODULES/lib/modules/$ABI"/modules.* "$dst/" \
        || die "cannot put the image's modules on $dst"
    say "the image's modules on $dst"
elif [ -n "$MODULES" ] && [ ! -d /lib/modules ]; then
    say "no /lib/modules on the host (it comes with linux-headers-amd64):" \
        "use modprobe -d $MODULES"
elif [ -n "$MODULES" ]; then
    mount -t tmpfs tmpfs /lib/modules \
        && mkdir -p "/lib/modules/$ABI" \
        && mount --bind "$MODULES/lib/modules/$ABI" "/lib/modules/$ABI" \
        || die "cannot put $MODULES on /lib/modules"
fi

# Few programs: each exec costs a fifth of a second under TCG and 9p, and
# kmod's insmod, dynamically linked with libcrypto, more than the static
# busybox's.
insmod=insmod
[ -x /bin/busybox ] && insmod="/bin/busybox insmod"
if [ -n "$LOAD" ]; then
    names=
    while read -r ko; do
        [ -n "$ko" ] || continue
        $insmod "$ko" || die "insmod $ko failed"
        name=${ko##*/}
        names="$names ${name%.ko}"
    done < "$LOAD"
    say "loaded$names"
    if [ -n "$BUILDID" ]; then
        note=/sys/module/openvswitch/notes/.note.gnu.build-id
        note=$(od -An -v -tx1 "$note" | tr -d ' \n')
        case $note in
            *"$BUILDID") ;;
            *) die "the loaded openvswitch is not $BUILT ($BUILDID)" ;;
        esac
        say "openvswitch is $BUILT (build ID $BUILDID)"
    fi
fi

# For the tests that swap modules: the built one and the image's.
export OVS_NAT64_MODULE="$BUILT" OVS_NAT64_IMAGE="${IMAGE:-}"

cd "$CWD" 2> /dev/null || cd / || die "cannot cd to $CWD"
. "$job/command" || die "cannot read $job/command"
say "running $*"
if [ -x "$1" ]; then
    "$@"
else
    /bin/sh "$@"
fi
status=$?
say "$1 exited with status $status"
exit $status
