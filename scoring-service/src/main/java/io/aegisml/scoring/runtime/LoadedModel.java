package io.aegisml.scoring.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.aegisml.scoring.catalog.DeploymentSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One generation of a deployment, loaded: its ONNX Runtime session and its limits. A session runs
 * requests concurrently, so instances are modelled as permits rather than copies of the model:
 * {@code concurrency} run at once, as many again may wait, and beyond that callers get 429 at once
 * (Azure's 2 × max_concurrent_requests_per_instance × instance_count).
 */
public final class LoadedModel implements AutoCloseable {

    /** Why a run did not give outputs. */
    public enum Refusal { BUSY, TIMEOUT }

    public static final class Refused extends Exception {
        private final Refusal refusal;

        Refused(Refusal refusal) {
            super(refusal.name(), null, false, false);
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    private final DeploymentSpec spec;
    private final OrtSession session;
    private final Map<String, TensorInfo> inputs;
    private final Semaphore admitted;
    private final Semaphore running;
    static final long WATCHDOG_MS = 50;

    private final java.util.Set<Running> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.ConcurrentLinkedQueue<OrtSession.RunOptions> spareOptions =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final ScheduledFuture<?> watchdog;
    private volatile boolean closed;

    LoadedModel(DeploymentSpec spec, OrtSession session, ScheduledExecutorService timer) throws OrtException {
        this.spec = spec;
        this.session = session;

        Map<String, TensorInfo> infos = new LinkedHashMap<>();
        for (Map.Entry<String, NodeInfo> input : session.getInputInfo().entrySet()) {
            if (input.getValue().getInfo() instanceof TensorInfo tensor) {
                infos.put(input.getKey(), tensor);
            }
        }
        this.inputs = Map.copyOf(infos);
        this.admitted = new Semaphore(2 * spec.concurrency());
        this.running = new Semaphore(spec.concurrency(), true);
        // Last, once nothing above can fail: a task that is never cancelled would keep the model alive. A short
        // request_timeout_ms is checked more often, so that a run overruns it by a fraction of it at most.
        long period = Math.max(1, Math.min(WATCHDOG_MS, spec.requestTimeoutMs() / 10));
        this.watchdog = timer.scheduleWithFixedDelay(this::stopOverdue, period, period, TimeUnit.MILLISECONDS);
    }

    public DeploymentSpec spec() {
        return spec;
    }

    /** The model's tensor inputs by name, in the model's order. */
    public Map<String, TensorInfo> inputs() {
        return inputs;
    }

    public java.util.Set<String> outputNames() {
        return session.getOutputNames();
    }

    /**
     * Runs the model within the deployment's request timeout (waiting for a turn included). The
     * caller owns the inputs and closes the result.
     */
    OrtSession session() {
        return session;
    }

    public OrtSession.Result run(Map<String, OnnxTensor> feeds) throws Refused, OrtException {
        if (!admitted.tryAcquire()) {
            throw new Refused(Refusal.BUSY);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(spec.requestTimeoutMs());
        try {
            if (!running.tryAcquire(spec.requestTimeoutMs(), TimeUnit.MILLISECONDS)) {
                throw new Refused(Refusal.TIMEOUT);
            }
            try {
                return runWithin(feeds, deadline);
            } finally {
                running.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused(Refusal.TIMEOUT);
        } finally {
            admitted.release();
        }
    }

    /**
     * ONNX Runtime stops a run whose RunOptions are set to terminate: that is the timeout, set by the watchdog
     * (one task for the model, every {@value #WATCHDOG_MS} ms or a tenth of a shorter timeout) rather than a timer
     * task per request, with options
     * kept for the next run unless they were used to stop one.
     */
    private OrtSession.Result runWithin(Map<String, OnnxTensor> feeds, long deadline) throws Refused, OrtException {
        OrtSession.RunOptions options = spareOptions.poll();
        if (options == null) {
            options = new OrtSession.RunOptions();
        }
        Running current = new Running(options, deadline);
        inFlight.add(current);
        try {
            return session.run(feeds, options);
        } catch (OrtException e) {
            if (current.stopped()) {
                throw new Refused(Refusal.TIMEOUT);
            }
            throw e;
        } finally {
            inFlight.remove(current);
            if (current.finish() || closed) {
                closeQuietly(options); // set to terminate: not for another run
            } else {
                spareOptions.offer(options);
                if (closed) {
                    drainSpareOptions(); // close() may have drained the spares just before this offer
                }
            }
        }
    }

    /** A run in progress: its options and deadline. The watchdog stops it only while it has not finished. */
    private static final class Running {
        final OrtSession.RunOptions options;
        final long deadline;
        private boolean finished;
        private boolean stopped;

        Running(OrtSession.RunOptions options, long deadline) {
            this.options = options;
            this.deadline = deadline;
        }

        synchronized void stopIfOverdue(long now) {
            if (!finished && !stopped && now - deadline > 0) {
                stopped = true;
                try {
                    options.setTerminate(true);
                } catch (OrtException ignored) {
                    // the run is ending anyway
                }
            }
        }

        synchronized boolean stopped() {
            return stopped;
        }

        /** Marks the run finished (the watchdog leaves it alone from now on); returns whether it was stopped. */
        synchronized boolean finish() {
            finished = true;
            return stopped;
        }
    }

    private void stopOverdue() {
        long now = System.nanoTime();
        for (Running current : inFlight) {
            try {
                current.stopIfOverdue(now);
            } catch (RuntimeException e) {
                // one run's options failing must not end the task (a periodic task that throws is never run again)
            }
        }
    }

    private void drainSpareOptions() {
        for (OrtSession.RunOptions options = spareOptions.poll(); options != null; options = spareOptions.poll()) {
            closeQuietly(options);
        }
    }

    private static void closeQuietly(OrtSession.RunOptions options) {
        try {
            options.close();
        } catch (RuntimeException ignored) {
            // freeing anyway
        }
    }

    /** Waits (a bounded time) for the requests in flight, then frees the session. */
    @Override
    public void close() {
        try {
            if (admitted.tryAcquire(2 * spec.concurrency(), 30, TimeUnit.SECONDS)) {
                admitted.release(2 * spec.concurrency());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed = true;
        watchdog.cancel(false);
        drainSpareOptions();
        try {
            session.close();
        } catch (OrtException ignored) {
            // closing anyway
        }
    }
}
