package io.aegisml.scoring.workers;

import io.aegisml.scoring.catalog.DeploymentSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One generation of a deployment with {@code code_configuration}, running: {@code instance_count} workers, each
 * with {@code max_concurrent_requests_per_instance} request slots. As for ONNX deployments, twice the slots may be
 * in flight (waiting for a slot counts in the request's time) and beyond that callers get 429 at once.
 */
public final class ScriptDeployment implements AutoCloseable {

    /** Why a request got no answer from the script. */
    public enum Refusal { BUSY, TIMEOUT, WORKER_GONE }

    public static final class Refused extends Exception {
        private final Refusal refusal;

        Refused(Refusal refusal, String message) {
            super(message, null, false, false);
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    /** What {@code run()} gave: JSON, raw bytes, or that it raised ({@code raised}: the exception's last line). */
    public record Answer(boolean json, boolean raised, byte[] body) {
    }

    private final DeploymentSpec spec;
    private final List<WorkerInstance> instances = new ArrayList<>();
    private final LinkedBlockingQueue<WorkerInstance.Slot> idle = new LinkedBlockingQueue<>();
    private final Semaphore admitted;
    private final ScheduledExecutorService timer;
    private final WorkerLog log;
    private final int maxAnswerBytes;
    private final Runnable onClose;

    ScriptDeployment(DeploymentSpec spec, WorkerLog log, ScheduledExecutorService timer, int maxAnswerBytes,
                     Runnable onClose) {
        this.spec = spec;
        this.log = log;
        this.timer = timer;
        this.maxAnswerBytes = maxAnswerBytes;
        this.onClose = onClose;
        this.admitted = new Semaphore(2 * spec.concurrency());
    }

    public DeploymentSpec spec() {
        return spec;
    }

    LinkedBlockingQueue<WorkerInstance.Slot> idleSlots() {
        return idle;
    }

    void add(WorkerInstance instance) {
        instances.add(instance);
    }

    /** Starts every instance and waits until all are ready; any that ends first fails the deployment. */
    void start(long timeoutMs) throws WorkerInstance.StartFailed {
        watchdog = timer.scheduleWithFixedDelay(this::stopOverdue, 50, 50, TimeUnit.MILLISECONDS);
        List<CompletableFuture<Void>> ready = instances.stream().map(WorkerInstance::start).toList();
        try {
            CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).get(timeoutMs + 5000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof WorkerInstance.StartFailed failed ? failed
                    : new WorkerInstance.StartFailed(String.valueOf(e.getCause()));
        } catch (TimeoutException e) {
            throw new WorkerInstance.StartFailed("the workers were not ready within " + timeoutMs / 1000 + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkerInstance.StartFailed("interrupted");
        } finally {
            log.flush();
        }
    }

    /** Sends the body to a free slot and returns what run() gave, within the deployment's request timeout. */
    public Answer score(byte[] body) throws Refused {
        if (!admitted.tryAcquire()) {
            throw new Refused(Refusal.BUSY, "busy");
        }
        long timeoutMs = spec.requestTimeoutMs();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        try {
            WorkerInstance.Slot slot = takeSlot(deadline);
            // A run() past its time is stopped the only way a Python thread can be: its worker is recycled. The
            // watchdog (one task for the deployment, every 50 ms) does it: a timer task per request woke the timer's
            // thread twice per request (scheduled, then its cancelled task due), a context switch each on 2 cores.
            InFlight running = new InFlight(slot, deadline, timeoutMs);
            inFlight.add(running);
            try {
                WorkerFrames.writeRequest(slot.channel(), body);
                WorkerFrames.Answer answer = WorkerFrames.readAnswer(slot.channel(), maxAnswerBytes);
                inFlight.remove(running);
                if (!running.settled.compareAndSet(false, true)) {
                    throw new Refused(Refusal.TIMEOUT, "timeout"); // the watchdog stopped it first
                }
                idle.offer(slot);
                return new Answer(answer.outcome() == WorkerFrames.Outcome.JSON,
                        answer.outcome() == WorkerFrames.Outcome.RAISED, answer.payload());
            } catch (WorkerFrames.Malformed e) {
                inFlight.remove(running);
                if (!running.settled.compareAndSet(false, true)) {
                    throw new Refused(Refusal.TIMEOUT, "timeout");
                }
                slot.instance().recycle(slot.incarnation(), e.getMessage());
                throw new Refused(Refusal.WORKER_GONE, e.getMessage());
            } catch (IOException e) {
                inFlight.remove(running);
                if (!running.settled.compareAndSet(false, true)) {
                    throw new Refused(Refusal.TIMEOUT, "timeout");
                }
                WorkerInstance.closeQuietly(slot.channel());
                throw new Refused(Refusal.WORKER_GONE, "the worker ended during the request");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused(Refusal.TIMEOUT, "interrupted");
        } finally {
            admitted.release();
        }
    }

    /**
     * A request being answered by a slot. {@code settled} is won once: by the request when its answer came, or by
     * the watchdog when its time ran out — never both, so a worker that has just answered in time is not recycled.
     */
    private static final class InFlight {
        final WorkerInstance.Slot slot;
        final long deadline;
        final long timeoutMs;
        final AtomicBoolean settled = new AtomicBoolean();

        InFlight(WorkerInstance.Slot slot, long deadline, long timeoutMs) {
            this.slot = slot;
            this.deadline = deadline;
            this.timeoutMs = timeoutMs;
        }
    }

    private final java.util.Set<InFlight> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile ScheduledFuture<?> watchdog;

    /** Every 50 ms: the requests past their deadline lose their worker (and so their connection: they see it end). */
    private void stopOverdue() {
        long now = System.nanoTime();
        for (InFlight running : inFlight) {
            if (now - running.deadline > 0 && running.settled.compareAndSet(false, true)) {
                running.slot.instance().recycle(running.slot.incarnation(), "a request ran past request_timeout_ms ("
                        + running.timeoutMs + " ms)");
                WorkerInstance.closeQuietly(running.slot.channel());
            }
        }
    }

    private WorkerInstance.Slot takeSlot(long deadline) throws InterruptedException, Refused {
        while (true) {
            long left = deadline - System.nanoTime();
            WorkerInstance.Slot slot = left > 0 ? idle.poll(left, TimeUnit.NANOSECONDS) : null;
            if (slot == null) {
                throw new Refused(Refusal.TIMEOUT, "no worker was free within request_timeout_ms");
            }
            if (slot.usable()) {
                return slot;
            }
            WorkerInstance.closeQuietly(slot.channel()); // of a worker that has ended since
        }
    }

    @Override
    public void close() {
        ScheduledFuture<?> running = watchdog;
        if (running != null) {
            running.cancel(false);
        }
        instances.forEach(WorkerInstance::close);
        idle.forEach(slot -> WorkerInstance.closeQuietly(slot.channel()));
        log.close();
        onClose.run();
    }
}
