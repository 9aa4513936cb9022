package io.aegisml.scoring.dataplane;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The data plane is never in clear text by mistake: no certificate and no explicit plaintext means no service. */
class DataPlaneServerTest {

    @Test
    void withoutACertificateTheDataPlaneRefusesToStartUnlessClearTextIsAskedFor() {
        assertThatThrownBy(() -> new DataPlaneServer(null, "127.0.0.1", 8090, 1024, 1, "127.0.0.1", 0, "", "", false, 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("AEGIS_TLS_CERTIFICATE")
                .hasMessageContaining("AEGIS_PLAINTEXT");
        assertThatThrownBy(() -> new DataPlaneServer(null, "127.0.0.1", 8090, 1024, 1, "127.0.0.1", 0,
                "/nonexistent/server.crt", "/nonexistent/server.key", false, 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot use the TLS certificate");
        assertThatCode(() -> new DataPlaneServer(null, "127.0.0.1", 8090, 1024, 1, "127.0.0.1", 0, "", "", true, 0))
                .doesNotThrowAnyException();
    }
}
