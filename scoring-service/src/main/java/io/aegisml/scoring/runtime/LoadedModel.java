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
import java.util.concurrent.atomic.AtomicBoolean;

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
    private final ScheduledExecutorService timer;

    LoadedModel(DeploymentSpec spec, OrtSession session, ScheduledExecutorService timer) throws OrtException {
        this.spec = spec;
        this.session = session;
        this.timer = timer;
        Map<String, TensorInfo> infos = new LinkedHashMap<>();
        for (Map.Entry<String, NodeInfo> input : session.getInputInfo().entrySet()) {
            if (input.getValue().getInfo() instanceof TensorInfo tensor) {
                infos.put(input.getKey(), tensor);
            }
        }
        this.inputs = Map.copyOf(infos);
        this.admitted = new Semaphore(2 * spec.concurrency());
        this.running = new Semaphore(spec.concurrency(), true);
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
            try (OrtSession.RunOptions options = new OrtSession.RunOptions()) {
                AtomicBoolean terminated = new AtomicBoolean();
                long left = Math.max(1, deadline - System.nanoTime());
                // ONNX Runtime stops a run whose RunOptions are set to terminate: that is the timeout.
                ScheduledFuture<?> stop = timer.schedule(() -> {
                    terminated.set(true);
                    try {
                        options.setTerminate(true);
                    } catch (OrtException ignored) {
                        // the run ended meanwhile
                    }
                }, left, TimeUnit.NANOSECONDS);
                try {
                    return session.run(feeds, options);
                } catch (OrtException e) {
                    if (terminated.get()) {
                        throw new Refused(Refusal.TIMEOUT);
                    }
                    throw e;
                } finally {
                    stop.cancel(false);
                }
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
        try {
            session.close();
        } catch (OrtException ignored) {
            // closing anyway
        }
    }
}
