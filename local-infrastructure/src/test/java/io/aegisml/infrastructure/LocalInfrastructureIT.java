package io.aegisml.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisml.events.Topic;
import io.aegisml.infrastructure.keycloak.AegisRealm;
import io.aegisml.infrastructure.process.Probes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts the real infrastructure as processes, checks each component answers, stops it, starts it again. */
class LocalInfrastructureIT {

    @TempDir
    Path data;

    @Test
    void startsEveryComponentAndKeepsDataAcrossRestarts() throws Exception {
        InfrastructureConfig config = InfrastructureConfig.forTests(data);
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x")); // as a plain mkdir leaves it
        String firstIssuer;
        try (LocalInfrastructure infra = LocalInfrastructure.start(config)) {
            assertThat(infra.adminPasswordGenerated()).isTrue();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("secrets/admin-password"))))
                    .isEqualTo("rw-------");
            // Kafka's log, PostgreSQL's files and the blobs are on disk: the whole data folder is the owner's alone,
            // and so is the broker's configuration, which holds its administrator's password.
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("kafka/server.properties"))))
                    .isEqualTo("rw-------");
            try (Admin admin = Admin.create(adminProps(infra))) {
                assertThat(admin.listTopics().names().get()).contains(Topic.IDENTITY_EVENTS.topicName(),
                        Topic.ACTIVITY_LOG.topicName());
            }
            try (Connection c = DriverManager.getConnection(infra.jdbcUrl("identity"), infra.databaseUser("identity"),
                    infra.databasePassword("identity"));
                 ResultSet rs = c.createStatement().executeQuery("show wal_level")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("logical");
                c.createStatement().execute("create table kept(x int)");
            }
            String token = AegisRealm.passwordToken(infra.keycloakUrl(), "admin", infra.adminPassword());
            String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
            assertThat(payload).contains("\"aud\":\"aegis-api\"").contains("\"iss\":\"" + infra.tokenIssuer() + "\"");
            firstIssuer = infra.tokenIssuer();
            assertThat(Probes.portOpen("127.0.0.1", config.azuritePort())).isTrue();
        }
        assertThat(Probes.portOpen("127.0.0.1", config.kafkaPort())).isFalse();

        try (LocalInfrastructure again = LocalInfrastructure.start(config)) {
            assertThat(again.adminPasswordGenerated()).isFalse();
            assertThat(again.tokenIssuer()).isEqualTo(firstIssuer);
            try (Connection c = DriverManager.getConnection(again.jdbcUrl("identity"), again.databaseUser("identity"),
                    again.databasePassword("identity"))) {
                c.createStatement().execute("select * from kept");
            }
            // Each service's role reaches its own database only; nobody connects without a password.
            assertRefused(again.jdbcUrl("deployment"), "identity", again.databasePassword("identity"));
            assertRefused(again.jdbcUrl("audit"), "identity", again.databasePassword("identity"));
            assertRefused(again.jdbcUrl("identity"), "deployment", again.databasePassword("deployment"));
            assertRefused(again.jdbcUrl("identity"), "identity", "a-guess");
            assertRefused(again.jdbcUrl("identity"), "postgres", "");
            assertRefused(again.jdbcUrl("identity"), "postgres", "postgres");
            AegisRealm.passwordToken(again.keycloakUrl(), "admin", again.adminPassword());
        }
    }

    private static void assertRefused(String url, String user, String password) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DriverManager.getConnection(url, user, password).close())
                .as(user + " at " + url).isInstanceOf(java.sql.SQLException.class);
    }

    private static Properties adminProps(Infrastructure infra) {
        return infra.kafkaAdminCredentials().clientProperties(infra.kafkaBootstrapServers(), null);
    }
}
