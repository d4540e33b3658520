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

# The tenant tool's unit tests (pytest, tests/tenant/unit/): the recipe,
# the validation and add's checks against made-up OVSDB rows, with no
# Open vSwitch.  Exits 77 (skipped) without pytest (Debian:
# python3-pytest).  make check sets top_srcdir; by hand:
#     sh tests/tenant/unit-test.sh

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
PY=/usr/bin/python3
if ! $PY -c 'import pytest' 2>/dev/null; then
    echo "unit-test.sh: SKIP: $PY has no pytest (Debian: python3-pytest)"
    exit 77
fi
# No cache directory in the source tree, no bytecode next to the package.
PYTHONDONTWRITEBYTECODE=1 exec $PY -m pytest -q -p no:cacheprovider \
    "$top_srcdir/tests/tenant/unit"
