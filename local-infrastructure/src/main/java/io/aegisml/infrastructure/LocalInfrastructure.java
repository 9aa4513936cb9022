package io.aegisml.infrastructure;

import io.aegisml.events.Topic;
import io.aegisml.events.TopicProvisioner;
import io.aegisml.infrastructure.azurite.AzuriteServer;
import io.aegisml.infrastructure.kafka.KafkaServer;
import io.aegisml.infrastructure.keycloak.AegisRealm;
import io.aegisml.infrastructure.keycloak.KeycloakServer;
import io.aegisml.infrastructure.postgres.PostgresServer;
import io.aegisml.infrastructure.process.LocalProcess;
import io.aegisml.infrastructure.process.Secrets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The infrastructure as local processes. PostgreSQL starts first (Keycloak keeps its data there),
 * then Keycloak, Kafka and Azurite in parallel. If any fails, those already started are stopped and
 * the error carries the failing component's log tail.
 */
public final class LocalInfrastructure implements Infrastructure {

    private static final Logger log = LoggerFactory.getLogger(LocalInfrastructure.class);
    public static final List<String> DATABASES = List.of("identity", "deployment", "audit", "keycloak");

    private final InfrastructureConfig config;
    private final String adminPassword;
    private String keycloakAdminPassword;
    private PostgresServer postgres;
    private volatile LocalProcess kafka;
    private LocalProcess keycloak;
    private LocalProcess azurite;

    private LocalInfrastructure(InfrastructureConfig config, String adminPassword) {
        this.config = config;
        this.adminPassword = adminPassword;
    }

    public static LocalInfrastructure start(InfrastructureConfig config) {
        Secrets secrets = new Secrets(config.dataDir());
        Secrets.Secret admin = secrets.get("admin-password", "AEGIS_ADMIN_PASSWORD");
        String keycloakAdmin = secrets.get("keycloak-bootstrap-admin-password", null).value();
        LocalInfrastructure infrastructure = new LocalInfrastructure(config, admin.value());
        infrastructure.keycloakAdminPassword = keycloakAdmin;
        CompletableFuture<LocalProcess> keycloak = null;
        CompletableFuture<LocalProcess> azurite = null;
        try {
            long started = System.nanoTime();
            infrastructure.postgres = PostgresServer.start(config.dataDir(), config.postgresPort(), DATABASES);
            log.info("PostgreSQL ready on port {}", config.postgresPort());
            keycloak = CompletableFuture.supplyAsync(() -> KeycloakServer.start(config.dataDir(),
                    new KeycloakServer.Ports(config.keycloakPort(), config.keycloakManagementPort()),
                    infrastructure.postgres.jdbcUrl("keycloak"), keycloakAdmin));
            azurite = CompletableFuture.supplyAsync(() -> AzuriteServer.start(config.dataDir(), config.azuritePort()));
            infrastructure.startKafka();
            log.info("Kafka ready on port {}", config.kafkaPort());
            infrastructure.azurite = join(azurite);
            log.info("Azurite ready on port {}", config.azuritePort());
            infrastructure.keycloak = join(keycloak);
            if (AegisRealm.ensure(infrastructure.keycloakUrl(), keycloakAdmin, admin.value())) {
                log.info("Created realm {} with the bootstrap administrator '{}'", AegisRealm.REALM, AegisRealm.ADMIN_USER);
            }
            log.info("Keycloak ready on port {}; infrastructure up in {} s", config.keycloakPort(),
                    (System.nanoTime() - started) / 1_000_000_000);
            infrastructure.adminPasswordGenerated = admin.generatedNow();
            RunningInfrastructure.describe(infrastructure, config.dataDir());
            return infrastructure;
        } catch (RuntimeException | Error e) {
            // Components still starting in parallel are waited for and stopped too: nothing is left behind.
            infrastructure.keycloak = settle(keycloak);
            infrastructure.azurite = settle(azurite);
            infrastructure.close();
            if (e instanceof CompletionException && e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static LocalProcess settle(CompletableFuture<LocalProcess> future) {
        if (future == null) {
            return null;
        }
        try {
            return future.join();
        } catch (RuntimeException failedToo) {
            return null;
        }
    }

    private boolean adminPasswordGenerated;

    @Override
    public boolean adminPasswordGenerated() {
        return adminPasswordGenerated;
    }

    public InfrastructureConfig config() {
        return config;
    }

    @Override
    public List<LocalProcess> processes() {
        return new ArrayList<>(Arrays.asList(kafka, keycloak, azurite)).stream()
                .filter(p -> p != null).toList();
    }

    @Override
    public String kafkaBootstrapServers() {
        return "localhost:" + config.kafkaPort();
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + config.postgresPort() + "/" + database;
    }

    @Override
    public String keycloakUrl() {
        return "http://localhost:" + config.keycloakPort();
    }

    @Override
    public String blobEndpoint() {
        return AzuriteServer.blobEndpoint(config.azuritePort());
    }

    @Override
    public String blobConnectionString() {
        return AzuriteServer.connectionString(blobEndpoint(), AzuriteServer.accountKey(config.dataDir()));
    }

    @Override
    public String adminPassword() {
        return adminPassword;
    }

    @Override
    public String keycloakAdminPassword() {
        return keycloakAdminPassword;
    }

    @Override
    public boolean canRestartKafka() {
        return true;
    }

    @Override
    public synchronized void stopKafka() {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }

    @Override
    public synchronized void startKafka() {
        if (kafka == null) {
            kafka = KafkaServer.start(config.dataDir(), config.kafkaPort(), config.kafkaControllerPort());
            TopicProvisioner.ensure(kafkaBootstrapServers(), Arrays.asList(Topic.values()), (short) 1);
        }
    }

    /** Stops in reverse order of start. */
    @Override
    public void close() {
        stopQuietly(keycloak);
        stopQuietly(azurite);
        stopKafka();
        if (postgres != null) {
            postgres.close();
        }
    }

    private static void stopQuietly(LocalProcess process) {
        if (process != null) {
            process.close();
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
