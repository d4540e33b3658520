#!/bin/bash
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

# "make check"'s kernel datapath test on Debian 12's second kernel line,
# Linux 6.12 (linux-image-6.12-amd64, also Debian 13's kernel): the VM
# suite (tests/vm/vm-suite.sh, upstream's selftests included) on that
# kernel with the module of datapath/build-module.sh --line 6.12;
# tests/vm/vm-test.sh with VM_LINE=6.12.  VM_TESTS_6_12 picks the tests
# (default: all of them).
VM_LINE=6.12 exec sh "$(dirname "$0")/vm-test.sh" ${VM_TESTS_6_12:-}
