package io.aegisml.security.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    @Test
    void aRangeContainsItsAddressesAndNoOthers() {
        Cidr range = Cidr.parse("10.1.0.0/16");
        assertThat(range.contains("10.1.0.1")).isTrue();
        assertThat(range.contains("10.1.255.254")).isTrue();
        assertThat(range.contains("10.2.0.1")).isFalse();
        assertThat(range.contains("::ffff:10.1.0.1")).isTrue(); // Java reads a v4-mapped literal as the IPv4 address
        assertThat(range.contains("fd00::1")).isFalse();
    }

    @Test
    void aBareAddressIsItsOwnRangeAndHostBitsAreCleared() {
        assertThat(Cidr.parse("127.0.0.2").contains("127.0.0.2")).isTrue();
        assertThat(Cidr.parse("127.0.0.2").contains("127.0.0.3")).isFalse();
        assertThat(Cidr.parse("192.168.7.9/24")).hasToString("192.168.7.0/24");
        assertThat(Cidr.parse("0.0.0.0/0").contains("203.0.113.9")).isTrue();
        assertThat(Cidr.parse("127.0.0.0/30").contains("127.0.0.3")).isTrue();
        assertThat(Cidr.parse("127.0.0.0/30").contains("127.0.0.4")).isFalse();
    }

    @Test
    void ipv6RangesWork() {
        Cidr range = Cidr.parse("fd00:1::/32");
        assertThat(range.contains("fd00:1:ffff::9")).isTrue();
        assertThat(range.contains("fd00:2::1")).isFalse();
        assertThat(range.contains("10.0.0.1")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "example.com/24", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/", "10.0.0/8x",
            "fd00::/129", "10.0.0.0/8/8", "1.2.3.4.5", "300.1.1.1", "10.0.0.0/ 8", "fe80::1%lo/64", "fe80::1%1"})
    void anythingElseIsRefusedWithAReason(String text) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'");
    }

    @Test
    void aScopedClientAddressIsMatchedWithoutItsScope() {
        assertThat(Cidr.parse("fe80::/10").contains("fe80::1%lo")).isTrue();
    }

    @Test
    void aHostNameIsNeverLookedUpWhenMatching() {
        assertThat(Cidr.parse("0.0.0.0/0").contains("localhost")).isFalse();
    }
}
