package io.aegisml.scoring.workers;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One instance of a script deployment: a worker process, started again with back-off whenever it ends until the
 * deployment is closed. Each start ("incarnation") listens on the instance's Unix socket until the worker has
 * opened its {@code connections} (it does once {@code init()} has returned), then stops listening; the
 * connections are the instance's request slots. A slot of an earlier incarnation is never used again.
 */
final class WorkerInstance {

    /** A request slot: one connection to one incarnation of the worker. */
    record Slot(WorkerInstance instance, int incarnation, SocketChannel channel) {
        boolean usable() {
            return instance.incarnation == incarnation && channel.isOpen();
        }
    }

    static final class StartFailed extends Exception {
        StartFailed(String message) {
            super(message);
        }
    }

    private static final long MAX_BACK_OFF_MS = 30_000;
    private static final long HEALTHY_RUN_MS = 60_000;

    private final int index;
    private final Supplier<ProcessBuilder> launch;
    private final Path socket;
    private final int connections;
    private final long initTimeoutMs;
    private final BlockingQueue<Slot> idle;
    private final WorkerLog log;
    private final ScheduledExecutorService timer;
    private final Runnable socketShared;
    private final io.aegisml.scoring.catalog.Probe liveness;
    private final CompletableFuture<Void> firstReady = new CompletableFuture<>();
    private final Thread supervisor;
    private volatile int incarnation;
    private volatile Process process;
    private volatile boolean closed;

    WorkerInstance(int index, Supplier<ProcessBuilder> launch, Path socket, Runnable socketShared, int connections,
                   long initTimeoutMs, io.aegisml.scoring.catalog.Probe liveness, BlockingQueue<Slot> idle, WorkerLog log,
                   ScheduledExecutorService timer) {
        this.liveness = liveness;
        this.index = index;
        this.launch = launch;
        this.socket = socket;
        this.socketShared = socketShared;
        this.connections = connections;
        this.initTimeoutMs = initTimeoutMs;
        this.idle = idle;
        this.log = log;
        this.timer = timer;
        this.supervisor = new Thread(this::supervise, "worker-" + socket.getParent().getParent().getFileName() + "-" + index);
        supervisor.setDaemon(true);
    }

    /** Starts the first incarnation; the future completes when it is ready, or fails if it ends before. */
    CompletableFuture<Void> start() {
        supervisor.start();
        return firstReady;
    }

    /** The incarnation a slot belongs to is not to be trusted any more (it hung): end it, the supervisor restarts it. */
    void recycle(int ofIncarnation, String why) {
        Process running = process;
        if (incarnation == ofIncarnation && running != null && running.isAlive()) {
            log.line("Worker " + index + " is recycled: " + why);
            running.destroyForcibly();
        }
    }

    void close() {
        closed = true;
        Process running = process;
        if (running != null) {
            running.destroyForcibly();
        }
        supervisor.interrupt();
    }

    private void supervise() {
        long backOffMs = 1000;
        while (!closed) {
            int me = ++incarnation;
            long started = System.currentTimeMillis();
            List<SocketChannel> accepted = new ArrayList<>();
            Process worker;
            try {
                worker = startOne(me, accepted);
            } catch (IOException e) {
                log.line("Worker " + index + " could not be started: " + e.getMessage());
                if (!firstReady.isDone()) {
                    firstReady.completeExceptionally(new StartFailed("the worker could not be started: " + e.getMessage()));
                    return;
                }
                worker = null;
            }
            if (worker != null && accepted.size() == connections + 1 && worker.isAlive()) {
                firstReady.complete(null);
                accepted.subList(1, accepted.size()).forEach(channel -> idle.offer(new Slot(this, me, channel)));
                try {
                    probeUntilEnded(worker, accepted.get(0), me);
                } catch (InterruptedException e) {
                    // closed: the loop ends below
                }
            }
            accepted.forEach(WorkerInstance::closeQuietly);
            if (closed) {
                break;
            }
            String ended = worker == null ? "could not start" : "exited with code " + exitCode(worker);
            if (!firstReady.isDone()) {
                firstReady.completeExceptionally(new StartFailed("the worker " + ended + " before init() finished"));
                return;
            }
            if (System.currentTimeMillis() - started > HEALTHY_RUN_MS) {
                backOffMs = 1000;
            }
            log.line("Worker " + index + " " + ended + "; restarting it in " + backOffMs / 1000 + " s");
            try {
                Thread.sleep(backOffMs);
            } catch (InterruptedException e) {
                break;
            }
            backOffMs = Math.min(backOffMs * 2, MAX_BACK_OFF_MS);
        }
        Process running = process;
        if (running != null) {
            running.destroyForcibly();
        }
    }

    /**
     * Azure's liveness probe on the worker's probe connection: every {@code period} seconds (after
     * {@code initial_delay}) a ping the worker answers without run(), within {@code timeout}; after
     * {@code failure_threshold} failures in a row the worker is recycled. Returns when the worker has ended.
     */
    private void probeUntilEnded(Process worker, SocketChannel probe, int me) throws InterruptedException {
        if (worker.waitFor(liveness.initialDelay(), TimeUnit.SECONDS)) {
            return;
        }
        int failures = 0;
        while (!worker.waitFor(liveness.period(), TimeUnit.SECONDS)) {
            if (ping(probe)) {
                failures = 0;
            } else if (++failures >= liveness.failureThreshold()) {
                recycle(me, "its liveness probe failed " + failures + " times in a row (every " + liveness.period()
                        + " s, timeout " + liveness.timeout() + " s)");
                worker.waitFor();
                return;
            }
        }
    }

    private boolean ping(SocketChannel probe) {
        java.util.concurrent.CompletableFuture<Boolean> answered = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                WorkerFrames.ping(probe);
                return WorkerFrames.readAnswer(probe, 64).outcome() == WorkerFrames.Outcome.JSON;
            } catch (IOException e) {
                return false;
            }
        }, runnable -> {
            Thread thread = new Thread(runnable, "worker-liveness-" + index);
            thread.setDaemon(true);
            thread.start();
        });
        try {
            return answered.get(liveness.timeout(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One incarnation, up to the moment it has connected (or ended, or run out of time for init()). */
    private Process startOne(int me, List<SocketChannel> accepted) throws IOException {
        Files.deleteIfExists(socket);
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(socket));
            socketShared.run();
            Process worker = launch.get().start();
            process = worker;
            pump(worker, me);
            worker.onExit().thenRun(() -> closeQuietly(listener)); // an accept waiting below gives up
            ScheduledFuture<?> initTimeout = timer.schedule(() -> {
                if (worker.isAlive()) {
                    log.line("Worker " + index + ": init() did not finish within " + initTimeoutMs / 1000 + " s");
                    worker.destroyForcibly();
                }
            }, initTimeoutMs, TimeUnit.MILLISECONDS);
            try {
                while (accepted.size() < connections + 1) { // the first: the liveness probe's
                    accepted.add(listener.accept());
                }
            } catch (IOException e) {
                // the listener was closed: the worker ended before connecting
            } finally {
                initTimeout.cancel(false);
            }
            return worker;
        } finally {
            Files.deleteIfExists(socket);
        }
    }

    private void pump(Process worker, int me) {
        Thread reader = new Thread(() -> {
            try (java.io.InputStream output = worker.getInputStream()) {
                readLines(output, WorkerLog.MAX_LINE, log::line);
            } catch (IOException e) {
                // the worker is gone
            }
        }, "worker-output-" + index + "-" + me);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * The worker's output as lines of at most {@code max} bytes: what a line has beyond that is skipped as it
     * arrives, never gathered — a worker that writes a gigabyte without a newline costs nothing here.
     */
    static void readLines(java.io.InputStream in, int max, java.util.function.Consumer<String> sink) throws IOException {
        byte[] chunk = new byte[8192];
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        boolean cut = false;
        for (int n; (n = in.read(chunk)) > 0; ) {
            for (int i = 0; i < n; i++) {
                if (chunk[i] == '\n') {
                    sink.accept(line.toString(StandardCharsets.UTF_8) + (cut ? "... (cut)" : ""));
                    line.reset();
                    cut = false;
                } else if (line.size() < max) {
                    line.write(chunk[i]);
                } else {
                    cut = true;
                }
            }
        }
        if (line.size() > 0) {
            sink.accept(line.toString(StandardCharsets.UTF_8) + (cut ? "... (cut)" : ""));
        }
    }

    private static String exitCode(Process worker) {
        try {
            int code = worker.waitFor();
            return code > 128 ? code + " (signal " + (code - 128) + ")" : String.valueOf(code);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
