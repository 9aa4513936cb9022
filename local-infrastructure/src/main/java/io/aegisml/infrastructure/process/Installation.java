package io.aegisml.infrastructure.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Something the stack unpacks or installs into the cache on first use (PostgreSQL's binaries, the Kafka
 * broker's jars, Keycloak, Azurite). It is built in a temporary sibling folder, given a manifest (how many
 * files and bytes it holds), and renamed into place only when complete. A folder without its manifest, or
 * whose content no longer matches it, is removed and built again with one line saying so: an interrupted
 * first start never strands the user. A file lock keeps parallel JVMs from building the same thing twice.
 */
public final class Installation {

    /** The work that fills a new, empty folder. */
    @FunctionalInterface
    public interface Steps {
        void fill(Path folder) throws IOException, InterruptedException;
    }

    static final String MANIFEST = ".aegis-installed";
    private static final String PARTIAL = ".partial-";
    private static final Logger log = LoggerFactory.getLogger(Installation.class);

    private Installation() {
    }

    /**
     * The folder {@code name} in the cache, built by {@code steps} if it is missing or damaged.
     *
     * @param checked the part of the folder the manifest covers (e.g. {@code lib}), so that files a
     *                component writes into its own home at run time do not count as damage
     * @param advice  what the user can do if building fails
     */
    public static Path ensure(String component, String name, String checked, String advice, Steps steps) {
        return ensure(Cache.dir(), component, name, checked, advice, steps);
    }

    static Path ensure(Path cache, String component, String name, String checked, String advice, Steps steps) {
        Path target = cache.resolve(name);
        return Cache.locked(cache, name, () -> {
            removeLeftovers(cache, name);
            String problem = problemWith(target, checked);
            if (problem == null) {
                return target;
            }
            if (Files.exists(target)) {
                log.warn("{} in {} is {}; removing it and installing it again", component, target, problem);
                delete(target);
            }
            Path partial = cache.resolve(name + PARTIAL + UUID.randomUUID().toString().substring(0, 8));
            try {
                Files.createDirectories(partial);
                log.info("Installing {} into {} (once)", component, target);
                steps.fill(partial);
                Files.writeString(partial.resolve(MANIFEST), manifestOf(partial.resolve(checked)), StandardCharsets.UTF_8);
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
                return target;
            } catch (IOException e) {
                throw new ComponentFailure(component, "could not be installed into " + target + " (" + e.getMessage() + ")",
                        advice, null, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ComponentFailure(component, "installation interrupted", advice, null, e);
            } finally {
                delete(partial);
            }
        });
    }

    /** Null if the folder is complete and unchanged; otherwise what is wrong with it. */
    static String problemWith(Path target, String checked) {
        if (!Files.isDirectory(target)) {
            return "missing";
        }
        Path manifest = target.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            return "incomplete (no manifest: an earlier installation was interrupted)";
        }
        try {
            String expected = Files.readString(manifest, StandardCharsets.UTF_8);
            String actual = manifestOf(target.resolve(checked));
            return expected.equals(actual) ? null : "damaged (expected " + expected.strip().replace('\n', ' ')
                    + ", found " + actual.strip().replace('\n', ' ') + ")";
        } catch (IOException | UncheckedIOException e) {
            return "unreadable (" + e.getMessage() + ")";
        }
    }

    /** How many files (symbolic links included, not followed) and bytes a folder holds. */
    static String manifestOf(Path folder) throws IOException {
        long[] filesAndBytes = new long[2];
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.forEach(p -> {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(p, BasicFileAttributes.class,
                            LinkOption.NOFOLLOW_LINKS);
                    if (!attributes.isDirectory() && !p.getFileName().toString().equals(MANIFEST)) {
                        filesAndBytes[0]++;
                        filesAndBytes[1] += attributes.isSymbolicLink() ? 0 : attributes.size();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return "files=" + filesAndBytes[0] + "\nbytes=" + filesAndBytes[1] + "\n";
    }

    /** Temporary folders of installations that were interrupted. */
    private static void removeLeftovers(Path cache, String name) {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(cache, name + PARTIAL + "*")) {
            for (Path leftover : leftovers) {
                log.info("Removing {}, left by an interrupted installation", leftover);
                delete(leftover);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void delete(Path folder) {
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete " + p, e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + folder, e);
        }
    }

    /** Runs a command to completion with its output in {@code logFile}; fails with the log's tail. */
    public static void run(String what, ProcessBuilder command, Path logFile) throws IOException, InterruptedException {
        Process process = command.redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
        process.getOutputStream().close();
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IOException(what + " failed with exit code " + exit + ": " + LogTail.of(logFile, 15));
        }
    }
}
