package io.aegisml.scoring.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.aegisml.modelfiles.SelfContainedOnnx;
import ai.onnxruntime.TensorInfo;
import io.aegisml.scoring.catalog.DeploymentListener;
import io.aegisml.scoring.catalog.DeploymentSpec;
import io.aegisml.scoring.identity.RuntimeEnvironment;
import io.aegisml.scoring.identity.StorageFileInit;
import io.aegisml.scoring.workers.ScriptDeployment;
import io.aegisml.scoring.workers.ScriptRuntime;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Provisions deployments: fetch the model file, check its hash, open an ONNX Runtime session, warm it
 * up, run the init step if the deployment has one (reading a file with its managed identity), then serve it in place of the previous generation (which finishes its requests first), and say
 * so on aegis.scoring.events. One load at a time, off the request threads.
 */
@Component
public class ModelRuntime implements DeploymentListener, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ModelRuntime.class);

    private final ModelFiles files;
    private final ScoringEvents events;
    private final RuntimeEnvironment runtimeEnvironment;
    private final int intraOpThreads;
    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final Map<String, LoadedModel> serving = new ConcurrentHashMap<>();
    /** Deployments with code_configuration: the user's score.py in workers, in place of an ONNX session. */
    private final Map<String, ScriptDeployment> scripts = new ConcurrentHashMap<>();
    private final ScriptRuntime scriptRuntime;
    private final int maxAnswerBytes;
    private final Map<String, Integer> latestGeneration = new ConcurrentHashMap<>();
    /** Two loaders: a model slow to open or warm up holds one, the other deployments still load. */
    private final ExecutorService loader = Executors.newFixedThreadPool(2, daemon("model-loader"));
    /** Scoring scripts start on loaders of their own: an init() that takes its time holds no ONNX model's load. */
    private final ExecutorService scriptLoader = Executors.newFixedThreadPool(4, daemon("script-loader"));
    private final java.nio.file.Path downloads;
    private final long maxModelBytes;
    private final ScheduledExecutorService timer = runTimeouts();
    /** Steps run on each loaded model before it serves, each giving its line for the deployment's log. */
    private final List<java.util.function.Function<LoadedModel, String>> beforeServing =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    ModelRuntime(ModelFiles files, ScoringEvents events, RuntimeEnvironment runtimeEnvironment,
                 ScriptRuntime scriptRuntime,
                 @Value("${aegis.scoring.workers.max-answer-bytes}") int maxAnswerBytes,
                 @Value("${aegis.scoring.intra-op-threads:1}") int intraOpThreads,
                 @Value("${aegis.scoring.model-downloads}") java.nio.file.Path downloads,
                 @Value("${aegis.scoring.max-model-bytes}") long maxModelBytes) {
        this.scriptRuntime = scriptRuntime;
        this.maxAnswerBytes = maxAnswerBytes;
        this.downloads = downloads;
        this.maxModelBytes = maxModelBytes;
        this.files = files;
        this.events = events;
        this.runtimeEnvironment = runtimeEnvironment;
        this.intraOpThreads = intraOpThreads;
    }

    /** A step run on every loaded model before it serves (the scoring path's warm-up); its line goes to the log. */
    public void beforeServing(java.util.function.Function<LoadedModel, String> step) {
        beforeServing.add(step);
    }

    /** The generation now serving this deployment, if one is loaded. */
    public Optional<LoadedModel> serving(String deploymentId) {
        return Optional.ofNullable(serving.get(deploymentId));
    }

    /** The generation now serving this deployment with the user's scoring script, if it has one. */
    public Optional<ScriptDeployment> script(String deploymentId) {
        return Optional.ofNullable(scripts.get(deploymentId));
    }

    /** A line in the deployment's own log (GET .../deployments/{d}/logs), e.g. a runtime error. */
    public void log(String deploymentId, String line) {
        events.logged(deploymentId, List.of(line), null);
    }

    @Override
    public void deploymentChanged(DeploymentSpec spec) {
        latestGeneration.put(spec.id(), spec.generation());
        (spec.runsScript() ? scriptLoader : loader).submit(() -> load(spec));
    }

    @Override
    public void deploymentDeleted(String deploymentId) {
        latestGeneration.remove(deploymentId);
        runtimeEnvironment.revoke(deploymentId);
        LoadedModel old = serving.remove(deploymentId);
        if (old != null) {
            loader.submit(old::close);
        }
        ScriptDeployment oldScript = scripts.remove(deploymentId);
        if (oldScript != null) {
            loader.submit(oldScript::close);
        }
    }

    /** The user's score.py: its workers start, and serve once every instance's init() has returned. */
    private void loadScript(DeploymentSpec spec, List<String> storage, List<String> lines) throws Exception {
        ScriptDeployment started = scriptRuntime.start(spec, storage, lines,
                batch -> events.logged(spec.id(), batch, null), maxAnswerBytes);
        if (!isLatest(spec)) {
            started.close();
            return;
        }
        ScriptDeployment previous = scripts.put(spec.id(), started);
        LoadedModel previousModel = serving.remove(spec.id());
        if (previous != null) {
            previous.close();
            lines.add("Generation " + previous.spec().generation() + " retired");
        }
        if (previousModel != null) {
            previousModel.close();
        }
        lines.add("Deployment " + spec.name() + " is ready");
        events.logged(spec.id(), storage, lines, spec.correlationId());
        events.ready(spec.id(), spec.generation(), spec.correlationId());
        log.info("Deployment {} generation {} ready (scoring script)", spec.id(), spec.generation());
    }

    private void load(DeploymentSpec spec) {
        if (!isLatest(spec)) {
            return; // a newer generation is queued
        }
        List<String> lines = new ArrayList<>();
        List<String> storage = new ArrayList<>(); // fetching the files: Azure's storage-initializer
        lines.add("Provisioning " + spec.name() + " generation " + spec.generation() + ": model " + spec.modelId()
                + ", " + spec.instanceCount() + " instance(s) x " + spec.maxConcurrentPerInstance()
                + " concurrent request(s), timeout " + spec.requestTimeoutMs() + " ms");
        try {
            if (spec.runsScript()) {
                loadScript(spec, storage, lines);
                return;
            }
            OrtSession session = open(spec, storage);
            LoadedModel loaded = new LoadedModel(spec, session, timer);
            try {
                lines.add("ONNX Runtime session ready: inputs " + describe(session.getInputInfo()) + ", outputs "
                        + describe(session.getOutputInfo()));
            } catch (OrtException | RuntimeException e) {
                loaded.close(); // its session and its watchdog
                throw e;
            }
            lines.add(warmUp(loaded));
            for (java.util.function.Function<LoadedModel, String> step : beforeServing) {
                try {
                    lines.add(step.apply(loaded));
                } catch (RuntimeException e) {
                    lines.add("Warm-up step failed (the deployment serves anyway): " + message(e));
                }
            }
            if (StorageFileInit.configured(spec.environmentVariables())) {
                try {
                    lines.addAll(StorageFileInit.run(runtimeEnvironment.of(spec)));
                } catch (StorageFileInit.InitFailed e) {
                    loaded.close();
                    throw e;
                }
            }
            if (!isLatest(spec)) {
                loaded.close();
                return;
            }
            LoadedModel previous = serving.put(spec.id(), loaded);
            ScriptDeployment previousScript = scripts.remove(spec.id());
            if (previousScript != null) {
                previousScript.close();
            }
            if (previous != null) {
                previous.close();
                lines.add("Generation " + previous.spec().generation() + " retired after its requests finished");
            }
            lines.add("Deployment " + spec.name() + " is ready");
            events.logged(spec.id(), storage, lines, spec.correlationId());
            events.ready(spec.id(), spec.generation(), spec.correlationId());
            log.info("Deployment {} generation {} ready", spec.id(), spec.generation());
        } catch (Exception | UnsatisfiedLinkError e) {
            String reason = e instanceof StorageFileInit.InitFailed ? message(e)
                    : (spec.runsScript() ? "Starting the scoring script failed: " : "Loading the model failed: ") + message(e);
            lines.add(reason);
            events.logged(spec.id(), storage, lines, spec.correlationId());
            events.failed(spec.id(), spec.generation(), reason, spec.correlationId());
            log.warn("Deployment {} generation {} failed: {}", spec.id(), spec.generation(), reason);
        }
    }

    /**
     * One run on zeros of each input's shape (free dimensions as 1), so the first real request does not
     * pay for lazy initialization. A model that fails here may still answer other inputs, so a failed
     * warm-up is logged, not fatal.
     */
    /** A model's declared input can be enormous: the warm-up does not allocate more than this for one. */
    static final long MAX_WARM_UP_BYTES = 64L * 1024 * 1024;

    /**
     * Fetches the model into a folder of its own that holds nothing else, checks it, opens the session from
     * the file and removes the folder: the file is streamed, never whole in the heap, and a path inside a
     * model (were one to pass the check) would resolve next to nothing.
     */
    private OrtSession open(DeploymentSpec spec, List<String> lines) throws Exception {
        java.nio.file.Files.createDirectories(downloads);
        java.nio.file.Path folder = java.nio.file.Files.createTempDirectory(downloads, "model-");
        try {
            ModelFiles.Fetched model = files.fetch(spec.modelContainer(), spec.modelBlob(), folder.resolve("model.onnx"),
                    maxModelBytes);
            if (!model.sha256().equals(spec.modelSha256())) {
                throw new IllegalStateException("the model file's SHA-256 is " + model.sha256() + ", not the registered "
                        + spec.modelSha256() + ": the file was changed after registration");
            }
            lines.add("Fetched model file " + spec.modelContainer() + "/" + spec.modelBlob() + " (" + model.bytes()
                    + " bytes, sha256 " + model.sha256() + ")");
            // Checked again here, whatever registered it: the runtime follows external-data references to any file.
            try (java.io.InputStream in = new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(model.file()))) {
                SelfContainedOnnx.check(in);
            }
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(intraOpThreads);
                return environment.createSession(model.file().toString(), options);
            }
        } finally {
            deleteQuietly(folder);
        }
    }

    static void deleteQuietly(java.nio.file.Path folder) {
        try (java.util.stream.Stream<java.nio.file.Path> paths = java.nio.file.Files.walk(folder)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            log.warn("Could not remove {}: {}", folder, e.getMessage());
        }
    }

    /** Under the deployment's own request timeout, like any request: a model that hangs here cannot hold a loader. */
    private String warmUp(LoadedModel loaded) {
        OrtSession session = loaded.session();
        Map<String, OnnxTensor> feeds = new HashMap<>();
        long started = System.nanoTime();
        try {
            for (Map.Entry<String, NodeInfo> input : session.getInputInfo().entrySet()) {
                if (!(input.getValue().getInfo() instanceof TensorInfo tensor)) {
                    return "Warm-up skipped: input " + input.getKey() + " is not a tensor";
                }
                long[] shape = tensor.getShape().clone();
                long count = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = shape[i] < 1 ? 1 : shape[i];
                    count = Math.multiplyExact(count, shape[i]);
                }
                if (Math.multiplyExact(count, Math.max(1, tensor.type.size)) > MAX_WARM_UP_BYTES) {
                    return "Warm-up skipped: input " + input.getKey() + " would need more than " + MAX_WARM_UP_BYTES + " bytes";
                }
                feeds.put(input.getKey(), zeros(tensor.type, shape, count));
            }
            try (OrtSession.Result ignored = loaded.run(feeds)) {
                return "Warm-up run succeeded in " + (System.nanoTime() - started) / 1_000_000 + " ms";
            }
        } catch (LoadedModel.Refused e) {
            return "Warm-up run stopped after request_timeout_ms (" + loaded.spec().requestTimeoutMs()
                    + " ms); requests like it will answer 408";
        } catch (OrtException | RuntimeException e) {
            return "Warm-up run failed (requests like it will answer 424): " + message(e);
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    private OnnxTensor zeros(OnnxJavaType type, long[] shape, long count) throws OrtException {
        int bytes = (int) count * Math.max(1, type.size);
        ByteBuffer buffer = ByteBuffer.allocateDirect(bytes).order(java.nio.ByteOrder.nativeOrder());
        return OnnxTensor.createTensor(environment, buffer, shape, type);
    }

    private boolean isLatest(DeploymentSpec spec) {
        return latestGeneration.getOrDefault(spec.id(), -1) == spec.generation();
    }

    private static String describe(Map<String, NodeInfo> nodes) {
        List<String> described = new ArrayList<>();
        nodes.forEach((name, node) -> described.add(name + " " + node.getInfo()));
        return described.toString();
    }

    static String message(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.strip();
    }

    /** The loaded models' timeout watchdogs (one periodic task each); a cancelled one leaves the queue at once. */
    private static ScheduledExecutorService runTimeouts() {
        java.util.concurrent.ScheduledThreadPoolExecutor timer =
                new java.util.concurrent.ScheduledThreadPoolExecutor(1, daemon("run-timeouts"));
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void destroy() {
        loader.shutdownNow();
        scriptLoader.shutdownNow();
        timer.shutdownNow();
        serving.values().forEach(LoadedModel::close);
        scripts.values().forEach(ScriptDeployment::close);
    }
}
