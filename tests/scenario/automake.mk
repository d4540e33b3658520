# The reference paper's scenario (figures 5 and 7): three tenants behind GRE
# tunnels, the patched Open vSwitch (userspace datapath) translating, one
# server telling the tenants apart by the IPv6 scope ID.  Needs root and the
# patched Open vSwitch in _build/ovs; skipped otherwise.
TESTS += tests/scenario/scenario-test.sh
EXTRA_DIST += \
	tests/scenario/scenario-test.sh \
	tests/scenario/nat64-scenario.sh \
	tests/scenario/scope-server.py
