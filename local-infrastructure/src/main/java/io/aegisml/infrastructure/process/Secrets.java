package io.aegisml.infrastructure.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Secrets of a local stack: taken from an environment variable when set, otherwise generated on
 * first start and stored in {@code <data>/secrets/<name>} readable by the owner only. Never in the
 * repository, never in a log.
 */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;

    public Secrets(Path dataDir) {
        this.dir = dataDir.resolve("secrets");
    }

    public record Secret(String value, boolean generatedNow) {
        @Override
        public String toString() {
            return "Secret[****]";
        }
    }

    public Secret get(String name, String environmentVariable) {
        String fromEnv = environmentVariable == null ? null : System.getenv(environmentVariable);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new Secret(fromEnv, false);
        }
        Path file = dir.resolve(name);
        // One at a time: services start in parallel, and two that share a secret (the edge's proof) would both
        // find it missing and both create it.
        synchronized (Secrets.class) {
            return readOrCreate(file);
        }
    }

    private Secret readOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return new Secret(Files.readString(file, StandardCharsets.UTF_8).strip(), false);
            }
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            byte[] bytes = new byte[24];
            RANDOM.nextBytes(bytes);
            String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, value, StandardCharsets.UTF_8);
            return new Secret(value, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or store the secret " + file, e);
        }
    }

    /** An existing secret, never generating one (for stacks that are not ours). */
    public String existing(String name) {
        Path file = dir.resolve(name);
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalStateException("the secret " + file + " is missing or unreadable", e);
        }
    }

    public Path file(String name) {
        return dir.resolve(name);
    }
}
