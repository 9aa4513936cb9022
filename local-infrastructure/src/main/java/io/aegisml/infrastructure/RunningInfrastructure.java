package io.aegisml.infrastructure;

import io.aegisml.infrastructure.process.Probes;
import io.aegisml.infrastructure.process.Secrets;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Infrastructure someone else started (a running {@code ./aegis up}), found through the
 * {@code infrastructure.properties} file it writes in its data folder. Its lifecycle is not ours:
 * closing does nothing, and Kafka cannot be restarted from here.
 */
final class RunningInfrastructure implements Infrastructure {

    static final String FILE = "infrastructure.properties";

    private final Properties endpoints;
    private final Path dataDir;

    private RunningInfrastructure(Properties endpoints, Path dataDir) {
        this.endpoints = endpoints;
        this.dataDir = dataDir;
    }

    /** Written at each local start; holds addresses only, no secret. */
    static void describe(Infrastructure infrastructure, Path dataDir) {
        Properties p = new Properties();
        p.setProperty("kafka", infrastructure.kafkaBootstrapServers());
        p.setProperty("postgres", infrastructure.jdbcUrl(""));
        p.setProperty("keycloak", infrastructure.keycloakUrl());
        p.setProperty("blob", infrastructure.blobEndpoint());
        try (Writer out = Files.newBufferedWriter(dataDir.resolve(FILE))) {
            p.store(out, "Aegis ML local infrastructure (addresses only)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RunningInfrastructure connect(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            throw new IllegalStateException("-Dstack=running needs a running ./aegis up: " + file + " is missing");
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RunningInfrastructure running = new RunningInfrastructure(p, dataDir);
        if (!Probes.httpOk(running.tokenIssuer())) {
            throw new IllegalStateException("-Dstack=running: nothing answers at " + running.tokenIssuer()
                    + "; start the stack with ./aegis up first");
        }
        return running;
    }

    @Override
    public String kafkaBootstrapServers() {
        return endpoints.getProperty("kafka");
    }

    @Override
    public io.aegisml.events.KafkaCredentials kafkaCredentials(io.aegisml.events.KafkaAccount account) {
        return io.aegisml.events.KafkaCredentials.scram(account.username(),
                new Secrets(dataDir).existing(LocalInfrastructure.kafkaSecret(account)));
    }

    @Override
    public io.aegisml.events.KafkaCredentials kafkaAdminCredentials() {
        return LocalInfrastructure.kafkaAdmin(new Secrets(dataDir).existing(LocalInfrastructure.KAFKA_ADMIN_SECRET));
    }

    @Override
    public String jdbcUrl(String database) {
        return endpoints.getProperty("postgres") + database;
    }

    @Override
    public String keycloakUrl() {
        return endpoints.getProperty("keycloak");
    }

    @Override
    public String blobEndpoint() {
        return endpoints.getProperty("blob");
    }

    @Override
    public String blobConnectionString() {
        return io.aegisml.infrastructure.azurite.AzuriteServer.connectionString(blobEndpoint(),
                io.aegisml.infrastructure.azurite.AzuriteServer.accountKey(dataDir));
    }

    @Override
    public String adminPassword() {
        String fromEnv = System.getenv("AEGIS_ADMIN_PASSWORD");
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv : new Secrets(dataDir).existing("admin-password");
    }

    @Override
    public String databaseSuperuserPassword() {
        return new Secrets(dataDir).existing("postgres-superuser-password");
    }

    @Override
    public String databaseUser(String database) {
        return database;
    }

    @Override
    public String databasePassword(String database) {
        return new Secrets(dataDir).existing("database-password-" + database);
    }

    @Override
    public String keycloakAdminPassword() {
        return new Secrets(dataDir).existing("keycloak-bootstrap-admin-password");
    }

    @Override
    public void close() {
        // not ours
    }
}
