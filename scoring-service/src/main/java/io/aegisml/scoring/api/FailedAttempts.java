package io.aegisml.scoring.api;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Failed key and token attempts, counted per endpoint and client address in one-minute windows. Past
 * {@link #LIMIT} failures, that client is refused on that endpoint (429 with Retry-After) until its
 * window ends — valid credentials too, or the limit would only change the answer, not slow a guesser.
 * Per client, not per endpoint alone: an endpoint-wide lock-out would let anyone lock everyone out.
 */
final class FailedAttempts {

    static final int LIMIT = 30;
    static final long WINDOW_MILLIS = 60_000;
    /** Bounds memory under a flood of addresses: expired windows are dropped once this many are kept. */
    static final int MAX_TRACKED = 100_000;

    private record Window(long start, int failures) {
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    FailedAttempts() {
        this(System::currentTimeMillis);
    }

    FailedAttempts(LongSupplier clock) {
        this.clock = clock;
    }

    /** Seconds the client must wait before trying this endpoint again, or 0 if it may try now. */
    long retryAfterSeconds(String endpointId, String client) {
        Window window = windows.get(endpointId + "|" + client);
        long now = clock.getAsLong();
        if (window == null || window.failures() < LIMIT || now - window.start() >= WINDOW_MILLIS) {
            return 0;
        }
        return Math.max(1, (window.start() + WINDOW_MILLIS - now + 999) / 1000);
    }

    /** Counts a failure; true if it is the one that reached the limit (worth one security record, not one per try). */
    boolean failed(String endpointId, String client) {
        long now = clock.getAsLong();
        if (windows.size() >= MAX_TRACKED) {
            windows.values().removeIf(w -> now - w.start() >= WINDOW_MILLIS);
        }
        Window updated = windows.merge(endpointId + "|" + client, new Window(now, 1), (old, one) ->
                now - old.start() >= WINDOW_MILLIS ? one : new Window(old.start(), old.failures() + 1));
        return updated.failures() == LIMIT;
    }

    /**
     * Who is asking: the edge (on loopback) appends the caller's address to X-Forwarded-For, so behind it
     * the last entry is the caller (earlier entries are the caller's own words); otherwise the peer.
     */
    static String clientOf(HttpServletRequest request) {
        return clientOf(request, java.util.Set.of());
    }

    /**
     * As {@link #clientOf(HttpServletRequest)}, believing the header also from {@code proxies}: the edge's own
     * addresses where it is not on loopback (a container), so that callers are not all counted as the edge.
     */
    static String clientOf(HttpServletRequest request, java.util.Set<String> proxies) {
        return clientOf(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"), proxies);
    }

    static String clientOf(String peer, String forwarded, java.util.Set<String> proxies) {
        if (forwarded != null && !forwarded.isBlank() && (isLoopback(peer) || proxies.contains(peer))) {
            String last = forwarded.substring(forwarded.lastIndexOf(',') + 1).strip();
            if (!last.isEmpty()) {
                return last;
            }
        }
        return peer;
    }

    private static boolean isLoopback(String address) {
        try {
            return address != null && InetAddress.getByName(address).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
