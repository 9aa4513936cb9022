package io.aegisml.infrastructure.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCertificateAuthorityTest {

    @TempDir
    Path folder;

    @Test
    void aClientTrustingTheLocalCaReachesTheServerAndOneThatDoesNotIsRefused() throws Exception {
        TlsFiles files = LocalCertificateAuthority.ensureIn(folder, List.of());
        assertThat(files.caMadeNow()).isTrue();
        X509Certificate server = Pem.certificates(files.certificate()).get(0);
        server.verify(Pem.certificates(files.caCertificate()).get(0).getPublicKey());
        assertThat(server.getSubjectAlternativeNames()).extracting(entry -> String.valueOf(entry.get(1)))
                .contains("localhost", "127.0.0.1");

        try (SSLServerSocket listener = (SSLServerSocket) serverContext(files).getServerSocketFactory()
                .createServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> answers = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 2; i++) {
                    try (var connection = listener.accept(); OutputStream out = connection.getOutputStream()) {
                        out.write('!');
                    } catch (Exception ignored) {
                        // the untrusting client hangs up during the handshake
                    }
                }
            });
            try (SSLSocket socket = (SSLSocket) files.clientContext().getSocketFactory()
                    .createSocket("localhost", listener.getLocalPort()); InputStream in = socket.getInputStream()) {
                var parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the name is checked, as HTTPS clients do
                socket.setSSLParameters(parameters);
                assertThat(in.read()).isEqualTo('!');
            }
            try (SSLSocket socket = (SSLSocket) Pem.trusting(null).getSocketFactory()
                    .createSocket("localhost", listener.getLocalPort())) {
                assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class);
            }
            answers.join();
        }
    }

    @Test
    void keysAreOwnerOnlyAndASecondStartKeepsTheCa() throws Exception {
        TlsFiles first = LocalCertificateAuthority.ensureIn(folder, List.of());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("ca.key")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first.privateKey()))).isEqualTo("rw-------");
        String serverBefore = Files.readString(first.certificate());

        TlsFiles again = LocalCertificateAuthority.ensureIn(folder, List.of());
        assertThat(again.caMadeNow()).isFalse();
        assertThat(again.caFingerprint()).isEqualTo(first.caFingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(Files.readString(again.certificate())).isEqualTo(serverBefore);

        TlsFiles renamed = LocalCertificateAuthority.ensureIn(folder, List.of("aegis.example.test", "10.1.2.3"));
        assertThat(renamed.caFingerprint()).isEqualTo(first.caFingerprint());
        assertThat(Pem.certificates(renamed.certificate()).get(0).getSubjectAlternativeNames())
                .extracting(entry -> String.valueOf(entry.get(1))).contains("aegis.example.test", "10.1.2.3", "localhost");
    }

    private static SSLContext serverContext(TlsFiles files) {
        return Pem.serverContext(files.certificate(), files.privateKey());
    }
}
