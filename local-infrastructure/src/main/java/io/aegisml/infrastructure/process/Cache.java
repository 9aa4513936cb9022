package io.aegisml.infrastructure.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The folder where downloaded infrastructure lives between runs ({@code -Daegis.cache},
 * {@code AEGIS_CACHE}, default {@code ~/.cache/aegis}). The build fills it with the Kafka broker's jars
 * and Keycloak's distribution from Maven Central; Azurite is installed into it from npm on first use.
 */
public final class Cache {

    private Cache() {
    }

    public static Path dir() {
        String configured = System.getProperty("aegis.cache", System.getenv("AEGIS_CACHE"));
        Path dir = configured != null && !configured.isBlank()
                ? Path.of(configured) : Path.of(System.getProperty("user.home"), ".cache", "aegis");
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the cache folder " + dir, e);
        }
    }

    /** Runs {@code work} while holding a file lock, so parallel test JVMs do not unpack the same thing twice. */
    static <T> T locked(Path cache, String name, Supplier<T> work) {
        Path lockFile = cache.resolve(name + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            return work.get();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + lockFile, e);
        }
    }

    /** The java executable of this JVM, so children run on the same JDK the scripts chose. */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
