package io.aegisml.infrastructure;

/**
 * Running Kafka, PostgreSQL, Keycloak and Azurite, however they were started (local processes or
 * containers). What services and tests need to reach them.
 */
public interface Infrastructure extends AutoCloseable {

    String kafkaBootstrapServers();

    /**
     * What one of the platform's Kafka clients signs in with: a service's own account, or the read-only
     * {@link io.aegisml.events.KafkaAccount#EVENTS_READER}. Without a SASL listener (a test container), none.
     */
    default io.aegisml.events.KafkaCredentials kafkaCredentials(io.aegisml.events.KafkaAccount account) {
        return io.aegisml.events.KafkaCredentials.none();
    }

    /** The broker's administrator (the only super user): for the platform's set-up and for tests. */
    default io.aegisml.events.KafkaCredentials kafkaAdminCredentials() {
        return io.aegisml.events.KafkaCredentials.none();
    }

    /** JDBC URL of one of the stack's databases ({@code identity}, {@code deployment}, {@code audit}). */
    String jdbcUrl(String database);

    /** The PostgreSQL superuser, for the platform's own set-up and for tests that read every database. */
    default String databaseSuperuser() {
        return "postgres";
    }

    default String databaseSuperuserPassword() {
        return "postgres";
    }

    /** The role a service connects to its database with (locally, a role of its own that reaches nothing else). */
    default String databaseUser(String database) {
        return databaseSuperuser();
    }

    default String databasePassword(String database) {
        return databaseSuperuserPassword();
    }

    /** Base URL of Keycloak, e.g. {@code http://localhost:8180}. */
    String keycloakUrl();

    /** Issuer of the {@code aegis} realm's tokens. */
    default String tokenIssuer() {
        return io.aegisml.infrastructure.keycloak.AegisRealm.issuer(keycloakUrl());
    }

    String blobEndpoint();

    /** A connection string for azure-storage-blob, with the account key: a secret, never logged. */
    String blobConnectionString();

    /** The bootstrap administrator's password (user {@code admin}). */
    String adminPassword();

    /** Password of Keycloak's own administrator ({@code kcadmin}, master realm), for admin REST calls. */
    String keycloakAdminPassword();

    /** True if {@link #stopKafka()} and {@link #startKafka()} work here: only for our local processes. */
    default boolean canRestartKafka() {
        return false;
    }

    /** The local processes (for memory measurement); empty when they are containers or not ours. */
    default java.util.List<io.aegisml.infrastructure.process.LocalProcess> processes() {
        return java.util.List.of();
    }

    /** True on the first start, when the administrator's password was generated (print it once). */
    default boolean adminPasswordGenerated() {
        return false;
    }

    /** Stops the broker, for fault tests; {@link #startKafka()} brings it back with its data. */
    default void stopKafka() {
        throw new UnsupportedOperationException("Kafka cannot be restarted on the same address here");
    }

    default void startKafka() {
        throw new UnsupportedOperationException("Kafka cannot be restarted on the same address here");
    }

    @Override
    void close();
}
