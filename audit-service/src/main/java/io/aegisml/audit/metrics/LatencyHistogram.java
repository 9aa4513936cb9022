package io.aegisml.audit.metrics;

import java.util.Arrays;

/**
 * Latencies counted in buckets that grow by a quarter octave (each bound is 2^(1/4), about 19 %, above the last),
 * from 0.01 ms to beyond three minutes: a window of any number of requests is 100 counters, windows add up by
 * adding counters, and a percentile is read back as its bucket's upper bound (at most 19 % above the true value).
 */
final class LatencyHistogram {

    static final int BUCKETS = 100;
    static final double FIRST_BOUND_MS = 0.01;

    private final long[] counts;

    LatencyHistogram() {
        this(new long[BUCKETS]);
    }

    LatencyHistogram(long[] counts) {
        if (counts.length != BUCKETS) {
            throw new IllegalArgumentException("a latency histogram has " + BUCKETS + " buckets, not " + counts.length);
        }
        this.counts = counts.clone();
    }

    /** The bucket whose range ({@code upperBound(i - 1)}, {@code upperBound(i)}] holds {@code ms}; the last takes the rest. */
    static int bucketOf(double ms) {
        if (!(ms > FIRST_BOUND_MS)) {
            return 0; // also NaN and negatives, which a clock can give when it is stepped back
        }
        int bucket = (int) Math.ceil(4 * (Math.log(ms / FIRST_BOUND_MS) / Math.log(2)) - 1e-9);
        return Math.min(bucket, BUCKETS - 1);
    }

    static double upperBound(int bucket) {
        return FIRST_BOUND_MS * Math.pow(2, bucket / 4.0);
    }

    void add(double ms) {
        counts[bucketOf(ms)]++;
    }

    void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
    }

    long total() {
        return Arrays.stream(counts).sum();
    }

    /** The {@code fraction} (0..1) percentile, as its bucket's upper bound rounded to the microsecond; null when empty. */
    Double percentile(double fraction) {
        long total = total();
        if (total == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(fraction * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.round(upperBound(i) * 1000) / 1000.0;
            }
        }
        throw new IllegalStateException("unreachable: the ranks add up to the total");
    }

    long[] counts() {
        return counts.clone();
    }
}
