package io.aegisml.scoring.workers;

import io.aegisml.scoring.catalog.DeploymentSpec;
import io.aegisml.scoring.identity.RuntimeEnvironment;
import io.aegisml.scoring.runtime.ModelFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Prepares and starts deployments that run the user's {@code score.py}. Each generation gets a folder of its own
 * under this run's workers folder:
 * <pre>
 *   {run}/                 root's, 0711          aegis_worker.py (root's, the harness that runs as root first)
 *   {run}/d-N/             root's, its group 0750
 *   {run}/d-N/control/     root's, its group     the instances' sockets, the bridge's, environment.json
 *   {run}/d-N/app/         the worker's          the code folder, unpacked (AML_APP_ROOT)
 *   {run}/d-N/models/      the worker's          the model, as a file or unpacked folder (AZUREML_MODEL_DIR)
 *   {run}/d-N/home/        the worker's          HOME and TMPDIR
 * </pre>
 * so that a worker can change nothing the root prologue of the next one reads, and reads no other deployment's files.
 */
@Component
public class ScriptRuntime implements DisposableBean {

    static final String HARNESS = "aegis_worker.py";
    /** Inside each worker's own network namespace, so one fixed port serves them all. */
    static final int BRIDGE_PORT = 40080;

    private final ModelFiles files;
    private final RuntimeEnvironment runtimeEnvironment;
    private final WorkerSandbox sandbox;
    private final Path run;
    private final String python;
    private final long maxModelBytes;
    private final long maxCodeBytes;
    private final Limits limits;
    private final long initTimeoutMs;
    private final URI msiEndpoint;
    private final URI blobEndpoint;
    private final ScheduledExecutorService timer = timer();
    private final AtomicInteger folders = new AtomicInteger();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Per worker: address space, open files, CPU seconds (the worker is restarted past them), processes of its user,
     * the size of any file it writes.
     */
    record Limits(long memoryBytes, int openFiles, int cpuSeconds, int processes, long fileBytes) {
    }

    private final boolean allowUnisolated;
    private final PythonEnvironments environments;

    ScriptRuntime(ModelFiles files, RuntimeEnvironment runtimeEnvironment,
                  @Value("${aegis.scoring.workers.folder}") Path base,
                  @Value("${aegis.scoring.workers.python}") String python,
                  @Value("${aegis.scoring.workers.first-uid}") int firstUid,
                  @Value("${aegis.scoring.max-model-bytes}") long maxModelBytes,
                  @Value("${aegis.scoring.workers.max-code-bytes}") long maxCodeBytes,
                  @Value("${aegis.scoring.workers.memory-bytes}") long memoryBytes,
                  @Value("${aegis.scoring.workers.open-files}") int openFiles,
                  @Value("${aegis.scoring.workers.cpu-seconds}") int cpuSeconds,
                  @Value("${aegis.scoring.workers.processes}") int processes,
                  @Value("${aegis.scoring.workers.file-bytes}") long fileBytes,
                  @Value("${aegis.scoring.workers.next-uid-file}") Path nextUidFile,
                  @Value("${aegis.scoring.workers.allocated-uids-file}") Path allocatedUidsFile,
                  @Value("${aegis.scoring.workers.allow-unisolated}") boolean allowUnisolated,
                  @Value("${aegis.scoring.workers.package-index}") String packageIndex,
                  @Value("${aegis.scoring.workers.init-timeout-ms}") long initTimeoutMs,
                  @Value("${aegis.runtime.msi-endpoint}") String msiEndpoint,
                  @Value("${aegis.runtime.identity-url}") String identityUrl) throws IOException {
        this.files = files;
        this.runtimeEnvironment = runtimeEnvironment;
        this.python = Files.isExecutable(Path.of(python)) ? python : "python3";
        this.maxModelBytes = maxModelBytes;
        this.maxCodeBytes = maxCodeBytes;
        this.limits = new Limits(memoryBytes, openFiles, cpuSeconds, processes, fileBytes);
        this.allowUnisolated = allowUnisolated;
        this.initTimeoutMs = initTimeoutMs;
        this.msiEndpoint = URI.create(msiEndpoint);
        this.blobEndpoint = URI.create(identityUrl + RuntimeEnvironment.BLOB_PATH);
        this.sandbox = WorkerSandbox.detect(firstUid, nextUidFile, allocatedUidsFile);
        Files.createDirectories(base);
        // In a folder any local user may write to (/tmp), the folder must be ours and not a link somewhere else.
        if (Files.isSymbolicLink(base) || !Files.getOwner(base, java.nio.file.LinkOption.NOFOLLOW_LINKS).getName()
                .equals(System.getProperty("user.name"))) {
            throw new IOException(base + " is a link or another user's: the workers' folder must be scoring-service's own");
        }
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwx--x--x"));
        this.environments = new PythonEnvironments(base.resolve("environments"), this.python, packageIndex);
        this.run = Files.createTempDirectory(base, "run-");
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwx--x--x"));
        try (InputStream harness = ScriptRuntime.class.getResourceAsStream("/worker/" + HARNESS)) {
            Files.copy(harness, run.resolve(HARNESS));
        }
        Files.setPosixFilePermissions(run.resolve(HARNESS), PosixFilePermissions.fromString("rw-r--r--"));
    }

    /**
     * Fetches the code and the model, starts the workers and returns once every instance's {@code init()} has
     * returned. {@code storage}: the log of fetching the files (storage-initializer); {@code lines}: the rest of the
     * provisioning log; {@code log}: where the workers' own output goes.
     */
    public ScriptDeployment start(DeploymentSpec spec, List<String> storage, List<String> lines,
                                  Consumer<List<String>> log, int maxAnswerBytes) throws Exception {
        if (sandbox.mode() != WorkerSandbox.Mode.OWN_USER && !allowUnisolated) {
            throw new IllegalStateException("scoring scripts are not run on this host: they would run as the platform's "
                    + "own OS user (" + sandbox.describe(0) + "). Start the stack as root, or set "
                    + "AEGIS_WORKERS_ALLOW_UNISOLATED=true to run them anyway (development only)");
        }
        int uid = sandbox.allocateUid();
        Path folder = run.resolve("d-" + folders.incrementAndGet());
        try {
            return start(spec, storage, lines, log, maxAnswerBytes, uid, folder);
        } catch (Exception | Error e) {
            sandbox.killAll(uid);
            deleteQuietly(folder);
            throw e;
        }
    }

    private ScriptDeployment start(DeploymentSpec spec, List<String> storage, List<String> lines,
                                   Consumer<List<String>> log, int maxAnswerBytes, int uid, Path folder) throws Exception {
        Path control = folder.resolve("control");
        Path app = folder.resolve("app");
        Path models = folder.resolve("models");
        Path home = folder.resolve("home");
        Path downloads = Files.createTempDirectory(run, "download-");
        Files.createDirectories(control);
        Files.createDirectories(app);
        Files.createDirectories(models);
        Files.createDirectories(home.resolve("tmp"));
        sandbox.shareWithWorker(folder, uid, "rwxr-x---");
        sandbox.shareWithWorker(control, uid, "rwxr-x---");
        try {
            DeploymentSpec.ScriptCode code = spec.code();
            ModelFiles.Fetched zip = fetch(code.container(), code.blob(), code.sha256(), downloads.resolve("code.zip"),
                    maxCodeBytes, "code");
            int codeFiles = SafeZip.unpack(zip.file(), app, maxCodeBytes, 10_000);
            storage.add("Fetched code " + code.container() + "/" + code.blob() + " (" + zip.bytes() + " bytes, sha256 "
                    + zip.sha256() + ", " + codeFiles + " entries)");
            Path script = app.resolve(code.scoringScript()).normalize();
            if (!script.startsWith(app) || !Files.isRegularFile(script, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException("the code folder has no scoring script '" + code.scoringScript() + "'");
            }
            DeploymentSpec.ModelLayout layout = spec.modelLayout();
            Path modelTarget = models.resolve(layout.path()).normalize();
            if (!modelTarget.startsWith(models) || modelTarget.equals(models)) {
                throw new IllegalArgumentException("the model's path '" + layout.path() + "' is not a plain name");
            }
            if (layout.folder()) {
                ModelFiles.Fetched model = fetch(spec.modelContainer(), spec.modelBlob(), spec.modelSha256(),
                        downloads.resolve("model.zip"), maxModelBytes, "model");
                int entries = SafeZip.unpack(model.file(), modelTarget, maxModelBytes, 10_000);
                storage.add("Fetched model folder " + layout.path() + " (" + model.bytes() + " bytes, sha256 " + model.sha256()
                        + ", " + entries + " entries)");
            } else {
                ModelFiles.Fetched model = fetch(spec.modelContainer(), spec.modelBlob(), spec.modelSha256(), modelTarget,
                        maxModelBytes, "model");
                storage.add("Fetched model file " + layout.path() + " (" + model.bytes() + " bytes, sha256 " + model.sha256() + ")");
            }
        } finally {
            deleteQuietly(downloads);
        }
        sandbox.giveToWorker(app, uid);
        sandbox.giveToWorker(models, uid);
        sandbox.giveToWorker(home, uid);
        Path environment = control.resolve("environment.json");
        Files.write(environment, JSON.writeValueAsBytes(environmentOf(spec, app, models)));
        sandbox.shareWithWorker(environment, uid, "rw-r-----");
        lines.add(sandbox.describe(uid) + "; at most " + limits.memoryBytes() / (1024 * 1024) + " MB of memory, "
                + limits.openFiles() + " open files, " + limits.cpuSeconds() + " s of CPU (then restarted) each");

        String interpreter = interpreterFor(spec, lines);
        RuntimeBridge bridge = sandbox.mode() == WorkerSandbox.Mode.NONE ? null
                : new RuntimeBridge(control.resolve("bridge.sock"), msiEndpoint,
                blobEndpoint);
        if (bridge != null) {
            sandbox.shareWithWorker(control.resolve("bridge.sock"), uid, "rw-rw----");
        }
        WorkerLog workerLog = new WorkerLog(folder.getFileName().toString(), log, 200);
        ScriptDeployment deployment = new ScriptDeployment(spec, workerLog, timer, maxAnswerBytes, () -> {
            if (bridge != null) {
                bridge.close();
            }
            // Every process of the generation's user first: nothing may change the folder while root removes it.
            sandbox.killAll(uid);
            deleteQuietly(folder);
        });
        for (int i = 0; i < spec.instanceCount(); i++) {
            Path socket = control.resolve("instance-" + i + ".sock");
            List<String> command = command(interpreter, spec, socket, app, environment, control, uid);
            deployment.add(new WorkerInstance(i, () -> processOf(command, home), socket,
                    () -> share(socket, uid), spec.maxConcurrentPerInstance(), readyWithin(spec), spec.liveness(),
                    deployment.idleSlots(),
                    workerLog, timer));
        }
        lines.add("Starting " + spec.instanceCount() + " worker(s) for " + spec.code().scoringScript());
        try {
            deployment.start(readyWithin(spec));
        } catch (WorkerInstance.StartFailed | RuntimeException e) {
            deployment.close();
            if (!(e instanceof WorkerInstance.StartFailed)) {
                throw e;
            }
            throw new IllegalStateException("init() of " + spec.code().scoringScript() + " failed: " + e.getMessage()
                    + " (the traceback is in the log)");
        }
        return deployment;
    }

    /** Azure's readiness probe bounds how long init() may take (its failures in a row), within the platform's own bound. */
    private long readyWithin(DeploymentSpec spec) {
        return Math.min(initTimeoutMs, spec.readiness().readyWithinMillis());
    }

    private ModelFiles.Fetched fetch(String container, String blob, String sha256, Path target, long max, String what)
            throws IOException {
        ModelFiles.Fetched fetched = files.fetch(container, blob, target, max);
        if (!fetched.sha256().equals(sha256)) {
            throw new IllegalStateException("the " + what + "'s SHA-256 is " + fetched.sha256() + ", not the registered "
                    + sha256 + ": it was changed after registration");
        }
        return fetched;
    }

    private void share(Path socket, int uid) {
        try {
            sandbox.shareWithWorker(socket, uid, "rw-rw----");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What Azure gives a scoring script, and the deployment's own variables; read by the worker as its own user. */
    private Map<String, String> environmentOf(DeploymentSpec spec, Path app, Path models) {
        Map<String, String> variables = new LinkedHashMap<>(runtimeEnvironment.of(spec));
        variables.remove("AEGIS_SAS_ENDPOINT"); // identity-service is not reachable from a worker
        if (sandbox.mode() != WorkerSandbox.Mode.NONE) {
            variables.put("MSI_ENDPOINT", "http://127.0.0.1:" + BRIDGE_PORT + RuntimeBridge.PATH);
            variables.put("IDENTITY_ENDPOINT", "http://127.0.0.1:" + BRIDGE_PORT + RuntimeBridge.PATH);
            variables.put("AEGIS_BLOB_ENDPOINT", "http://127.0.0.1:" + BRIDGE_PORT + "/blob");
        }
        variables.put("AZUREML_MODEL_DIR", models.toString());
        variables.put("AML_APP_ROOT", app.toString());
        variables.put("AZUREML_ENTRY_SCRIPT", spec.code().scoringScript());
        return variables;
    }

    /** The deployment's environment as a virtual environment (made once per environment), or the host's Python. */
    private String interpreterFor(DeploymentSpec spec, List<String> lines) throws IOException, InterruptedException {
        boolean useInstalled = "true".equalsIgnoreCase(spec.environmentVariables().get(PythonEnvironments.USE_INSTALLED));
        try {
            PythonEnvironments.Resolved resolved = environments.resolve(spec.environment(), useInstalled);
            lines.addAll(resolved.lines());
            return resolved.python();
        } catch (PythonEnvironments.Unsatisfied e) {
            lines.addAll(e.lines());
            throw new IllegalStateException(e.getMessage());
        }
    }

    private List<String> command(String python, DeploymentSpec spec, Path socket, Path app, Path environment,
                                 Path control, int uid) {
        List<String> command = new ArrayList<>(sandbox.prefix());
        // -S: no site-packages (and none of their .pth code) while the harness is still root; it imports site itself
        // once it is the worker's user.
        command.addAll(List.of(python, "-I", "-S", run.resolve(HARNESS).toString(), "--socket", socket.toString(),
                "--connections", String.valueOf(spec.maxConcurrentPerInstance()), "--app", app.toString(),
                "--script", spec.code().scoringScript(), "--environment", environment.toString(),
                "--memory-bytes", String.valueOf(limits.memoryBytes()), "--open-files", String.valueOf(limits.openFiles()),
                "--cpu-seconds", String.valueOf(limits.cpuSeconds()), "--processes", String.valueOf(limits.processes()),
                "--file-bytes", String.valueOf(limits.fileBytes())));
        command.addAll(sandbox.userArguments(uid));
        if (sandbox.mode() != WorkerSandbox.Mode.NONE) {
            command.addAll(List.of("--bridge-socket", control.resolve("bridge.sock").toString(),
                    "--bridge-port", String.valueOf(BRIDGE_PORT)));
        }
        return command;
    }

    /** An environment of our own making only: nothing of scoring-service's (its secrets) reaches the worker. */
    private ProcessBuilder processOf(List<String> command, Path home) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(run.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", home.toString());
        env.put("TMPDIR", home.resolve("tmp").toString());
        env.put("LANG", "C.UTF-8");
        return builder;
    }

    static void deleteQuietly(Path folder) {
        try (var paths = Files.walk(folder)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            // best effort: the run's folder goes when the service stops
        }
    }

    private static ScheduledExecutorService timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "worker-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
        deleteQuietly(run);
    }
}
