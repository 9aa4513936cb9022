package io.aegisml.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

/** Resident memory of the stack: every process below this JVM plus PostgreSQL (which pg_ctl detaches). */
final class Memory {

    private Memory() {
    }

    static long residentBytes(Path dataDir) {
        Set<Long> pids = ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
        pids.add(ProcessHandle.current().pid());
        String data = dataDir.toAbsolutePath().toString();
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(data)).orElse(false))
                .forEach(p -> {
                    pids.add(p.pid());
                    p.descendants().forEach(d -> pids.add(d.pid()));
                });
        return pids.stream().mapToLong(Memory::rssOf).sum();
    }

    private static long rssOf(long pid) {
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
