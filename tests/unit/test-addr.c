/*
 * Copyright (c) 2026 The ovs-nat64 authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at:
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

/* RFC 6052 address mapping and prefix checks. */

#include "pkt-builder.h"

#include <string.h>

/* RFC 6052 section 2.4, 192.0.2.33 in each format. */
static const struct {
    const char *prefix;
    unsigned int len;
    const char *v6;
} rfc6052_table[] = {
    { "2001:db8::", 32, "2001:db8:c000:221::" },
    { "2001:db8:100::", 40, "2001:db8:1c0:2:21::" },
    { "2001:db8:122::", 48, "2001:db8:122:c000:2:2100::" },
    { "2001:db8:122:300::", 56, "2001:db8:122:3c0:0:221::" },
    { "2001:db8:122:344::", 64, "2001:db8:122:344:c0:2:2100:0" },
    { "2001:db8:122:344::", 96, "2001:db8:122:344::192.0.2.33" },
};
#define N_RFC6052 (sizeof rfc6052_table / sizeof rfc6052_table[0])

static void
test_config_default(void **state)
{
    struct nat64_config c;
    struct nat64_prefix fe80;

    (void) state;
    memset(&c, 0xff, sizeof c);
    nat64_config_default(&c);
    pb_prefix(&fe80, "fe80::", 96);
    assert_int_equal(c.prefix.len, 96);
    assert_memory_equal(c.prefix.addr, fe80.addr, 16);
    assert_int_equal(c.ttl_mode, NAT64_TTL_COPY);
    assert_int_equal(c.ipv6_mtu, 1280);
    /* Prepared: fe80::/96 takes the one-pass paths; the Well-Known
     * Prefix and shorter prefixes do not. */
    assert_true(c.fast96);
    pb_prefix(&c.prefix, "64:ff9b::", 96);
    nat64_config_prepare(&c);
    assert_false(c.fast96);
    pb_prefix(&c.prefix, "2001:db8:122:344::", 64);
    nat64_config_prepare(&c);
    assert_false(c.fast96);
    pb_prefix(&c.prefix, "2001:db8:64::", 96);
    nat64_config_prepare(&c);
    assert_true(c.fast96);
    assert_true(nat64_prefix_valid(&c.prefix));
}

static void
test_prefix_len_valid(void **state)
{
    unsigned int len;

    (void) state;
    for (len = 0; len <= 256; len++) {
        bool exp = (len == 32 || len == 40 || len == 48 || len == 56
                    || len == 64 || len == 96);

        pb_context("len %u", len);
        if (nat64_prefix_len_valid(len) != exp) {
            fail_msg("nat64_prefix_len_valid(%u) != %d", len, exp);
        }
    }
    assert_false(nat64_prefix_len_valid(~0u));
}

static void
test_prefix_valid(void **state)
{
    struct nat64_prefix p;
    size_t i;

    (void) state;
    for (i = 0; i < N_RFC6052; i++) {
        pb_prefix(&p, rfc6052_table[i].prefix, rfc6052_table[i].len);
        assert_true(nat64_prefix_valid(&p));
    }
    pb_prefix(&p, "fe80::", 96);
    assert_true(nat64_prefix_valid(&p));
    pb_prefix(&p, "64:ff9b::", 96);
    assert_true(nat64_prefix_valid(&p));

    /* Lengths RFC 6052 does not allow. */
    pb_prefix(&p, "2001:db8::", 0);
    assert_false(nat64_prefix_valid(&p));
    pb_prefix(&p, "2001:db8::", 33);
    assert_false(nat64_prefix_valid(&p));
    pb_prefix(&p, "2001:db8::", 128);
    assert_false(nat64_prefix_valid(&p));
    pb_prefix(&p, "2001:db8::", 255);
    assert_false(nat64_prefix_valid(&p));

    /* Bits set past the length. */
    pb_prefix(&p, "2001:db8::1", 96);
    assert_false(nat64_prefix_valid(&p));
    pb_prefix(&p, "2001:db8:8000::", 32);
    assert_false(nat64_prefix_valid(&p));
    pb_prefix(&p, "2001:db8:122:344::1:0:0", 64);
    assert_false(nat64_prefix_valid(&p));
    pb_prefix(&p, "2001:db8:100:0:80::", 40);
    assert_false(nat64_prefix_valid(&p));

    /* The u-octet, below /96. */
    pb_prefix(&p, "2001:db8:122:344:100::", 64);
    assert_false(nat64_prefix_valid(&p));
    pb_prefix(&p, "2001:db8::ff00:0:0:0", 32);
    assert_false(nat64_prefix_valid(&p));
}

static void
test_4to6_rfc6052_table(void **state)
{
    uint8_t v4[4], v6[16], exp[16], mine[16];
    struct nat64_prefix p;
    size_t i;

    (void) state;
    pb_ip4(v4, "192.0.2.33");
    for (i = 0; i < N_RFC6052; i++) {
        pb_context("/%u", rfc6052_table[i].len);
        pb_prefix(&p, rfc6052_table[i].prefix, rfc6052_table[i].len);
        pb_ip6(exp, rfc6052_table[i].v6);

        /* The tests' own mapping agrees with the RFC... */
        pb_map(&p, v4, mine);
        pb_assert_frame(mine, 16, exp, 16);

        /* ...and so does the library's. */
        memset(v6, 0xee, sizeof v6);
        nat64_addr_4to6(&p, v4, v6);
        pb_assert_frame(v6, 16, exp, 16);
    }
}

static void
test_4to6_well_known(void **state)
{
    uint8_t v4[4], v6[16], exp[16];
    struct nat64_prefix p;

    (void) state;
    pb_ip4(v4, "192.0.2.33");

    pb_prefix(&p, "64:ff9b::", 96);
    pb_ip6(exp, "64:ff9b::c000:221");
    nat64_addr_4to6(&p, v4, v6);
    assert_memory_equal(v6, exp, 16);

    pb_prefix(&p, "fe80::", 96);
    pb_ip6(exp, "fe80::c000:221");
    nat64_addr_4to6(&p, v4, v6);
    assert_memory_equal(v6, exp, 16);

    /* The example of README.md: a tenant address in the link-local
     * mapping. */
    pb_ip4(v4, "192.168.0.10");
    pb_ip6(exp, "fe80::c0a8:a");
    nat64_addr_4to6(&p, v4, v6);
    assert_memory_equal(v6, exp, 16);
}

static void
test_6to4_rfc6052_table(void **state)
{
    uint8_t v4[4], exp[4], v6[16];
    struct nat64_prefix p;
    size_t i;

    (void) state;
    pb_ip4(exp, "192.0.2.33");
    for (i = 0; i < N_RFC6052; i++) {
        pb_context("/%u", rfc6052_table[i].len);
        pb_prefix(&p, rfc6052_table[i].prefix, rfc6052_table[i].len);
        pb_ip6(v6, rfc6052_table[i].v6);
        memset(v4, 0xee, sizeof v4);
        assert_true(nat64_addr_6to4(&p, v6, v4));
        pb_assert_frame(v4, 4, exp, 4);
    }
}

/* RFC 6052 2.3: the suffix is ignored on the way back. */
static void
test_6to4_suffix_ignored(void **state)
{
    uint8_t v4[4], exp[4], v6[16];
    struct nat64_prefix p;
    size_t i, j;

    (void) state;
    pb_ip4(exp, "192.0.2.33");
    for (i = 0; i < N_RFC6052; i++) {
        unsigned int len = rfc6052_table[i].len;
        size_t suffix = len / 8 + 5;        /* Prefix, 4 octets, u. */

        if (len == 96) {
            continue;                       /* No suffix. */
        }
        pb_context("/%u", len);
        pb_prefix(&p, rfc6052_table[i].prefix, len);
        pb_ip6(v6, rfc6052_table[i].v6);
        for (j = suffix; j < 16; j++) {
            v6[j] = (uint8_t) (0x11 * (j + 1));
        }
        assert_true(nat64_addr_6to4(&p, v6, v4));
        pb_assert_frame(v4, 4, exp, 4);
    }
}

/* Below /96, an address whose u-octet is not zero is not in the prefix. */
static void
test_6to4_u_octet(void **state)
{
    uint8_t v4[4], v6[16];
    struct nat64_prefix p;
    size_t i;

    (void) state;
    for (i = 0; i < N_RFC6052; i++) {
        if (rfc6052_table[i].len == 96) {
            continue;
        }
        pb_context("/%u", rfc6052_table[i].len);
        pb_prefix(&p, rfc6052_table[i].prefix, rfc6052_table[i].len);
        pb_ip6(v6, rfc6052_table[i].v6);
        v6[8] = 0x01;
        if (nat64_addr_6to4(&p, v6, v4)) {
            fail_msg("/%u: u-octet 1 accepted", rfc6052_table[i].len);
        }
        v6[8] = 0x80;
        if (nat64_addr_6to4(&p, v6, v4)) {
            fail_msg("/%u: u-octet 0x80 accepted", rfc6052_table[i].len);
        }
    }
}

/* Any bit of the prefix differing: not in the prefix. */
static void
test_6to4_outside_prefix(void **state)
{
    uint8_t v4[4], v6[16];
    struct nat64_prefix p;
    size_t i;
    unsigned int bit;

    (void) state;
    for (i = 0; i < N_RFC6052; i++) {
        pb_prefix(&p, rfc6052_table[i].prefix, rfc6052_table[i].len);
        for (bit = 0; bit < p.len; bit++) {
            pb_ip6(v6, rfc6052_table[i].v6);
            v6[bit / 8] ^= (uint8_t) (0x80 >> (bit % 8));
            if (nat64_addr_6to4(&p, v6, v4)) {
                fail_msg("/%u: address with prefix bit %u flipped accepted",
                         p.len, bit);
            }
        }
    }
    pb_prefix(&p, "fe80::", 96);
    pb_ip6(v6, "fe81::c000:221");
    assert_false(nat64_addr_6to4(&p, v6, v4));
    pb_ip6(v6, "fe80::1:c000:221");
    assert_false(nat64_addr_6to4(&p, v6, v4));
    pb_ip6(v6, "fe80::c000:221");
    assert_true(nat64_addr_6to4(&p, v6, v4));
}

/* Every prefix length, a spread of addresses: 4 -> 6 -> 4 is the identity
 * and 4 -> 6 agrees with the independent mapping. */
static void
test_addr_roundtrip(void **state)
{
    static const char *const prefixes[] = {
        "2001:db8::", "2001:db8:100::", "2001:db8:122::",
        "2001:db8:122:300::", "2001:db8:122:344::", "64:ff9b::",
    };
    static const unsigned int lens[] = { 32, 40, 48, 56, 64, 96 };
    uint8_t v4[4], back[4], v6[16], mine[16];
    struct nat64_prefix p;
    size_t i;
    unsigned int n;

    (void) state;
    for (i = 0; i < 6; i++) {
        pb_prefix(&p, prefixes[i], lens[i]);
        for (n = 0; n < 1000; n++) {
            uint32_t a = n * 4294967u + 0x9e3779b9u * (n & 7);

            pb_put32(v4, n == 0 ? 0 : n == 1 ? 0xffffffff : a);
            pb_map(&p, v4, mine);
            nat64_addr_4to6(&p, v4, v6);
            pb_context("/%u %u.%u.%u.%u", p.len, v4[0], v4[1], v4[2],
                       v4[3]);
            pb_assert_frame(v6, 16, mine, 16);
            memset(back, 0, sizeof back);
            assert_true(nat64_addr_6to4(&p, v6, back));
            pb_assert_frame(back, 4, v4, 4);
        }
    }
}

/* nat64_ipv4_is_global(): the edges of each non-global block of RFC 6890
 * and RFC 5735 section 3, and their neighbours. */
static void
test_ipv4_is_global(void **state)
{
    static const struct {
        const char *addr;
        bool global;
    } cases[] = {
        { "0.0.0.0", false }, { "0.255.255.255", false }, { "1.0.0.0", true },
        { "9.255.255.255", true }, { "10.0.0.0", false },
        { "10.255.255.255", false }, { "11.0.0.0", true },
        { "100.63.255.255", true }, { "100.64.0.0", false },
        { "100.127.255.255", false }, { "100.128.0.0", true },
        { "126.255.255.255", true }, { "127.0.0.1", false },
        { "128.0.0.0", true }, { "169.253.255.255", true },
        { "169.254.0.0", false }, { "169.254.255.255", false },
        { "169.255.0.0", true }, { "172.15.255.255", true },
        { "172.16.0.0", false }, { "172.31.255.255", false },
        { "172.32.0.0", true }, { "191.255.255.255", true },
        { "192.0.0.0", false }, { "192.0.0.8", false },
        { "192.0.0.9", true }, { "192.0.0.10", true },
        { "192.0.0.11", false }, { "192.0.0.255", false },
        { "192.0.1.0", true }, { "192.0.2.0", false },
        { "192.0.2.255", false }, { "192.0.3.0", true },
        { "192.88.99.1", true }, { "192.167.255.255", true },
        { "192.168.0.0", false }, { "192.168.255.255", false },
        { "192.169.0.0", true }, { "198.17.255.255", true },
        { "198.18.0.0", false }, { "198.19.255.255", false },
        { "198.20.0.0", true }, { "198.51.99.255", true },
        { "198.51.100.0", false }, { "198.51.100.255", false },
        { "198.51.101.0", true }, { "203.0.112.255", true },
        { "203.0.113.0", false }, { "203.0.113.255", false },
        { "203.0.114.0", true }, { "223.255.255.255", true },
        { "224.0.0.0", false }, { "239.255.255.255", false },
        { "240.0.0.0", false }, { "255.255.255.255", false },
    };
    size_t i;

    (void) state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t v4[4];

        pb_context("%s", cases[i].addr);
        pb_ip4(v4, cases[i].addr);
        assert_int_equal(nat64_ipv4_is_global(v4), cases[i].global);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_default),
        cmocka_unit_test(test_prefix_len_valid),
        cmocka_unit_test(test_prefix_valid),
        cmocka_unit_test(test_4to6_rfc6052_table),
        cmocka_unit_test(test_4to6_well_known),
        cmocka_unit_test(test_6to4_rfc6052_table),
        cmocka_unit_test(test_6to4_suffix_ignored),
        cmocka_unit_test(test_6to4_u_octet),
        cmocka_unit_test(test_6to4_outside_prefix),
        cmocka_unit_test(test_addr_roundtrip),
        cmocka_unit_test(test_ipv4_is_global),
    };

    return cmocka_run_group_tests_name("addr", tests, NULL, NULL);
}
