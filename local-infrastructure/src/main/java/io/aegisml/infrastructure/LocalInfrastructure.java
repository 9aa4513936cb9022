package io.aegisml.infrastructure;

import io.aegisml.events.KafkaAccount;
import io.aegisml.events.Topic;
import io.aegisml.events.TopicProvisioner;
import io.aegisml.infrastructure.azurite.AzuriteServer;
import io.aegisml.infrastructure.kafka.BrokerAccounts;
import io.aegisml.infrastructure.kafka.KafkaServer;
import io.aegisml.infrastructure.keycloak.AegisRealm;
import io.aegisml.infrastructure.keycloak.KeycloakServer;
import io.aegisml.infrastructure.postgres.PostgresServer;
import io.aegisml.infrastructure.process.Component;
import io.aegisml.infrastructure.process.LocalProcess;
import io.aegisml.infrastructure.process.Secrets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The infrastructure as local processes. PostgreSQL starts first (Keycloak keeps its data there),
 * then Keycloak, Kafka and Azurite in parallel. If any fails, those already started are stopped and
 * the error names the failing component, with its log. Each is a {@link Component}, so the launcher can
 * restart one that dies and tests can stop and start Kafka.
 */
public final class LocalInfrastructure implements Infrastructure {

    private static final Logger log = LoggerFactory.getLogger(LocalInfrastructure.class);
    public static final List<String> DATABASES = List.of("identity", "deployment", "audit", "keycloak");

    private final InfrastructureConfig config;
    private final String adminPassword;
    private final String keycloakAdminPassword;
    private final PostgresServer.Credentials databaseCredentials;
    private final io.aegisml.events.KafkaCredentials kafkaAdmin;
    private final Map<KafkaAccount, String> kafkaPasswords = new java.util.EnumMap<>(KafkaAccount.class);
    private final Component postgres;
    private final Component kafka;
    private final Component keycloak;
    private final Component azurite;

    private LocalInfrastructure(InfrastructureConfig config, String adminPassword, String keycloakAdminPassword) {
        this.config = config;
        this.adminPassword = adminPassword;
        this.keycloakAdminPassword = keycloakAdminPassword;
        Path data = config.dataDir();
        Secrets secrets = new Secrets(data);
        Map<String, String> passwords = new java.util.LinkedHashMap<>();
        DATABASES.forEach(db -> passwords.put(db, secrets.get("database-password-" + db, null).value()));
        this.databaseCredentials = new PostgresServer.Credentials(
                secrets.get("postgres-superuser-password", "AEGIS_POSTGRES_PASSWORD").value(), Map.copyOf(passwords));
        this.postgres = new Component("PostgreSQL", config.postgresPort(),
                () -> PostgresServer.start(data, config.postgresPort(), DATABASES, config.durable(), databaseCredentials));
        this.kafkaAdmin = kafkaAdmin(secrets.get(KAFKA_ADMIN_SECRET, null).value());
        for (KafkaAccount account : KafkaAccount.values()) {
            kafkaPasswords.put(account, secrets.get(kafkaSecret(account), null).value());
        }
        this.kafka = new Component("Kafka", config.kafkaPort(), () -> {
            LocalProcess broker = KafkaServer.start(data, config.kafkaPort(), config.kafkaControllerPort(), kafkaAdmin);
            try {
                BrokerAccounts.apply(kafkaBootstrapServers(), kafkaAdmin, kafkaPasswords);
                TopicProvisioner.ensure(kafkaAdmin, kafkaBootstrapServers(), Arrays.asList(Topic.values()), (short) 1);
            } catch (RuntimeException e) {
                broker.close();
                throw new io.aegisml.infrastructure.process.ComponentFailure("Kafka",
                        "its accounts and topics could not be set up (" + e.getMessage() + ")", null, broker.logFile());
            }
            return broker;
        });
        this.keycloak = new Component("Keycloak", config.keycloakPort(), () -> KeycloakServer.start(data,
                new KeycloakServer.Ports(config.keycloakPort(), config.keycloakManagementPort()),
                PostgresServer.jdbcUrl(config.postgresPort(), "keycloak"), databasePassword("keycloak"), keycloakAdminPassword));
        this.azurite = new Component("Azurite", config.azuritePort(), () -> AzuriteServer.start(data, config.azuritePort()));
    }

    public static LocalInfrastructure start(InfrastructureConfig config) {
        ownerOnly(config.dataDir());
        Secrets secrets = new Secrets(config.dataDir());
        Secrets.Secret admin = secrets.get("admin-password", "AEGIS_ADMIN_PASSWORD");
        String keycloakAdmin = secrets.get("keycloak-bootstrap-admin-password", null).value();
        LocalInfrastructure infrastructure = new LocalInfrastructure(config, admin.value(), keycloakAdmin);
        CompletableFuture<Void> keycloak = null;
        CompletableFuture<Void> azurite = null;
        try {
            long started = System.nanoTime();
            infrastructure.postgres.start();
            log.info("PostgreSQL ready on port {}", config.postgresPort());
            keycloak = CompletableFuture.runAsync(infrastructure.keycloak::start);
            azurite = CompletableFuture.runAsync(infrastructure.azurite::start);
            infrastructure.kafka.start();
            log.info("Kafka ready on port {}", config.kafkaPort());
            join(azurite);
            log.info("Azurite ready on port {}", config.azuritePort());
            join(keycloak);
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
            settle(keycloak);
            settle(azurite);
            infrastructure.close();
            if (e instanceof CompletionException && e.getCause() != null) {
                throw unwrap(e.getCause());
            }
            throw e;
        }
    }

    /**
     * The data folder is its owner's alone: Kafka's log, PostgreSQL's files and the blobs are readable on disk
     * by whoever can open them, whatever SASL, SCRAM and SAS say on the wire.
     */
    private static void ownerOnly(Path dataDir) {
        try {
            java.nio.file.Files.createDirectories(dataDir);
            java.nio.file.Files.setPosixFilePermissions(dataDir,
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (java.io.IOException | UnsupportedOperationException e) {
            log.warn("Could not make {} readable by its owner only: {}", dataDir, e.getMessage());
        }
    }

    private static void settle(CompletableFuture<Void> future) {
        if (future != null) {
            try {
                future.join();
            } catch (RuntimeException failedToo) {
                // its own failure is reported by the first one, or was the first one
            }
        }
    }

    private static RuntimeException unwrap(Throwable cause) {
        return cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
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
        return components().stream().map(Component::process).filter(p -> p != null).toList();
    }

    /** PostgreSQL, Kafka, Keycloak and Azurite, in order of start. */
    public List<Component> components() {
        return List.of(postgres, kafka, keycloak, azurite);
    }

    @Override
    public String kafkaBootstrapServers() {
        return "localhost:" + config.kafkaPort();
    }

    static final String KAFKA_ADMIN_SECRET = "kafka-admin-password";

    static String kafkaSecret(KafkaAccount account) {
        return "kafka-password-" + account.username();
    }

    static io.aegisml.events.KafkaCredentials kafkaAdmin(String password) {
        return new io.aegisml.events.KafkaCredentials(io.aegisml.events.KafkaCredentials.SASL_PLAINTEXT,
                io.aegisml.events.KafkaCredentials.PLAIN, "admin", password);
    }

    @Override
    public io.aegisml.events.KafkaCredentials kafkaCredentials(KafkaAccount account) {
        return io.aegisml.events.KafkaCredentials.scram(account.username(), kafkaPasswords.get(account));
    }

    @Override
    public io.aegisml.events.KafkaCredentials kafkaAdminCredentials() {
        return kafkaAdmin;
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
    public String databaseSuperuserPassword() {
        return databaseCredentials.superuserPassword();
    }

    @Override
    public String databaseUser(String database) {
        return database;
    }

    @Override
    public String databasePassword(String database) {
        return databaseCredentials.databasePasswords().get(database);
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
    public void stopKafka() {
        kafka.stop();
    }

    @Override
    public void startKafka() {
        kafka.start();
    }

    /** Stops in reverse order of start. */
    @Override
    public void close() {
        keycloak.stop();
        azurite.stop();
        kafka.stop();
        postgres.stop();
    }

    private static void join(CompletableFuture<Void> future) {
        try {
            future.join();
        } catch (CompletionException e) {
            throw unwrap(e.getCause());
        }
    }
}
