package io.aegisml.scoring.workers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How a worker is kept from the platform, decided once when scoring-service starts:
 * <ul>
 * <li>as root: a network namespace of its own ({@code unshare --net --ipc}) and, before the user's code is
 * imported, an OS user of its own per deployment (a numeric uid and gid from {@code firstUid} up, no account
 * needed) that owns only that deployment's folder;</li>
 * <li>as another user: a user and network namespace ({@code unshare --user --map-root-user --net}) where the kernel
 * allows it — the network is closed, but the worker is the platform's own user and can read what it can;</li>
 * <li>else none, said in every deployment's log.</li>
 * </ul>
 */
final class WorkerSandbox {

    enum Mode { OWN_USER, NETWORK_ONLY, NONE }

    private final Mode mode;
    private final AtomicInteger nextUid;

    private WorkerSandbox(Mode mode, int firstUid) {
        this.mode = mode;
        this.nextUid = new AtomicInteger(firstUid);
    }

    static WorkerSandbox detect(int firstUid) {
        if (currentUid() == 0 && works(List.of("unshare", "--net", "--ipc", "true"))) {
            return new WorkerSandbox(Mode.OWN_USER, firstUid);
        }
        if (works(List.of("unshare", "--user", "--map-root-user", "--net", "true"))) {
            return new WorkerSandbox(Mode.NETWORK_ONLY, firstUid);
        }
        return new WorkerSandbox(Mode.NONE, firstUid);
    }

    Mode mode() {
        return mode;
    }

    /** The line each deployment's log gets about its isolation. */
    String describe(int uid) {
        return switch (mode) {
            case OWN_USER -> "Workers run as uid " + uid + " (this deployment's own), in a network namespace of their own";
            case NETWORK_ONLY -> "Workers run in a network namespace of their own, as the platform's OS user (start the "
                    + "stack as root for a user of their own)";
            case NONE -> "Workers are NOT isolated (no unshare on this host): they run as the platform's OS user, "
                    + "on its network";
        };
    }

    /** A fresh uid (and gid) for a deployment's workers; unused when the mode has no users of its own. */
    int allocateUid() {
        return nextUid.getAndIncrement();
    }

    /** What goes before the interpreter on the worker's command line. */
    List<String> prefix() {
        return switch (mode) {
            case OWN_USER -> List.of("unshare", "--net", "--ipc", "--");
            case NETWORK_ONLY -> List.of("unshare", "--user", "--map-root-user", "--net", "--");
            case NONE -> List.of();
        };
    }

    /** The harness's own arguments that make it drop to the deployment's user. */
    List<String> userArguments(int uid) {
        return mode == Mode.OWN_USER ? List.of("--uid", String.valueOf(uid), "--gid", String.valueOf(uid)) : List.of();
    }

    /** A folder the worker owns (its code, model, home): its user's alone. */
    void giveToWorker(Path folder, int uid) throws IOException {
        if (mode != Mode.OWN_USER) {
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (var walk = Files.walk(folder)) {
            walk.forEach(paths::add);
        }
        for (Path path : paths) {
            Files.setAttribute(path, "unix:uid", uid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(path, "unix:gid", uid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        }
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
    }

    /** A folder or socket that stays root's but the worker's group may use (its deployment folder, its sockets). */
    void shareWithWorker(Path path, int uid, String permissions) throws IOException {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        if (mode == Mode.OWN_USER) {
            Files.setAttribute(path, "unix:gid", uid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        }
    }

    private static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }

    private static boolean works(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
