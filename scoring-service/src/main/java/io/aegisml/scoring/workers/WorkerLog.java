package io.aegisml.scoring.workers;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A deployment's log as its workers write it (their stdout and stderr: the script's {@code print} and
 * {@code logging}, tracebacks): lines are gathered and sent in batches, at most {@code perSecond} lines and
 * {@link #BYTES_PER_SECOND} bytes a second — a script printing in a loop costs its own deployment's log lines, not
 * the platform's event stream.
 */
final class WorkerLog implements AutoCloseable {

    static final int MAX_LINE = 2000;
    static final int BYTES_PER_SECOND = 64 * 1024;

    private final Consumer<List<String>> sink;
    private final int perSecond;
    private final List<String> pending = new ArrayList<>();
    private final Thread flusher;
    private long windowStart = System.nanoTime();
    private int inWindow;
    private long bytesInWindow;
    private long dropped;
    private volatile boolean closed;

    WorkerLog(String name, Consumer<List<String>> sink, int perSecond) {
        this.sink = sink;
        this.perSecond = perSecond;
        this.flusher = new Thread(this::flushEvery, "worker-log-" + name);
        flusher.setDaemon(true);
        flusher.start();
    }

    void line(String text) {
        String line = text.length() > MAX_LINE ? text.substring(0, MAX_LINE) + "... (cut)" : text;
        synchronized (pending) {
            long now = System.nanoTime();
            if (now - windowStart > 1_000_000_000L) {
                windowStart = now;
                inWindow = 0;
                bytesInWindow = 0;
            }
            bytesInWindow += line.length();
            if (++inWindow > perSecond || bytesInWindow > BYTES_PER_SECOND) {
                dropped++;
                return;
            }
            if (dropped > 0) {
                pending.add("(" + dropped + " log lines dropped: more than " + perSecond + " lines or "
                        + BYTES_PER_SECOND + " bytes a second)");
                dropped = 0;
            }
            pending.add(line);
        }
    }

    /** Sends what is gathered now (before a deployment's outcome is told, so its log comes first). */
    void flush() {
        List<String> batch;
        synchronized (pending) {
            if (pending.isEmpty()) {
                return;
            }
            batch = List.copyOf(pending);
            pending.clear();
        }
        try {
            sink.accept(batch);
        } catch (RuntimeException e) {
            // a log that cannot be sent must not stop a worker
        }
    }

    private void flushEvery() {
        while (!closed) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
            flush();
        }
    }

    @Override
    public void close() {
        closed = true;
        flusher.interrupt();
        flush();
    }
}
