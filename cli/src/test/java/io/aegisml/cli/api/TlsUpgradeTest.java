package io.aegisml.cli.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.aegisml.cli.session.Session;
import io.aegisml.infrastructure.tls.LocalCertificateAuthority;
import io.aegisml.infrastructure.tls.Pem;
import io.aegisml.infrastructure.tls.TlsFiles;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A login saved before the stack spoke TLS (url http://localhost:8080) goes on working: the same address in https,
 * whose certificate is checked as any, takes over, and the login is kept with it. A server that answers in neither
 * stays unreachable.
 */
class TlsUpgradeTest {

    @TempDir
    Path folder;

    @AfterEach
    void forgetTheBundle() {
        System.clearProperty("aegis.ca-bundle");
    }

    @Test
    void aLoginSavedWithHttpMovesToHttpsWhenTheStackSpeaksTlsOnly() throws Exception {
        TlsFiles tls = LocalCertificateAuthority.ensureIn(folder.resolve("tls"), List.of());
        System.setProperty("aegis.ca-bundle", tls.caCertificate().toString());
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(Pem.serverContext(tls.certificate(), tls.privateKey())));
        server.createContext("/api/ping", exchange -> {
            byte[] answer = "{\"pong\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        try {
            Session session = new Session(folder.resolve("home"));
            session.saveConfig(Map.of("url", "http://localhost:" + server.getAddress().getPort()));
            session.saveCredentials(Map.of("access_token", "t", "expires_at", Instant.now().plusSeconds(600).toString()));
            assertThat(new ApiClient(session).get("/api/ping").get("pong").asBoolean()).isTrue();
            assertThat(session.url()).isEqualTo("https://localhost:" + server.getAddress().getPort());

            // Nothing listening: unreachable, and the saved address is left as it was.
            session.saveConfig(Map.of("url", "http://localhost:1"));
            assertThatThrownBy(() -> new ApiClient(session).get("/api/ping")).isInstanceOfSatisfying(CliError.class,
                    e -> assertThat(e.exitCode()).isEqualTo(CliError.UNREACHABLE));
            assertThat(session.url()).isEqualTo("http://localhost:1");
        } finally {
            server.stop(0);
        }
    }
}
