package io.aegisml.cli.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the CLI remembers between runs, in {@code ~/.aegis} (or {@code $AEGIS_CONFIG_DIR}): the stack's
 * address and defaults in {@code config.json}, the login in {@code credentials.json}, readable by the
 * owner only (it holds tokens, and a service principal's secret to renew them, as az does).
 */
public final class Session {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() { };

    private final Path dir;

    public Session(Path dir) {
        this.dir = dir;
    }

    public static Session current() {
        String override = System.getenv("AEGIS_CONFIG_DIR");
        String property = System.getProperty("aegis.config.dir");
        Path dir = property != null ? Path.of(property)
                : override != null && !override.isBlank() ? Path.of(override)
                : Path.of(System.getProperty("user.home"), ".aegis");
        return new Session(dir);
    }

    /** The stack's address, its token issuer, and defaults (subscription, group, workspace). */
    public Map<String, String> config() {
        return read("config.json");
    }

    public void saveConfig(Map<String, String> config) {
        write("config.json", config);
    }

    public String url() {
        return config().getOrDefault("url", "https://localhost:8080");
    }

    public String issuer() {
        return config().getOrDefault("issuer", "http://localhost:8180/realms/aegis");
    }

    /**
     * Where tokens come from: with a tenant id (az's {@code --tenant}), the stack's Azure AD-compatible v2
     * endpoint {@code {url}/{tenant}/oauth2/v2.0/token}; otherwise Keycloak's own, at the issuer.
     */
    public String tokenUrl() {
        String tenant = config().get("tenant");
        return tenant != null ? url() + "/" + tenant + "/oauth2/v2.0/token" : issuer() + "/protocol/openid-connect/token";
    }

    /** The form fields a token request adds for the endpoint it goes to: Azure AD's v2 wants a scope. */
    public Map<String, String> withScope(Map<String, String> form) {
        if (config().get("tenant") == null) {
            return form;
        }
        Map<String, String> scoped = new LinkedHashMap<>(form);
        scoped.put("scope", "client_credentials".equals(form.get("grant_type")) ? "https://management.azure.com/.default"
                : "openid offline_access");
        return scoped;
    }

    /** Where the configuration lives, as {@code az config get} shows each value's source. */
    public Path configFile() {
        return dir.resolve("config.json");
    }

    public String defaultValue(String name) {
        return config().get("defaults." + name);
    }

    public Map<String, String> credentials() {
        return read("credentials.json");
    }

    public void saveCredentials(Map<String, String> credentials) {
        write("credentials.json", credentials);
    }

    public void forget() {
        try {
            Files.deleteIfExists(dir.resolve("credentials.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keeps what a token endpoint answered, with its expiry as an instant. */
    public static Map<String, String> tokens(Map<String, Object> answer, Map<String, String> how) {
        Map<String, String> credentials = new LinkedHashMap<>(how);
        credentials.put("access_token", String.valueOf(answer.get("access_token")));
        if (answer.get("refresh_token") != null) {
            credentials.put("refresh_token", String.valueOf(answer.get("refresh_token")));
        }
        long seconds = answer.get("expires_in") instanceof Number n ? n.longValue() : 300;
        credentials.put("expires_at", Instant.now().plusSeconds(seconds).toString());
        return credentials;
    }

    private Map<String, String> read(String name) {
        Path file = dir.resolve(name);
        if (!Files.exists(file)) {
            return new LinkedHashMap<>();
        }
        return new LinkedHashMap<>(JSON.readValue(file.toFile(), MAP));
    }

    private void write(String name, Map<String, String> content) {
        try {
            if (!Files.exists(dir)) {
                Files.createDirectories(dir);
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
            Path file = dir.resolve(name);
            Path temporary = dir.resolve(name + ".tmp");
            Files.deleteIfExists(temporary);
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(content));
            Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(name), e);
        }
    }
}
