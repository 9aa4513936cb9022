package io.aegisml.devstack;

import io.aegisml.infrastructure.process.Component;
import io.aegisml.infrastructure.process.ComponentFailure;
import io.aegisml.infrastructure.process.LocalProcess;
import io.aegisml.infrastructure.process.LogTail;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches every component {@code ./aegis up} started. One whose process dies is reported at once (name,
 * exit code, the tail of its log) and started again after a back-off that doubles from 1 s up to a
 * minute, and starts over once it has run for five minutes; the rest of the stack keeps serving
 * meanwhile. Every second it also writes the status file that {@code ./aegis status} reads.
 */
final class Supervisor implements AutoCloseable {

    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    static final Duration STABLE_AFTER = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);

    private final List<Component> components;
    private final StatusFile status;
    private final Map<String, Integer> restarts = new ConcurrentHashMap<>();
    private final Set<String> restarting = ConcurrentHashMap.newKeySet();
    private final ExecutorService restarters = Executors.newCachedThreadPool(r -> daemon(r, "restart"));
    private final Thread watcher = daemon(this::watch, "supervisor");
    private volatile boolean stopped;

    Supervisor(List<Component> components, StatusFile status) {
        this.components = components;
        this.status = status;
    }

    void start() {
        watcher.start();
    }

    private void watch() {
        while (!stopped) {
            for (Component component : components) {
                if (component.died() && restarting.add(component.name())) {
                    LocalProcess dead = component.process();
                    log.error("{} died (exit code {}); restarting it. Last lines of {}:\n{}", component.name(),
                            dead.exitValue(), dead.logFile(), LogTail.of(dead.logFile(), 15));
                    restarters.submit(() -> restart(component, dead.startedAt()));
                }
            }
            status.write(components, restarts, restarting);
            sleep(Duration.ofMillis(500));
        }
    }

    /** Tries again and again, backing off, until it runs or the stack stops. */
    private void restart(Component component, Instant lastStarted) {
        Duration backoff = Duration.between(lastStarted, Instant.now()).compareTo(STABLE_AFTER) > 0
                ? FIRST_BACKOFF : backoffFor(restarts.getOrDefault(component.name(), 0));
        try {
            while (!stopped) {
                sleep(backoff);
                try {
                    if (!stopped && component.restartIfDied()) {
                        int count = restarts.merge(component.name(), 1, Integer::sum);
                        log.warn("{} restarted (pid {}, restart {})", component.name(), component.process().pid(), count);
                    }
                    return;
                } catch (ComponentFailure e) {
                    log.error("{} did not start again: {}; next try in {} s", component.name(), e.oneLine(),
                            backoff.multipliedBy(2).toSeconds());
                } catch (RuntimeException e) {
                    log.error("{} did not start again: {}; next try in {} s", component.name(), e.getMessage(),
                            backoff.multipliedBy(2).toSeconds());
                }
                backoff = min(backoff.multipliedBy(2), MAX_BACKOFF);
            }
        } finally {
            restarting.remove(component.name());
        }
    }

    /** 1 s, 2 s, 4 s ... a minute at most, for a component restarted {@code count} times before. */
    static Duration backoffFor(int count) {
        return min(FIRST_BACKOFF.multipliedBy(1L << Math.min(count, 10)), MAX_BACKOFF);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Stops watching (before the stack stops, so a clean stop is not taken for deaths). */
    @Override
    public void close() {
        stopped = true;
        watcher.interrupt();
        restarters.shutdownNow();
        try {
            restarters.awaitTermination(30, TimeUnit.SECONDS);
            watcher.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
