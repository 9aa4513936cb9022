package io.aegisml.devstack;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code ./aegis status}: each component's state, port, pid, uptime, resident memory and restarts, from
 * the status file of the running launcher and from /proc. Exit code 0 if everything runs, 1 if a component
 * does not, 3 if no stack runs here.
 */
final class StatusCommand {

    private StatusCommand() {
    }

    static int run(Path dataDir, PrintStream out) {
        StatusFile.Status status = new StatusFile(dataDir).read();
        if (status == null || ProcessHandle.of(status.launcherPid()).map(ProcessHandle::isAlive).orElse(false) == false) {
            out.println("Aegis ML is not running here (no live launcher for " + dataDir + "). Start it with ./aegis up.");
            return 3;
        }
        out.printf("%-20s %-11s %6s %8s %10s %9s %8s%n", "COMPONENT", "STATE", "PORT", "PID", "UPTIME", "RSS", "RESTARTS");
        long total = Memory.rssOfTree(status.launcherPid());
        boolean allRunning = true;
        long now = System.currentTimeMillis();
        for (StatusFile.Entry e : status.entries()) {
            boolean alive = e.pid() > 0 && ProcessHandle.of(e.pid()).map(ProcessHandle::isAlive).orElse(false);
            String state = alive || !e.state().equals("running") ? e.state() : "down";
            allRunning &= state.equals("running");
            out.printf("%-20s %-11s %6d %8s %10s %9s %8d%n", e.name(), state, e.port(), alive ? e.pid() : "-",
                    alive ? uptime(Duration.ofMillis(now - e.startedMillis())) : "-",
                    alive ? megabytes(Memory.rssOfTree(e.pid())) : "-", e.restarts());
        }
        out.printf("%-20s %-11s %6s %8d %10s %9s%n", "(launcher)", "running", "-", status.launcherPid(), "-",
                megabytes(Memory.rssOf(status.launcherPid())));
        out.printf("Total resident memory: %s%n", megabytes(total));
        return allRunning ? 0 : 1;
    }

    static String uptime(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? "%dh%02dm".formatted(s / 3600, s / 60 % 60) : s >= 60 ? "%dm%02ds".formatted(s / 60, s % 60) : s + "s";
    }

    private static String megabytes(long bytes) {
        return (bytes / (1024 * 1024)) + " MB";
    }
}
