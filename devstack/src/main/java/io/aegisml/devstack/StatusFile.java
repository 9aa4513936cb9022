package io.aegisml.devstack;

import io.aegisml.infrastructure.process.Component;
import io.aegisml.infrastructure.process.LocalProcess;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * {@code <data>/status.properties}: what the running launcher knows of each component (state, port, pid,
 * start time, restarts), written by the supervisor and read by {@code ./aegis status}. Replaced whole on
 * each write (a temporary file renamed over it), so a reader never sees half of it.
 */
final class StatusFile {

    static final String NAME = "status.properties";

    record Entry(String name, String state, int port, long pid, long startedMillis, int restarts) {
    }

    private final Path file;

    StatusFile(Path dataDir) {
        this.file = dataDir.resolve(NAME);
    }

    void write(List<Component> components, Map<String, Integer> restarts, Set<String> restarting) {
        Properties p = new Properties();
        p.setProperty("launcher.pid", String.valueOf(ProcessHandle.current().pid()));
        List<String> names = new ArrayList<>();
        for (Component component : components) {
            String name = component.name();
            names.add(name);
            LocalProcess process = component.process();
            boolean alive = process != null && process.isAlive();
            String state = restarting.contains(name) ? "restarting" : alive ? "running" : process == null ? "stopped" : "down";
            p.setProperty(name + ".state", state);
            p.setProperty(name + ".port", String.valueOf(component.port()));
            if (alive) {
                p.setProperty(name + ".pid", String.valueOf(process.pid()));
                p.setProperty(name + ".started", String.valueOf(process.startedAt().toEpochMilli()));
            }
            p.setProperty(name + ".restarts", String.valueOf(restarts.getOrDefault(name, 0)));
        }
        p.setProperty("components", String.join(",", names));
        Path partial = file.resolveSibling(NAME + ".new");
        try (Writer out = Files.newBufferedWriter(partial)) {
            p.store(out, "Aegis ML components, written by ./aegis up's supervisor");
        } catch (IOException e) {
            return; // the data folder went away (being deleted): nothing to report to
        }
        try {
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // same as above
        }
    }

    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The launcher's pid and the entries, or null if no launcher wrote a status here. */
    Status read() {
        if (!Files.exists(file)) {
            return null;
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Entry> entries = new ArrayList<>();
        for (String name : p.getProperty("components", "").split(",")) {
            if (!name.isBlank()) {
                entries.add(new Entry(name, p.getProperty(name + ".state"), Integer.parseInt(p.getProperty(name + ".port", "0")),
                        Long.parseLong(p.getProperty(name + ".pid", "0")), Long.parseLong(p.getProperty(name + ".started", "0")),
                        Integer.parseInt(p.getProperty(name + ".restarts", "0"))));
            }
        }
        return new Status(Long.parseLong(p.getProperty("launcher.pid", "0")), entries);
    }

    record Status(long launcherPid, List<Entry> entries) {
    }
}
