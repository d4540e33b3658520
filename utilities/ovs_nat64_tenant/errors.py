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

"""Errors, by the exit status they give."""



class Error(Exception):
    """An operational error: exit status 1."""
    status = 1


class Timeout(Error):
    """ovs-vsctl committed, maybe, but ovs-vswitchd did not follow."""


class UsageError(Error):
    """Bad command line or input: exit status 2."""
    status = 2
