package io.aegisml.infrastructure.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One child process with its output in a log file. Start-up waits for a readiness check and, if the
 * process dies or the check times out, fails with the tail of the log: a stack never hangs on a
 * component that did not come up.
 */
public final class LocalProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalProcess.class);
    /** Set when the launcher is asked to stop while components are still starting: they give up at once. */
    private static volatile boolean startsAborted;

    private final String name;
    private final Path logFile;
    private final Process process;
    private final java.time.Instant startedAt = java.time.Instant.now();
    /** The signal that asks this process to stop cleanly; SIGTERM unless a component needs another. */
    private volatile String stopSignal = "TERM";

    private LocalProcess(String name, Path logFile, Process process) {
        this.name = name;
        this.logFile = logFile;
        this.process = process;
    }

    /** PostgreSQL, for one, takes SIGTERM as "wait for every client to leave" and SIGINT as "stop now, cleanly". */
    public LocalProcess stoppedWith(String signal) {
        this.stopSignal = signal;
        return this;
    }

    public static LocalProcess start(String name, List<String> command, Path workDir, Map<String, String> env,
                                     Path logFile) {
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(env);
            log.debug("starting {}: {}", name, command);
            return new LocalProcess(name, logFile, builder.start());
        } catch (IOException e) {
            throw new ComponentFailure(name, "could not be started (" + e.getMessage() + ")", null, logFile, e);
        }
    }

    /** Makes every start-up still waiting give up (the launcher was asked to stop). */
    public static void abortStarts() {
        startsAborted = true;
    }

    /** Waits until {@code ready} answers true; fails with the log tail if the process exits or time runs out. */
    public LocalProcess awaitReady(BooleanSupplier ready, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (startsAborted) {
                    throw new ComponentFailure(name, "start-up abandoned: a stop was requested", null, null);
                }
                if (!process.isAlive()) {
                    throw failure("exited with code " + process.exitValue() + " during start-up");
                }
                if (ready.getAsBoolean()) {
                    return this;
                }
                sleep(Duration.ofMillis(250));
            }
            throw failure("was not ready after " + timeout.toSeconds() + " s");
        } catch (RuntimeException e) {
            close(); // whatever went wrong, nothing half-started stays behind
            throw e;
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public String name() {
        return name;
    }

    public java.time.Instant startedAt() {
        return startedAt;
    }

    /** Completes when the process ends, however it ends. */
    public java.util.concurrent.CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    /** The exit code, once it has ended. */
    public int exitValue() {
        return process.exitValue();
    }

    public Path logFile() {
        return logFile;
    }

    /** Java children of launcher scripts (kc.sh) are counted too, so memory is measured where it is used. */
    public List<ProcessHandle> processTree() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(process.toHandle()),
                process.descendants()).toList();
    }

    /** The stop signal to the process (SIGTERM to its children too), then SIGKILL whatever is alive after 20 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> tree = processTree();
        if (stopSignal.equals("TERM")) {
            tree.forEach(ProcessHandle::destroy);
        } else {
            signal(stopSignal);
        }
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                log.warn("{} did not stop within 20 s; killing it", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private void signal(String signal) {
        try {
            new ProcessBuilder("kill", "-s", signal, String.valueOf(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            process.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ComponentFailure failure(String problem) {
        return new ComponentFailure(name, problem, null, logFile);
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
