package io.aegisml.security.network;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StrictTransportTest {

    @Test
    void namedHostsGetAYearAndLoopbackNamesNothing() {
        assertThat(StrictTransport.forHost("aegis.example.com")).isEqualTo("max-age=31536000");
        assertThat(StrictTransport.forHost("aegis.example.com:8443")).isEqualTo("max-age=31536000");
        assertThat(StrictTransport.forHost("10.0.0.5:8090")).isEqualTo("max-age=31536000");
        assertThat(StrictTransport.forHost(null)).isEqualTo("max-age=31536000");
        assertThat(StrictTransport.forHost("localhost:8080")).isNull();
        assertThat(StrictTransport.forHost("LOCALHOST")).isNull();
        assertThat(StrictTransport.forHost("127.0.0.1:8090")).isNull();
        assertThat(StrictTransport.forHost("[::1]:8090")).isNull();
        assertThat(StrictTransport.forHost("127.0.0.1.evil.example")).isEqualTo("max-age=31536000");
    }
}
