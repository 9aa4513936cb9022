package io.aegisml.edge.connections;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The edge is never in clear text by mistake: no certificate and no explicit plaintext means it does not start. */
class EdgeTlsTest {

    @TempDir
    Path folder;

    @Test
    void withoutACertificateTheEdgeRefusesToStartUnlessClearTextIsAskedFor() {
        EdgeTls tls = new EdgeTls();
        assertThatThrownBy(() -> tls.edgeTlsCustomizer("", "", false)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AEGIS_TLS_CERTIFICATE").hasMessageContaining("AEGIS_PLAINTEXT");
        assertThatThrownBy(() -> tls.edgeTlsCustomizer(folder.resolve("missing.crt").toString(),
                folder.resolve("missing.key").toString(), false)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot read");
        assertThatCode(() -> tls.edgeTlsCustomizer("", "", true)).doesNotThrowAnyException();
    }

    @Test
    void readableFilesAreTakenAsTheEdgesCertificate() throws Exception {
        Path certificate = Files.writeString(folder.resolve("server.crt"), "-");
        Path key = Files.writeString(folder.resolve("server.key"), "-");
        assertThatCode(() -> new EdgeTls().edgeTlsCustomizer(certificate.toString(), key.toString(), false))
                .doesNotThrowAnyException();
    }
}
