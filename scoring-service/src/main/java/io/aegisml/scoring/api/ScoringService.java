package io.aegisml.scoring.api;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.aegisml.events.Actor;
import io.aegisml.scoring.catalog.DeploymentSpec;
import io.aegisml.scoring.catalog.ServedEndpoint;
import io.aegisml.scoring.catalog.ServingCatalog;
import io.aegisml.scoring.runtime.LoadedModel;
import io.aegisml.scoring.workers.ScriptDeployment;
import io.aegisml.scoring.runtime.ModelRuntime;
import io.aegisml.scoring.telemetry.RequestTelemetry;
import io.aegisml.security.web.ApiError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The data plane's logic, free of any transport: {@code POST /endpoints/{endpoint}/score} (Azure's format) and
 * {@code POST /endpoints/{endpoint}/v2/models/{model}/infer} (Open Inference Protocol v2). Each request:
 * find the endpoint, authenticate as it says, only then read the body, pick the deployment (pin, else
 * traffic), maybe copy it to the mirror, parse and check the input against the model, run within the
 * deployment's limits, answer; and one telemetry record, whatever happened. The data plane's own listener
 * and the Spring MVC route (behind the edge's compatibility route) both call it.
 */
@org.springframework.stereotype.Service
public class ScoringService {

    static final String MODEL_ERROR_STATUS = "ms-azureml-model-error-statuscode";
    /** Nesting and value count are bounded: a 16 MB body of small numbers would otherwise fill the heap as a tree. */
    static final int MAX_NESTING = 32;
    static final long MAX_TOKENS = 1_000_000;
    private static final JsonMapper JSON = JsonMapper.builder(tools.jackson.core.json.JsonFactory.builder()
            .streamReadConstraints(tools.jackson.core.StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING).maxTokenCount(MAX_TOKENS).build())
            .build()).build();

    public enum Protocol { AZURE, V2 }

    private final ServingCatalog catalog;
    private final ModelRuntime runtime;
    private final EndpointAuth auth;
    private final RequestTelemetry telemetry;
    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    /** Mirrored copies run here, never on the caller's thread; when it is full, copies are skipped. */
    private final ThreadPoolExecutor mirrors = new ThreadPoolExecutor(1, 2, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(64), runnable -> {
                Thread thread = new Thread(runnable, "mirror");
                thread.setDaemon(true);
                return thread;
            });

    private final int maxBodyBytes;

    ScoringService(ServingCatalog catalog, ModelRuntime runtime, EndpointAuth auth, RequestTelemetry telemetry,
                      @org.springframework.beans.factory.annotation.Value("${aegis.scoring.max-body-bytes:16777216}")
                      int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
        this.catalog = catalog;
        this.runtime = runtime;
        this.auth = auth;
        this.telemetry = telemetry;
        runtime.beforeServing(this::warmUp);
    }

    /** At most this many synthetic requests, for at most this long, warm a deployment's scoring path before it serves. */
    static final int WARM_UP_REQUESTS = 5000;
    static final long WARM_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(1000);

    /**
     * The scoring path's own code — the one-pass parse, the run, the answer — compiled by the JIT before the deployment
     * serves, so that its first seconds are not served by the interpreter: synthetic requests of the model's input
     * shape (zeros, one row), run as a request would be, their answers dropped. Not a request: no caller, no telemetry.
     */
    String warmUp(LoadedModel model) {
        if (model.inputs().size() != 1) {
            return "Scoring path warm-up skipped: the model has " + model.inputs().size() + " inputs";
        }
        long[] shape = model.inputs().values().iterator().next().getShape();
        long columns = shape.length == 0 ? 0 : Math.max(1, shape[shape.length - 1]);
        if (shape.length < 1 || shape.length > 2 || columns > 4096) {
            return "Scoring path warm-up skipped: input of shape " + Tensors.shapeText(shape);
        }
        String row = "[" + String.join(",", java.util.Collections.nCopies((int) columns, "0")) + "]";
        byte[] body = ("{\"data\": " + (shape.length == 2 ? "[" + row + "]" : row) + "}")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        long started = System.nanoTime();
        int done = 0;
        while (done < WARM_UP_REQUESTS && System.nanoTime() - started < WARM_UP_NANOS) {
            Map<String, OnnxTensor> feeds = streamedInput(model, body);
            if (feeds == null) {
                return "Scoring path warm-up skipped: the model does not take " + new String(body,
                        java.nio.charset.StandardCharsets.US_ASCII);
            }
            try {
                run(model, Protocol.AZURE, null, feeds);
            } catch (ScoringFailure failure) {
                return "Scoring path warm-up stopped after " + done + " requests: " + failure.getMessage();
            }
            done++;
        }
        return "Scoring path warm-up: " + done + " requests in " + (System.nanoTime() - started) / 1_000_000 + " ms";
    }

    /** OIP v2 model metadata: names, datatypes and shapes of the inputs and outputs. */
    public ScoreAnswer metadata(String endpoint, String model, ScoreCall request) {
        try {
            ServedEndpoint served = endpoint(endpoint);
            requireNetworkAccess(served, request);
            auth.authenticate(served, request);
            LoadedModel loaded = loaded(spec(served, TrafficRouter.live(served, request.header(TrafficRouter.PIN_HEADER))));
            requireModel(loaded, model);
            List<Map<String, Object>> inputs = new ArrayList<>();
            loaded.inputs().forEach((name, info) -> inputs.add(Map.of("name", name,
                    "datatype", Tensors.DATATYPES.getOrDefault(info.type, info.type.toString()),
                    "shape", java.util.Arrays.stream(info.getShape()).boxed().toList())));
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("name", loaded.spec().modelName());
            answer.put("versions", List.of(loaded.spec().modelVersion()));
            answer.put("platform", "onnxruntime_onnx");
            answer.put("inputs", inputs);
            answer.put("outputs", loaded.outputNames().stream().map(name -> Map.of("name", name)).toList());
            return ok(JSON.writeValueAsBytes(answer));
        } catch (ScoringFailure failure) {
            return error(failure);
        }
    }

    /**
     * The network check, before authentication (a caller from a network that is not allowed learns nothing of the
     * keys): the private listener (Azure's private endpoint) always; else an allowed range, or any network when
     * public access is enabled and no range is listed.
     */
    private void requireNetworkAccess(ServedEndpoint endpoint, ScoreCall request) {
        boolean workspaceOpen = catalog.workspaceOpen(endpoint.workspaceId());
        if (!endpoint.reachableFrom(request.clientAddress(), request.privateNetwork(), workspaceOpen)) {
            String why;
            if (!workspaceOpen) {
                why = "from public networks: its workspace's publicNetworkAccess is Disabled; call it at its private address.";
            } else if (!endpoint.allowedNetworks().isEmpty()) {
                why = "from " + request.clientAddress() + ", which is not in its allowed networks (network_acls); call it "
                        + "from an allowed network or at its private address.";
            } else {
                why = "from public networks (public_network_access: disabled); call it at its private address.";
            }
            throw new ScoringFailure(HttpStatus.FORBIDDEN, "Endpoint '" + endpoint.name() + "' does not accept requests " + why);
        }
    }

    /** Whether the scoring service can answer at all: its catalog of endpoints has caught up. */
    public boolean ready() {
        return catalog.caughtUp();
    }

    /** The body is read only once the caller is known: an anonymous client cannot make us buffer 16 MB. */
    public ScoreAnswer score(Protocol protocol, String endpointName, String modelName, ScoreCall request) {
        byte[] body = null;
        long started = System.nanoTime();
        String pinned = request.header(TrafficRouter.PIN_HEADER);
        ServedEndpoint endpoint = null;
        String deployment = null;
        Actor caller = null;
        ScoreAnswer response;
        int modelStatus = 0;
        try {
            endpoint = endpoint(endpointName);
            requireNetworkAccess(endpoint, request);
            caller = auth.authenticate(endpoint, request);
            body = body(request);
            DeploymentSpec spec = spec(endpoint, TrafficRouter.live(endpoint, pinned));
            deployment = spec.name();
            java.util.Optional<String> mirrorTarget = TrafficRouter.mirror(endpoint, pinned);
            if (spec.runsScript() && protocol == Protocol.AZURE) {
                ScriptDeployment script = script(spec);
                mirror(endpoint, mirrorTarget, protocol, null, body, request, caller);
                response = runScript(script, body);
                modelStatus = 200;
                return finish(response, deployment, request, endpoint, endpointName, modelStatus, body, started, caller);
            }
            LoadedModel model = loaded(spec);
            if (protocol == Protocol.V2) {
                requireModel(model, modelName);
            }
            // The common one-input request straight into its tensor; anything else (and mirrored calls, which share
            // the document) through the tree, which also words every refusal.
            Map<String, OnnxTensor> streamed = protocol == Protocol.AZURE && mirrorTarget.isEmpty()
                    ? streamedInput(model, body) : null;
            JsonNode document = streamed == null ? parse(body) : null;
            if (document != null) {
                mirror(endpoint, mirrorTarget, protocol, document, body, request, caller);
            }
            byte[] answer = run(model, protocol, document, streamed);
            modelStatus = 200;
            response = ok(answer);
        } catch (ScoringFailure failure) {
            modelStatus = failure.modelStatus();
            response = error(failure);
        }
        return finish(response, deployment, request, endpoint, endpointName, modelStatus, body, started, caller);
    }

    private ScoreAnswer finish(ScoreAnswer response, String deployment, ScoreCall request, ServedEndpoint endpoint,
                               String endpointName, int modelStatus, byte[] body, long started, Actor caller) {
        if (deployment != null) {
            response = response.withHeader(TrafficRouter.PIN_HEADER, deployment);
        }
        record(request, endpoint, endpointName, deployment, response, modelStatus, body, started, false, caller);
        return response;
    }

    private ScriptDeployment script(DeploymentSpec spec) {
        return runtime.script(spec.id()).orElseThrow(() -> new ScoringFailure(HttpStatus.SERVICE_UNAVAILABLE,
                "Deployment '" + spec.name() + "' is not ready; see its state and logs."));
    }

    /**
     * The body as received goes to run() (Azure's raw_data); what it returns is the answer. Its failures are the
     * model's (424, with the status Azure's inference server would have given), its traceback only in the log.
     */
    private ScoreAnswer runScript(ScriptDeployment script, byte[] body) {
        try {
            ScriptDeployment.Answer answer = script.score(body);
            if (answer.raised()) {
                throw new ScoringFailure(HttpStatus.FAILED_DEPENDENCY, "The scoring script's run() raised an exception; "
                        + "see the deployment's logs.", Map.of(MODEL_ERROR_STATUS, "500"), 500);
            }
            return answer.json() ? ok(answer.body())
                    : new ScoreAnswer(200, Map.of("Content-Type", "application/octet-stream"), answer.body());
        } catch (ScriptDeployment.Refused e) {
            String name = script.spec().name();
            throw switch (e.refusal()) {
                case BUSY -> new ScoringFailure(HttpStatus.TOO_MANY_REQUESTS, "Deployment '" + name + "' has "
                        + 2 * script.spec().concurrency() + " requests in flight (2 x max_concurrent_requests_per_instance"
                        + " x instance_count); retry later.", Map.of("Retry-After", "1"), 429);
                case TIMEOUT -> new ScoringFailure(HttpStatus.REQUEST_TIMEOUT, "The request took longer than "
                        + "request_timeout_ms (" + script.spec().requestTimeoutMs() + " ms).", Map.of(), 408);
                case WORKER_GONE -> new ScoringFailure(HttpStatus.SERVICE_UNAVAILABLE, "Deployment '" + name
                        + "'s worker ended during the request; it is being restarted. Retry shortly.",
                        Map.of("Retry-After", "1"), 0);
            };
        }
    }

    private ServedEndpoint endpoint(String name) {
        if (!catalog.caughtUp()) {
            throw new ScoringFailure(HttpStatus.SERVICE_UNAVAILABLE, "The scoring service is starting; retry shortly.");
        }
        return catalog.endpoint(name).orElseThrow(() -> new ScoringFailure(HttpStatus.NOT_FOUND,
                "No endpoint '" + name + "'."));
    }

    private DeploymentSpec spec(ServedEndpoint endpoint, String deploymentName) {
        return catalog.deployment(endpoint, deploymentName).orElseThrow(() -> new ScoringFailure(
                HttpStatus.NOT_FOUND, "Endpoint '" + endpoint.name() + "' has no deployment '" + deploymentName + "'."));
    }

    private LoadedModel loaded(DeploymentSpec spec) {
        if (spec.runsScript()) {
            throw new ScoringFailure(HttpStatus.NOT_FOUND, "Deployment '" + spec.name() + "' runs a scoring script: "
                    + "call /score. The Open Inference Protocol routes serve ONNX deployments.");
        }
        return runtime.serving(spec.id()).orElseThrow(() -> new ScoringFailure(HttpStatus.SERVICE_UNAVAILABLE,
                "Deployment '" + spec.name() + "' is not ready; see its state and logs."));
    }

    private static void requireModel(LoadedModel model, String modelName) {
        if (!model.spec().modelName().equals(modelName)) {
            throw new ScoringFailure(HttpStatus.NOT_FOUND, "Deployment '" + model.spec().name() + "' serves model '"
                    + model.spec().modelName() + "', not '" + modelName + "'.");
        }
    }

    private byte[] body(ScoreCall request) {
        if (request.body().declaredLength() > maxBodyBytes) {
            throw tooLarge();
        }
        try {
            byte[] read = request.body().read(maxBodyBytes + 1);
            if (read.length > maxBodyBytes) {
                throw tooLarge();
            }
            return read;
        } catch (java.io.IOException e) {
            throw new ScoringFailure(HttpStatus.BAD_REQUEST, "The request body could not be read to its end.");
        }
    }

    private ScoringFailure tooLarge() {
        return new ScoringFailure(HttpStatus.CONTENT_TOO_LARGE, "The body is larger than " + maxBodyBytes
                + " bytes; send smaller batches.");
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new ScoringFailure(HttpStatus.BAD_REQUEST, "The request has no body: send the model's input as JSON.");
        }
        try {
            JsonNode document = JSON.readTree(body);
            if (document == null || !document.isObject()) {
                throw new ScoringFailure(HttpStatus.BAD_REQUEST, "The body must be a JSON object.");
            }
            return document;
        } catch (tools.jackson.core.exc.StreamConstraintsException e) {
            // Our own words: the parser's message names its settings.
            if (String.valueOf(e.getMessage()).contains("nesting")) {
                throw new ScoringFailure(HttpStatus.BAD_REQUEST, "The body nests arrays or objects deeper than "
                        + MAX_NESTING + " levels.");
            }
            throw new ScoringFailure(HttpStatus.CONTENT_TOO_LARGE, "The body has more than " + MAX_TOKENS
                    + " JSON tokens (numbers, strings, brackets); send smaller batches.");
        } catch (JacksonException e) {
            throw new ScoringFailure(HttpStatus.BAD_REQUEST, "The body is not valid JSON: " + e.getOriginalMessage() + ".");
        }
    }

    /** The input of a one-input model read straight from the body, or null (see {@link StreamedInput}). */
    private Map<String, OnnxTensor> streamedInput(LoadedModel model, byte[] body) {
        if (body == null || body.length == 0 || model.inputs().size() != 1) {
            return null;
        }
        Map.Entry<String, TensorInfo> only = model.inputs().entrySet().iterator().next();
        try {
            OnnxTensor tensor = StreamedInput.parse(environment, JSON, body, only.getValue());
            return tensor == null ? null : new HashMap<>(Map.of(only.getKey(), tensor));
        } catch (OrtException e) {
            return null; // the tree path tries again and words what is wrong
        }
    }

    /** {@code prepared}: the inputs already made (streamed), else they are read from {@code document}. */
    private byte[] run(LoadedModel model, Protocol protocol, JsonNode document, Map<String, OnnxTensor> prepared) {
        Map<String, OnnxTensor> feeds = prepared != null ? prepared : new HashMap<>();
        try {
            if (prepared == null && protocol == Protocol.AZURE) {
                azureInputs(model, document, feeds);
            } else if (prepared == null) {
                v2Inputs(model, document, feeds);
            }
            try (OrtSession.Result result = model.run(feeds)) {
                return protocol == Protocol.AZURE ? azureOutput(result) : v2Output(model, document, result);
            }
        } catch (BadInput e) {
            throw new ScoringFailure(HttpStatus.BAD_REQUEST, e.getMessage());
        } catch (LoadedModel.Refused e) {
            if (e.refusal() == LoadedModel.Refusal.BUSY) {
                throw new ScoringFailure(HttpStatus.TOO_MANY_REQUESTS, "Deployment '" + model.spec().name()
                        + "' has " + 2 * model.spec().concurrency() + " requests in flight (2 x max_concurrent_requests"
                        + "_per_instance x instance_count); retry later.", Map.of("Retry-After", "1"), 429);
            }
            throw new ScoringFailure(HttpStatus.REQUEST_TIMEOUT, "The request took longer than request_timeout_ms ("
                    + model.spec().requestTimeoutMs() + " ms).", Map.of(), 408);
        } catch (OrtException e) {
            String message = "The model failed: " + e.getMessage();
            runtime.log(model.spec().id(), "Runtime error: " + e.getMessage());
            throw new ScoringFailure(HttpStatus.FAILED_DEPENDENCY, message, Map.of(MODEL_ERROR_STATUS, "500"), 500);
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    /** {"data": [[...]]} for a one-input model; {"data": {"name": [[...]], ...}} (or "inputs") for named inputs. */
    private void azureInputs(LoadedModel model, JsonNode document, Map<String, OnnxTensor> feeds) throws OrtException {
        JsonNode data = document.has("data") ? document.get("data") : document.get("inputs");
        if (data == null || data.isNull()) {
            throw new BadInput("The body must have \"data\": the model's input" + (model.inputs().size() > 1
                    ? "s by name, " + model.inputs().keySet() : " as nested arrays, e.g. {\"data\": [[1, 2, 3]]}") + ".");
        }
        if (data.isArray()) {
            if (model.inputs().size() != 1) {
                throw new BadInput("The model has inputs " + model.inputs().keySet()
                        + ": send {\"data\": {\"<input>\": [...], ...}}.");
            }
            Map.Entry<String, TensorInfo> only = model.inputs().entrySet().iterator().next();
            feeds.put(only.getKey(), Tensors.fromNested(environment, only.getKey(), only.getValue(), data));
            return;
        }
        if (!data.isObject()) {
            throw new BadInput("\"data\" must be an array or an object of named inputs.");
        }
        for (String name : data.propertyNames()) {
            if (!model.inputs().containsKey(name)) {
                throw new BadInput("The model has no input '" + name + "'; its inputs are " + model.inputs().keySet() + ".");
            }
        }
        for (Map.Entry<String, TensorInfo> input : model.inputs().entrySet()) {
            JsonNode value = data.get(input.getKey());
            if (value == null) {
                throw new BadInput("Input '" + input.getKey() + "' is missing; the model's inputs are "
                        + model.inputs().keySet() + ".");
            }
            feeds.put(input.getKey(), Tensors.fromNested(environment, input.getKey(), input.getValue(), value));
        }
    }

    private void v2Inputs(LoadedModel model, JsonNode document, Map<String, OnnxTensor> feeds) throws OrtException {
        JsonNode inputs = document.get("inputs");
        if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
            throw new BadInput("The body must have \"inputs\": [{\"name\", \"shape\", \"datatype\", \"data\"}, ...].");
        }
        for (JsonNode input : inputs) {
            String name = input.path("name").asString(null);
            TensorInfo info = name == null ? null : model.inputs().get(name);
            if (info == null) {
                throw new BadInput("The model has no input '" + name + "'; its inputs are " + model.inputs().keySet() + ".");
            }
            String datatype = input.path("datatype").asString("");
            String expected = Tensors.DATATYPES.get(info.type);
            if (!datatype.equals(expected)) {
                throw new BadInput("Input '" + name + "' has datatype " + expected + ", not '" + datatype + "'.");
            }
            JsonNode shape = input.get("shape");
            if (shape == null || !shape.isArray()) {
                throw new BadInput("Input '" + name + "' needs a \"shape\".");
            }
            long[] dims = new long[shape.size()];
            for (int i = 0; i < dims.length; i++) {
                if (!shape.get(i).isIntegralNumber() || shape.get(i).longValue() < 0) {
                    throw new BadInput("Input '" + name + "' has an invalid shape " + shape + ".");
                }
                dims[i] = shape.get(i).longValue();
            }
            feeds.put(name, Tensors.fromFlat(environment, name, info, dims, input.path("data")));
        }
        for (String name : model.inputs().keySet()) {
            if (!feeds.containsKey(name)) {
                throw new BadInput("Input '" + name + "' is missing; the model's inputs are " + model.inputs().keySet() + ".");
            }
        }
    }

    /** One output: its value; several: an object by output name. */
    private static byte[] azureOutput(OrtSession.Result result) throws OrtException {
        if (result.size() == 1 && result.get(0) instanceof OnnxTensor tensor) {
            byte[] written = Tensors.floatsAsJson(JSON, tensor);
            if (written != null) {
                return written;
            }
        }
        if (result.size() == 1) {
            return JSON.writeValueAsBytes(Tensors.value(result.get(0)));
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        for (Map.Entry<String, OnnxValue> output : result) {
            outputs.put(output.getKey(), Tensors.value(output.getValue()));
        }
        return JSON.writeValueAsBytes(outputs);
    }

    private static byte[] v2Output(LoadedModel model, JsonNode document, OrtSession.Result result) throws OrtException {
        List<Map<String, Object>> outputs = new ArrayList<>();
        for (Map.Entry<String, OnnxValue> output : result) {
            outputs.add(Tensors.v2Output(output.getKey(), output.getValue()));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("model_name", model.spec().modelName());
        answer.put("model_version", model.spec().modelVersion());
        if (document.hasNonNull("id")) {
            answer.put("id", document.get("id").asString());
        }
        answer.put("outputs", outputs);
        return JSON.writeValueAsBytes(answer);
    }

    /** A copy of the request to the mirror deployment; its answer is discarded, its telemetry kept. */
    private void mirror(ServedEndpoint endpoint, java.util.Optional<String> mirrorTarget, Protocol protocol,
                        JsonNode document, byte[] body, ScoreCall request, Actor caller) {
        mirrorTarget.ifPresent(target -> {
            String method = request.method();
            String path = request.path();
            String requestId = request.requestId();
            String correlationId = request.correlationId();
            String userAgent = request.header(HttpHeaders.USER_AGENT);
            try {
                mirrors.execute(() -> {
                    long started = System.nanoTime();
                    int status = 200;
                    int modelStatus = 200;
                    long answered = 0;
                    try {
                        DeploymentSpec mirrored = spec(endpoint, target);
                        answered = mirrored.runsScript() ? runScript(script(mirrored), body).body().length
                                : run(loaded(mirrored), protocol, document != null ? document : parse(body), null).length;
                    } catch (ScoringFailure failure) {
                        status = failure.status().value();
                        modelStatus = failure.modelStatus();
                    }
                    telemetry.record(new RequestTelemetry.Request(method, path, endpoint.id(), endpoint.name(), target,
                            status, modelStatus, body.length, answered, userAgent, requestId, correlationId,
                            (System.nanoTime() - started) / 1e6, true, caller));
                });
            } catch (RejectedExecutionException busy) {
                // Mirroring is best effort: live traffic never waits for it.
            }
        });
    }

    private static ScoreAnswer ok(byte[] body) {
        return ScoreAnswer.json(200, body);
    }

    private static ScoreAnswer error(ScoringFailure failure) {
        return ScoreAnswer.json(failure.status().value(), ApiError.of(ApiError.codeFor(failure.status()), failure.getMessage())
                .toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8)).withHeaders(failure.headers());
    }

    /** A refusal before any endpoint logic (an unknown route, a busy listener), in the data plane's JSON shape. */
    public static ScoreAnswer refusal(HttpStatus status, String message) {
        return error(new ScoringFailure(status, message));
    }

    private void record(ScoreCall request, ServedEndpoint endpoint, String endpointName, String deployment,
                        ScoreAnswer response, int modelStatus, byte[] body, long started, boolean mirrored,
                        Actor caller) {
        if (endpoint == null) {
            return; // no known endpoint to attribute it to: counted by the service's own HTTP metrics only
        }
        byte[] answer = response.body();
        telemetry.record(new RequestTelemetry.Request(request.method(), request.path(),
                endpoint.id(), endpointName, deployment, response.status(),
                modelStatus, body == null ? 0 : body.length, answer == null ? 0 : answer.length,
                request.header(HttpHeaders.USER_AGENT), request.requestId(),
                request.correlationId(), (System.nanoTime() - started) / 1e6, mirrored, caller));
    }
}
