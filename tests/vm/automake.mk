# The kernel datapath, tested in a VM (Debian's linux-image-amd64 under qemu,
# TCG) with the patched openvswitch.ko that datapath/build-module.sh builds.
# Skipped (77) when qemu, the image or the module cannot be had.
TESTS += tests/vm/vm-test.sh
EXTRA_DIST += \
	tests/vm/vm-test.sh \
	tests/vm/vm-smoke.sh \
	tests/vm/vm-run.sh \
	tests/vm/init \
	utilities/ovs-nat64-vm \
	datapath/build-module.sh \
	datapath/Kbuild \
	datapath/README.md

# "make check-vm": only the VM tests.
check-vm:
	top_srcdir='$(abs_top_srcdir)' $(SHELL) $(srcdir)/tests/vm/vm-test.sh
.PHONY: check-vm
