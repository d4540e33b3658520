# utilities/ovs-nat64-tenant against a private Open vSwitch (the patched one
# in _build/ovs, userspace datapath) in a network namespace: every command,
# the refusals, the rollbacks, a restart of ovs-vswitchd.  Needs root and
# the patched Open vSwitch; skipped otherwise.
TESTS += tests/tenant/tenant-test.sh
EXTRA_DIST += \
	tests/tenant/tenant-test.sh \
	tests/tenant/tenant-lib.sh

# Its unit tests (pytest): the recipe and the refusals, no Open vSwitch.
TESTS += tests/tenant/unit-test.sh
EXTRA_DIST += \
	tests/tenant/unit-test.sh \
	tests/tenant/unit/conftest.py \
	tests/tenant/unit/test_recipe.py \
	tests/tenant/unit/test_plan.py
