package io.aegisml.devstack;

import io.aegisml.infrastructure.process.Cache;
import io.aegisml.infrastructure.process.Installation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Faster, leaner service starts with class-data sharing (AppCDS). A service's executable jar is extracted
 * once into the cache (CDS cannot map classes from jars nested in a jar). Its first run lists the classes
 * it loads ({@code -XX:DumpLoadedClassList}); once the stack is up, a background JVM, one at a time and
 * at low priority, turns each list into an archive ({@code -Xshare:dump}); later runs map it
 * ({@code -XX:SharedArchiveFile}). A static archive without lambda proxies, because Java 17's dump
 * (at exit, or static with them) crashes on some of our services' lambdas. Measured here: the edge starts with 4-5 s of CPU instead of 9-10
 * (docs/performance.md). Archives are named after the jar's size and time and the JVM's version, so a
 * rebuild or another JDK makes a new one.
 */
final class ClassDataSharing {

    private static final Logger log = LoggerFactory.getLogger(ClassDataSharing.class);
    /** In each extracted folder: the folder of the jar it came from, so that a deleted checkout's go too. */
    private static final String SOURCE = "source-folder";
    private static final Queue<Runnable> PENDING = new ConcurrentLinkedQueue<>();
    /** Archives asked for and not yet written (or given up): queued or being dumped. */
    private static final java.util.concurrent.atomic.AtomicInteger UNFINISHED = new java.util.concurrent.atomic.AtomicInteger();
    private static volatile Process dumping;
    private static volatile boolean stopped;

    /** How to run a service: its jar and the JVM options that go with it. */
    record Launch(Path jar, List<String> jvmOptions) {
    }

    private ClassDataSharing() {
    }

    static Launch prepare(String module, Path executableJar) {
        // One series per checkout (the jar's folder), so two clones on one machine do not remove each other's.
        String series = "app-" + module + "-" + Integer.toHexString(executableJar.toAbsolutePath().getParent().hashCode());
        String name = series + "-" + stamp(executableJar);
        Path extracted = Installation.ensure(module, name, "lib", "Check the free space of the cache folder", folder -> {
            removeOlderVersions(series, name);
            Installation.run("extracting " + executableJar.getFileName(), new ProcessBuilder(Cache.javaExecutable(),
                    "-Djarmode=tools", "-jar", executableJar.toString(), "extract", "--destination", folder.toString()),
                    folder.resolveSibling(name + ".extract.log"));
            Files.writeString(folder.resolve(SOURCE), executableJar.toAbsolutePath().getParent().toString());
        });
        Path jar = extracted.resolve(executableJar.getFileName());
        Path archive = Cache.dir().resolve(name + "-java" + Runtime.version().toString().replaceAll("[^A-Za-z0-9.]", "_") + ".jsa");
        if (Files.isRegularFile(archive)) {
            removeClassLists(archive);
            return new Launch(jar, List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        }
        Path classList = archive.resolveSibling(archive.getFileName() + "." + UUID.randomUUID().toString().substring(0, 8)
                + ".classlist");
        UNFINISHED.incrementAndGet();
        PENDING.add(() -> dump(module, jar, classList, archive));
        return new Launch(jar, List.of("-XX:DumpLoadedClassList=" + classList));
    }

    /** Turns the class lists of this run's first starts into archives, in the background. */
    static void archiveInBackground() {
        Thread thread = new Thread(() -> {
            for (Runnable dump = PENDING.poll(); dump != null && !stopped; dump = PENDING.poll()) {
                try {
                    dump.run();
                } finally {
                    UNFINISHED.decrementAndGet();
                }
            }
        }, "class-data-sharing");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Waits until this run's archives are written (or {@code timeout} passes): a benchmark must not measure
     * while a dump takes one of the machine's cores. Returns whether none is left.
     */
    static boolean awaitArchives(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (UNFINISHED.get() > 0 && !stopped) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(200);
        }
        return true;
    }

    /** Stops an archive being written (the stack is stopping); the next run lists its classes again. */
    static void stop() {
        stopped = true;
        Process current = dumping;
        if (current != null) {
            current.destroyForcibly();
        }
    }

    private static void dump(String module, Path jar, Path classList, Path archive) {
        Path list = classList.resolveSibling(classList.getFileName() + ".complete");
        Path partial = archive.resolveSibling(archive.getFileName() + ".partial");
        Path output = archive.resolveSibling(archive.getFileName() + ".log");
        try {
            // The running JVM is still appending: take the whole lines written so far. Lambda proxies are left
            // out: archiving them crashes Java 17's dump on some of our services (SystemDictionaryShared).
            String written = Files.readString(classList, StandardCharsets.UTF_8);
            Files.write(list, written.substring(0, written.lastIndexOf('\n') + 1).lines()
                    .filter(line -> !line.startsWith("@lambda-proxy")).toList(), StandardCharsets.UTF_8);
            Process process = new ProcessBuilder("nice", "-n", "10", Cache.javaExecutable(), "-Xshare:dump",
                    "-XX:SharedClassListFile=" + list, "-XX:SharedArchiveFile=" + partial, "-jar", jar.toString())
                    .directory(Cache.dir().toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            dumping = process;
            int exit = process.waitFor();
            if (exit == 0 && !stopped) {
                Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                Files.deleteIfExists(output);
                log.info("Archived {}'s classes: its next starts take about half the CPU", module);
            } else if (!stopped) {
                log.warn("Could not archive {}'s classes (exit code {}; see {}): it starts without", module, exit, output);
            }
        } catch (IOException e) {
            log.debug("no class archive for {}: {}", module, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            dumping = null;
            for (Path leftover : List.of(list, partial, classList)) {
                try {
                    Files.deleteIfExists(leftover);
                } catch (IOException e) {
                    // the service may still hold the list open; it is small
                }
            }
        }
    }

    /** Lists of runs that started while the archive was being made: no longer needed. */
    private static void removeClassLists(Path archive) {
        try (DirectoryStream<Path> lists = Files.newDirectoryStream(archive.getParent(), archive.getFileName() + ".*.classlist")) {
            for (Path list : lists) {
                Files.deleteIfExists(list);
            }
        } catch (IOException e) {
            // a list still being written by a running service: it goes next time
        }
    }

    private static boolean checkoutGone(Path extracted) {
        try {
            Path source = extracted.resolve(SOURCE);
            return Files.exists(source) && !Files.isDirectory(Path.of(Files.readString(source).strip()));
        } catch (IOException e) {
            return false;
        }
    }

    /** The jar's size and modification time: a rebuilt jar is a new version. */
    private static String stamp(Path jar) {
        try {
            return Long.toHexString(Files.size(jar)) + "-" + Long.toHexString(Files.getLastModifiedTime(jar).toMillis());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Extracted jars and archives of earlier builds of the module in this checkout, and of checkouts that no
     * longer exist (CI's clones): each is tens of megabytes.
     */
    private static void removeOlderVersions(String series, String current) throws IOException {
        List<Path> older = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Cache.dir(), "app-*")) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                boolean earlierBuild = name.startsWith(series + "-") && !name.startsWith(current);
                if (earlierBuild || Files.isDirectory(entry) && checkoutGone(entry)) {
                    older.add(entry);
                }
            }
        }
        for (Path folder : List.copyOf(older)) {
            if (Files.isDirectory(folder)) { // its archives and logs too
                try (DirectoryStream<Path> files = Files.newDirectoryStream(Cache.dir(), folder.getFileName() + "-*")) {
                    files.forEach(older::add);
                }
            }
        }
        for (Path entry : older) {
            try {
                Installation.delete(entry);
            } catch (java.io.UncheckedIOException raced) {
                // Best effort: the five services start at once and may clean the same leftovers; the next start retries.
            }
        }
    }
}
