package io.aegisml.devstack;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls until a condition holds: events take a moment to flow through Kafka. */
final class Eventually {

    private Eventually() {
    }

    static <T> T until(Duration timeout, Supplier<T> probe, Predicate<T> condition, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            last = probe.get();
            if (condition.test(last)) {
                return last;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what + "; last seen: " + last);
    }
}
