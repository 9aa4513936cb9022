package io.aegisml.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Resident memory read from /proc. Every component is a child of the launcher (PostgreSQL too, since we
 * run it ourselves), so the launcher's process tree is the whole stack.
 */
final class Memory {

    private Memory() {
    }

    /** The stack's resident memory: this launcher and everything below it. */
    static long residentBytes() {
        return rssOfTree(ProcessHandle.current().pid());
    }

    /** A process and all its descendants (kc.sh runs Keycloak's JVM as a child, PostgreSQL forks backends). */
    static long rssOfTree(long pid) {
        return ProcessHandle.of(pid)
                .map(p -> Stream.concat(Stream.of(p), p.descendants()).mapToLong(h -> rssOf(h.pid())).sum())
                .orElse(0L);
    }

    static long rssOf(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process ended meanwhile
        }
        return 0;
    }
}
