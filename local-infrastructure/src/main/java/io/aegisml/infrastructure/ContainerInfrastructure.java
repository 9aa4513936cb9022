package io.aegisml.infrastructure;

import io.aegisml.events.Topic;
import io.aegisml.events.TopicProvisioner;
import io.aegisml.infrastructure.keycloak.AegisRealm;
import io.aegisml.infrastructure.keycloak.KeycloakServer;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The same infrastructure from official images, for machines with a Docker engine
 * ({@code -Dstack=containers}), in the same versions as the local processes. Keycloak keeps its data in its own dev database here: the container
 * is thrown away after the run anyway. Kafka cannot be restarted on the same port, so the fault tests
 * that stop it are skipped in this mode.
 */
final class ContainerInfrastructure implements Infrastructure {

    private final PostgreSQLContainer postgres;
    private final KafkaContainer kafka;
    private final GenericContainer<?> keycloak;
    /** A fresh random key per test run: the containers live only as long as it. */
    private static final String ACCOUNT_KEY = java.util.Base64.getEncoder().encodeToString(
            randomBytes(32));
    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        new java.security.SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private final GenericContainer<?> azurite;
    private final String adminPassword = UUID.randomUUID().toString();

    @SuppressWarnings("resource")
    private ContainerInfrastructure() {
        postgres = new PostgreSQLContainer("postgres:18")
                .withUsername("postgres").withPassword("postgres").withDatabaseName("postgres")
                .withCommand("postgres", "-c", "wal_level=logical", "-c", "max_wal_senders=10",
                        "-c", "max_replication_slots=10", "-c", "max_connections=200");
        kafka = new KafkaContainer("apache/kafka:" + io.aegisml.infrastructure.kafka.KafkaServer.VERSION);
        keycloak = new GenericContainer<>("quay.io/keycloak/keycloak:" + KeycloakServer.VERSION)
                .withCommand("start-dev", "--http-port=8080", "--health-enabled=true")
                .withEnv("KC_BOOTSTRAP_ADMIN_USERNAME", KeycloakServer.BOOTSTRAP_ADMIN)
                .withEnv("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword)
                .withExposedPorts(8080, 9000)
                .waitingFor(Wait.forHttp("/health/ready").forPort(9000).withStartupTimeout(Duration.ofMinutes(3)));
        azurite = new GenericContainer<>("mcr.microsoft.com/azure-storage/azurite:"
                + io.aegisml.infrastructure.azurite.AzuriteServer.VERSION)
                .withCommand("azurite-blob", "--blobHost", "0.0.0.0", "--skipApiVersionCheck", "--loose")
                .withEnv("AZURITE_ACCOUNTS", io.aegisml.infrastructure.azurite.AzuriteServer.ACCOUNT + ":" + ACCOUNT_KEY)
                .withExposedPorts(10000);
    }

    static ContainerInfrastructure start() {
        ContainerInfrastructure infra = new ContainerInfrastructure();
        try {
            infra.postgres.start();
            for (String database : LocalInfrastructure.DATABASES) {
                infra.postgres.execInContainer("psql", "-U", "postgres", "-c", "create database " + database);
            }
            infra.kafka.start();
            TopicProvisioner.ensure(io.aegisml.events.KafkaCredentials.none(), infra.kafkaBootstrapServers(), Arrays.asList(Topic.values()), (short) 1);
            infra.keycloak.start();
            infra.azurite.start();
            // The bootstrap admin doubles as the realm's administrator password source here.
            AegisRealm.ensure(infra.keycloakUrl(), infra.adminPassword, infra.adminPassword);
            return infra;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            infra.close();
            throw new IllegalStateException("interrupted while starting containers", e);
        } catch (RuntimeException | java.io.IOException e) {
            infra.close();
            throw new IllegalStateException("containers did not start: " + e.getMessage(), e);
        }
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + postgres.getHost() + ":" + postgres.getMappedPort(5432) + "/" + database;
    }

    @Override
    public String keycloakUrl() {
        return "http://localhost:" + keycloak.getMappedPort(8080);
    }

    @Override
    public String blobEndpoint() {
        return "http://" + azurite.getHost() + ":" + azurite.getMappedPort(10000) + "/"
                + io.aegisml.infrastructure.azurite.AzuriteServer.ACCOUNT;
    }

    @Override
    public String blobConnectionString() {
        return io.aegisml.infrastructure.azurite.AzuriteServer.connectionString(blobEndpoint(), ACCOUNT_KEY);
    }

    @Override
    public String adminPassword() {
        return adminPassword;
    }

    @Override
    public String keycloakAdminPassword() {
        return adminPassword;
    }

    @Override
    public void close() {
        for (GenericContainer<?> container : new GenericContainer<?>[] {azurite, keycloak, kafka, postgres}) {
            if (container != null && container.isRunning()) {
                container.stop();
            }
        }
    }
}
