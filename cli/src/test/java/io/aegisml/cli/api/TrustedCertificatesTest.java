package io.aegisml.cli.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisml.infrastructure.tls.LocalCertificateAuthority;
import io.aegisml.infrastructure.tls.Pem;
import io.aegisml.infrastructure.tls.TlsFiles;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI believes the system's CAs and the bundle it is given — never a server whose CA it was not given. */
class TrustedCertificatesTest {

    @TempDir
    Path folder;

    @AfterEach
    void forgetTheBundle() {
        System.clearProperty("aegis.ca-bundle");
    }

    @Test
    void aServerOfAnUnknownCaIsRefusedAndTheGivenBundleIsTrusted() throws Exception {
        TlsFiles stack = LocalCertificateAuthority.ensureIn(folder.resolve("tls"), List.of());
        try (SSLServerSocket listener = (SSLServerSocket) Pem.serverContext(stack.certificate(), stack.privateKey())
                .getServerSocketFactory().createServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> server = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 2; i++) {
                    try (var connection = listener.accept(); OutputStream out = connection.getOutputStream()) {
                        out.write('!');
                    } catch (Exception hungUp) {
                        // the refusing client ends the handshake
                    }
                }
            });
            // No bundle: the system's CAs only, which do not know the stack's.
            try (SSLSocket socket = (SSLSocket) TrustedCertificates.context().getSocketFactory()
                    .createSocket("localhost", listener.getLocalPort())) {
                assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class);
            }
            System.setProperty("aegis.ca-bundle", stack.caCertificate().toString());
            try (SSLSocket socket = (SSLSocket) TrustedCertificates.context().getSocketFactory()
                    .createSocket("localhost", listener.getLocalPort())) {
                socket.startHandshake();
                assertThat(socket.getInputStream().read()).isEqualTo('!');
            }
            server.join();
        }
    }

    @Test
    void aBundleThatCannotBeReadIsAnErrorNotTrustInEverything() throws Exception {
        System.setProperty("aegis.ca-bundle", Files.writeString(folder.resolve("not-pem.crt"), "garbage").toString());
        assertThatThrownBy(TrustedCertificates::context).isInstanceOf(CliError.class).hasMessageContaining("CA bundle");
        System.setProperty("aegis.ca-bundle", folder.resolve("missing.crt").toString());
        assertThatThrownBy(TrustedCertificates::context).isInstanceOf(CliError.class).hasMessageContaining("missing.crt");
    }
}
