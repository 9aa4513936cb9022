package io.aegisml.scoring.workers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How a worker is kept from the platform, decided once when scoring-service starts:
 * <ul>
 * <li>as root: PID, mount (its own {@code /proc}), network and IPC namespaces of its own and, before the user's
 * code is imported, an OS user of its own per deployment generation (a numeric uid and gid, never used before:
 * the next one is kept on disk) that owns only that generation's folder;</li>
 * <li>as another user: user, PID, mount and network namespaces where the kernel allows it — the network is closed,
 * but the worker is the platform's own user and can read what it can;</li>
 * <li>else none.</li>
 * </ul>
 * Only the first is isolation enough for a tenant's code: in the others, script deployments are refused unless the
 * operator says otherwise ({@code aegis.scoring.workers.allow-unisolated}, for development).
 * In every mode a worker is the first process of its own PID namespace, so that when it ends, everything the
 * user's code started (however detached) ends with it.
 */
final class WorkerSandbox {

    enum Mode { OWN_USER, NETWORK_ONLY, NONE }

    private static final List<String> ROOT_PREFIX = List.of("unshare", "--pid", "--fork", "--kill-child",
            "--mount-proc", "--net", "--ipc", "--");
    private static final List<String> USER_PREFIX = List.of("unshare", "--user", "--map-root-user", "--pid", "--fork",
            "--kill-child", "--mount-proc", "--net", "--");
    /** The workers' uids are this many from the first one: any process with one of them is a worker's. */
    static final int UID_RANGE = 1_000_000;

    private final Mode mode;
    private final int firstUid;
    private final Path nextUidFile;
    private final Path allocatedFile;

    private WorkerSandbox(Mode mode, int firstUid, Path nextUidFile, Path allocatedFile) {
        this.mode = mode;
        this.firstUid = firstUid;
        this.nextUidFile = nextUidFile;
        this.allocatedFile = allocatedFile;
    }

    /**
     * {@code nextUidFile}: the next unused uid, for every stack on this machine (several may run side by side: the
     * tests and {@code ./aegis up}), so that no uid is handed out twice, restarts included; {@code allocatedFile}: the
     * uids this stack was handed, so that at its next start it ends its own leftovers and nobody else's.
     */
    static WorkerSandbox detect(int firstUid, Path nextUidFile, Path allocatedFile) {
        List<String> probe = List.of("true");
        if (currentUid() == 0 && works(concat(ROOT_PREFIX, probe))) {
            WorkerSandbox sandbox = new WorkerSandbox(Mode.OWN_USER, firstUid, nextUidFile, allocatedFile);
            sandbox.killLeftovers();
            return sandbox;
        }
        if (works(concat(USER_PREFIX, probe))) {
            return new WorkerSandbox(Mode.NETWORK_ONLY, firstUid, nextUidFile, allocatedFile);
        }
        return new WorkerSandbox(Mode.NONE, firstUid, nextUidFile, allocatedFile);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
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

    /** A uid (and gid) never handed out before on this machine, for one generation of a deployment's workers. */
    synchronized int allocateUid() throws IOException {
        Files.createDirectories(nextUidFile.getParent());
        try (java.nio.channels.FileChannel counter = java.nio.channels.FileChannel.open(nextUidFile,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.READ,
                java.nio.file.StandardOpenOption.WRITE);
             java.nio.channels.FileLock ignored = counter.lock()) { // other stacks on this machine wait here
            java.nio.ByteBuffer read = java.nio.ByteBuffer.allocate(32);
            counter.read(read, 0);
            String text = new String(read.array(), 0, read.position(), java.nio.charset.StandardCharsets.US_ASCII).strip();
            int next = text.isEmpty() ? firstUid : Math.max(firstUid, Integer.parseInt(text));
            if (next >= firstUid + UID_RANGE) {
                throw new IOException("the workers' uid range " + firstUid + "+" + UID_RANGE + " is used up");
            }
            counter.truncate(0);
            counter.write(java.nio.ByteBuffer.wrap(String.valueOf(next + 1).getBytes(java.nio.charset.StandardCharsets.US_ASCII)), 0);
            counter.force(true);
            Files.createDirectories(allocatedFile.getParent());
            Files.writeString(allocatedFile, next + "\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            return next;
        }
    }

    /**
     * Ends every process that runs as {@code uid} (a worker's and anything its code left behind), and waits until
     * none is left: only then may its folder be removed or its files be trusted not to change.
     */
    void killAll(int uid) {
        if (mode == Mode.OWN_USER) {
            killWhere(found -> found == uid);
        }
    }

    /**
     * Processes of the uids this stack was handed by an earlier run of scoring-service (killed with -9): ended at
     * start. Other stacks' workers on the same machine are theirs to end.
     */
    private void killLeftovers() {
        try {
            if (!Files.exists(allocatedFile)) {
                return;
            }
            java.util.Set<Integer> mine = new java.util.HashSet<>();
            for (String line : Files.readAllLines(allocatedFile)) {
                if (!line.isBlank()) {
                    mine.add(Integer.parseInt(line.strip()));
                }
            }
            killWhere(mine::contains);
            Files.delete(allocatedFile); // all ended; and never handed out again
        } catch (IOException | NumberFormatException e) {
            // nothing recorded that can be read: nothing of ours to end
        }
    }

    private static void killWhere(java.util.function.IntPredicate uid) {
        for (int round = 0; round < 50; round++) {
            List<ProcessHandle> left = ProcessHandle.allProcesses().filter(p -> uid.test(uidOf(p.pid()))).toList();
            if (left.isEmpty()) {
                return;
            }
            left.forEach(ProcessHandle::destroyForcibly);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The real uid of a process, from /proc (-1 when it is gone). */
    private static int uidOf(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.substring(4).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // ended meanwhile
        }
        return -1;
    }

    /** What goes before the interpreter on the worker's command line. */
    List<String> prefix() {
        return switch (mode) {
            case OWN_USER -> ROOT_PREFIX;
            case NETWORK_ONLY -> USER_PREFIX;
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
