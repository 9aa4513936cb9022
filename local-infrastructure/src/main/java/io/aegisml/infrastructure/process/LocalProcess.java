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

    private final String name;
    private final Path logFile;
    private final Process process;

    private LocalProcess(String name, Path logFile, Process process) {
        this.name = name;
        this.logFile = logFile;
        this.process = process;
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
            throw new UncheckedIOException("could not start " + name + ": " + command.get(0), e);
        }
    }

    /** Waits until {@code ready} answers true; fails with the log tail if the process exits or time runs out. */
    public LocalProcess awaitReady(BooleanSupplier ready, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw failure(name + " exited with code " + process.exitValue() + " during start-up");
            }
            if (ready.getAsBoolean()) {
                return this;
            }
            sleep(Duration.ofMillis(250));
        }
        close();
        throw failure(name + " was not ready after " + timeout.toSeconds() + " s");
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    /** Java children of launcher scripts (kc.sh) are counted too, so memory is measured where it is used. */
    public List<ProcessHandle> processTree() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(process.toHandle()),
                process.descendants()).toList();
    }

    /** SIGTERM to the process and its children, then SIGKILL whatever is still alive after 20 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> tree = processTree();
        tree.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                log.warn("{} did not stop within 20 s; killing it", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private IllegalStateException failure(String message) {
        return new IllegalStateException(message + "; last lines of " + logFile + ":\n" + LogTail.of(logFile, 40));
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
