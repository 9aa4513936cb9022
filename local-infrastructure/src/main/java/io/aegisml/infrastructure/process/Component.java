package io.aegisml.infrastructure.process;

import java.util.function.Supplier;

/**
 * One component of the stack as a thing that can be started, stopped and started again: its name, the
 * port it serves, how to start it, and its current process (none while stopped). The launcher's
 * supervisor restarts a component whose process died; tests stop and start components on purpose.
 */
public final class Component {

    private final String name;
    private final int port;
    private final Supplier<LocalProcess> starter;
    private volatile LocalProcess process;
    /** Whether it should be running: false once stopped on purpose, so a clean stop is not "restarted". */
    private volatile boolean wanted;

    public Component(String name, int port, Supplier<LocalProcess> starter) {
        this.name = name;
        this.port = port;
        this.starter = starter;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** Starts it unless it is running; waits until it is ready. */
    public synchronized void start() {
        wanted = true;
        if (process == null || !process.isAlive()) {
            process = null;
            process = starter.get();
        }
    }

    /** Stops it cleanly; a stopped component is not restarted by the supervisor. */
    public void stop() {
        wanted = false;
        synchronized (this) {
            if (process != null) {
                process.close();
                process = null;
            }
        }
    }

    /** True if it should be running and its process has ended: what the supervisor looks for. */
    public boolean died() {
        LocalProcess current = process;
        return wanted && current != null && !current.isAlive();
    }

    /**
     * Starts it again if it still died and was not stopped meanwhile; true if it did. If starting fails,
     * it still counts as died, so the supervisor tries again later.
     */
    public synchronized boolean restartIfDied() {
        if (!died()) {
            return false;
        }
        LocalProcess dead = process;
        process = null;
        try {
            process = starter.get();
            return true;
        } catch (RuntimeException e) {
            process = dead;
            throw e;
        }
    }

    /** The current process, or null while stopped or starting. */
    public LocalProcess process() {
        return process;
    }
}
