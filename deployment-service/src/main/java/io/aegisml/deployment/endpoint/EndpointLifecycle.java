package io.aegisml.deployment.endpoint;

import io.aegisml.deployment.DeploymentEvents;
import io.aegisml.deployment.WorkspaceId;
import io.aegisml.deployment.model.ModelStore;
import io.aegisml.deployment.model.ModelVersion;
import io.aegisml.deployment.model.ModelVersions;
import io.aegisml.events.Actor;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/**
 * Every change to endpoints and deployments, each in one transaction with its event (outbox). A
 * deployment's provisioning is a saga: the event asks scoring-service to load it, whose answer
 * (DeploymentReady/DeploymentFailed for a given generation) moves the state here.
 */
@Service
@Transactional
class EndpointLifecycle {

    static final String CREATING = "Creating";
    static final String UPDATING = "Updating";
    static final String SUCCEEDED = "Succeeded";
    static final String FAILED = "Failed";

    private final Endpoints endpoints;
    private final Deployments deployments;
    private final ModelVersions models;
    private final io.aegisml.deployment.code.CodeVersions codes;
    private final io.aegisml.deployment.environment.EnvironmentVersions environments;
    private final ModelStore modelStore;
    private final EndpointKeys keys;
    private final DeploymentEvents events;
    private final String publicUrl;

    EndpointLifecycle(Endpoints endpoints, Deployments deployments, ModelVersions models,
                      io.aegisml.deployment.code.CodeVersions codes,
                      io.aegisml.deployment.environment.EnvironmentVersions environments, ModelStore modelStore,
                      EndpointKeys keys, DeploymentEvents events, @Value("${aegis.scoring-url}") String publicUrl) {
        this.codes = codes;
        this.environments = environments;
        this.endpoints = endpoints;
        this.deployments = deployments;
        this.models = models;
        this.modelStore = modelStore;
        this.keys = keys;
        this.events = events;
        this.publicUrl = publicUrl;
    }

    record Outcome(Map<String, Object> state, boolean created) {
    }

    Outcome putEndpoint(WorkspaceId workspace, String name, Map<String, Object> document, Actor actor, String correlation) {
        String id = workspace.endpoint(name);
        Map<String, Object> spec = EndpointSpecs.read(document, name);
        Instant now = now();
        OnlineEndpoint existing = endpoints.lock(id).orElse(null);
        if (existing == null) {
            endpoints.holderOfName(name).ifPresent(other -> {
                // Which endpoint holds it is not said: it may be another tenant's.
                throw new ResponseStatusException(HttpStatus.CONFLICT, "The endpoint name '" + name
                        + "' is taken: endpoint names are unique, like Azure's scoring host names.");
            });
            checkTraffic(spec, List.of());
            boolean keyed = spec.get("auth_mode").equals("key");
            OnlineEndpoint endpoint = new OnlineEndpoint(id, workspace.id(), name, spec, SUCCEEDED,
                    keyed ? keys.generate(id, "primary") : null, keyed ? keys.generate(id, "secondary") : null,
                    now, actor.id(), now);
            endpoints.insert(endpoint);
            events.publish("OnlineEndpointCreated", id, endpoint.eventState(publicUrl), actor, correlation);
            return new Outcome(endpoint.state(publicUrl), true);
        }
        if (!Objects.equals(existing.spec().get("identity"), spec.get("identity"))) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "An endpoint's identity cannot be changed after "
                    + "it is created (it is " + existing.spec().get("identity") + "); create a new endpoint instead.");
        }
        checkTraffic(spec, deployments.ofEndpoint(id));
        boolean keyed = spec.get("auth_mode").equals("key");
        OnlineEndpoint updated = existing.with(spec,
                keyed ? (existing.primary() != null ? existing.primary() : keys.generate(id, "primary")) : null,
                keyed ? (existing.secondary() != null ? existing.secondary() : keys.generate(id, "secondary")) : null,
                now);
        endpoints.update(updated);
        events.publish("OnlineEndpointUpdated", id, updated.eventState(publicUrl), actor, correlation);
        return new Outcome(updated.state(publicUrl), false);
    }

    /** Its deployments go first, each with its own event, then the endpoint. */
    boolean deleteEndpoint(String id, Actor actor, String correlation) {
        return endpoints.lock(id).map(endpoint -> {
            for (OnlineDeployment deployment : deployments.ofEndpoint(id)) {
                deployments.delete(deployment.id());
                events.publish("OnlineDeploymentDeleted", deployment.id(), deployment.state(), actor,
                        correlation);
            }
            endpoints.delete(id);
            events.publish("OnlineEndpointDeleted", id, endpoint.state(publicUrl), actor, correlation);
            return true;
        }).orElse(false);
    }

    @Transactional(readOnly = true)
    Map<String, Object> show(String id) {
        return endpoint(id).state(publicUrl);
    }

    @Transactional(readOnly = true)
    List<Map<String, Object>> list(WorkspaceId workspace) {
        return endpoints.inWorkspace(workspace.id()).stream().map(e -> e.state(publicUrl)).toList();
    }

    @Transactional(readOnly = true)
    Map<String, String> listKeys(String id) {
        OnlineEndpoint endpoint = endpoint(id);
        requireKeyAuth(endpoint, "listKeys");
        return Map.of("primaryKey", keys.open(endpoint.primary().sealed(), id, "primary"),
                "secondaryKey", keys.open(endpoint.secondary().sealed(), id, "secondary"));
    }

    /** A new key in one slot; the other keeps working. Only the new hash is published. */
    void regenerateKey(String id, String keyType, Actor actor, String correlation) {
        OnlineEndpoint endpoint = endpoints.lock(id).orElseThrow(() -> notFound("endpoint", id));
        requireKeyAuth(endpoint, "regenerateKeys");
        boolean primary = "Primary".equalsIgnoreCase(keyType);
        if (!primary && !"Secondary".equalsIgnoreCase(keyType)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "'keyType' must be Primary or Secondary.");
        }
        OnlineEndpoint updated = endpoint.with(endpoint.spec(),
                primary ? keys.generate(id, "primary") : endpoint.primary(),
                primary ? endpoint.secondary() : keys.generate(id, "secondary"), now());
        endpoints.update(updated);
        Map<String, Object> state = updated.eventState(publicUrl);
        state.put("regenerated_key", primary ? "Primary" : "Secondary");
        events.publish("OnlineEndpointKeysRegenerated", id, state, actor, correlation);
    }

    Outcome putDeployment(WorkspaceId workspace, String endpointName, String name, Map<String, Object> document,
                          Actor actor, String correlation) {
        String endpointId = workspace.endpoint(endpointName);
        endpoints.lock(endpointId).orElseThrow(() -> notFound("endpoint", endpointId));
        String id = workspace.deployment(endpointName, name);
        DeploymentSpecs.Read read = DeploymentSpecs.read(document, endpointName, name);
        ModelVersion model = resolve(workspace, read.modelReference());
        Map<String, Object> spec = new LinkedHashMap<>(read.spec());
        spec.put("model", model.id());
        Map<String, Object> modelFile = new LinkedHashMap<>(Map.of("container", modelStore.container(),
                "name", model.blobName(), "sha256", model.sha256()));
        if (!model.onnx()) {
            modelFile.putAll(Map.of("type", model.format(), "path", model.path(), "folder", model.folder()));
        }
        spec.put("model_file", modelFile);
        Map<String, Object> code = codeFile(workspace, spec.get("code_configuration"));
        if (code != null) {
            spec.put("code_file", code);
            Map<String, Object> environment = environmentSpec(workspace, spec.get("environment"));
            if (environment != null) {
                spec.put("environment_spec", environment);
            }
        } else if (!model.onnx()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "'model' " + model.id() + " is a custom_model: "
                    + "only a scoring script can serve it; give code_configuration (code and scoring_script).");
        }
        Instant now = now();
        OnlineDeployment existing = deployments.lock(id).orElse(null);
        OnlineDeployment next;
        if (existing == null) {
            next = new OnlineDeployment(id, endpointId, name, spec, model.id(), 1, CREATING, null, now, actor.id(), now);
        } else if (existing.spec().equals(spec) && existing.provisioningState().equals(SUCCEEDED)) {
            return new Outcome(existing.state(), false); // nothing to do: no new generation
        } else {
            next = new OnlineDeployment(id, endpointId, name, spec, model.id(), existing.generation() + 1, UPDATING,
                    null, existing.createdAt(), existing.createdBy(), now);
        }
        deployments.save(next);
        events.publish(existing == null ? "OnlineDeploymentCreated" : "OnlineDeploymentUpdated", id,
                next.state(), actor, correlation);
        return new Outcome(next.state(), existing == null);
    }

    boolean deleteDeployment(WorkspaceId workspace, String endpointName, String name, Actor actor, String correlation) {
        String endpointId = workspace.endpoint(endpointName);
        OnlineEndpoint endpoint = endpoints.lock(endpointId).orElse(null);
        if (endpoint == null) {
            return false;
        }
        return deployments.find(workspace.deployment(endpointName, name)).map(deployment -> {
            int live = endpoint.traffic().getOrDefault(name, 0);
            int mirrored = endpoint.mirrorTraffic().getOrDefault(name, 0);
            if (live > 0 || mirrored > 0) {
                throw new ResponseStatusException(HttpStatus.CONFLICT, "Deployment '" + name + "' receives "
                        + (live > 0 ? live + "% of the traffic" : mirrored + "% mirrored traffic")
                        + "; set its traffic to 0 on the endpoint first.");
            }
            deployments.delete(deployment.id());
            events.publish("OnlineDeploymentDeleted", deployment.id(), deployment.state(), actor,
                    correlation);
            return true;
        }).orElse(false);
    }

    @Transactional(readOnly = true)
    Map<String, Object> showDeployment(String id) {
        return deployments.find(id).map(OnlineDeployment::state).orElseThrow(() -> notFound("deployment", id));
    }

    @Transactional(readOnly = true)
    List<Map<String, Object>> listDeployments(String endpointId) {
        endpoint(endpointId);
        return deployments.ofEndpoint(endpointId).stream().map(OnlineDeployment::state).toList();
    }

    @Transactional(readOnly = true)
    List<String> logs(String deploymentId, int tail, String container) {
        deployments.find(deploymentId).orElseThrow(() -> notFound("deployment", deploymentId));
        return deployments.log(deploymentId, tail, container);
    }

    /** scoring-service's answer about one generation of a deployment; answers about older generations change nothing. */
    void provisioned(String deploymentId, int generation, boolean ready, String reason, Actor actor, String correlation) {
        deployments.lock(deploymentId).ifPresent(deployment -> {
            boolean pending = deployment.provisioningState().equals(CREATING)
                    || deployment.provisioningState().equals(UPDATING);
            if (deployment.generation() != generation || !pending) {
                return;
            }
            OnlineDeployment moved = deployment.moved(ready ? SUCCEEDED : FAILED, ready ? null : reason, now());
            deployments.save(moved);
            events.publish(ready ? "OnlineDeploymentSucceeded" : "OnlineDeploymentFailed", deploymentId,
                    moved.state(), actor, correlation);
        });
    }

    void logged(String deploymentId, Instant time, String container, String line) {
        if (deployments.find(deploymentId).isPresent()) {
            deployments.appendLog(deploymentId, time, container,
                    line.length() > 4000 ? line.substring(0, 4000) + "..." : line);
        }
    }

    boolean firstTime(java.util.UUID eventId) {
        return deployments.firstTime(eventId);
    }

    /** Traffic names deployments of this endpoint and sums to 0 or 100; at most one mirror target, without live traffic. */
    static void checkTraffic(Map<String, Object> spec, List<OnlineDeployment> existing) {
        @SuppressWarnings("unchecked") Map<String, Integer> traffic = (Map<String, Integer>) spec.get("traffic");
        @SuppressWarnings("unchecked") Map<String, Integer> mirror = (Map<String, Integer>) spec.get("mirror_traffic");
        Set<String> names = existing.stream().map(OnlineDeployment::name).collect(Collectors.toSet());
        Map<String, Integer> all = new HashMap<>(traffic);
        mirror.forEach(all::putIfAbsent);
        for (String name : all.keySet()) {
            if (!names.contains(name)) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Traffic names deployment '" + name
                        + "', which this endpoint does not have (it has " + names.stream().sorted().toList() + ").");
            }
        }
        int total = traffic.values().stream().mapToInt(Integer::intValue).sum();
        if (total != 0 && total != 100) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "Traffic percentages must add up to 0 or 100; they add up to " + total + ".");
        }
        Map<String, Integer> mirrored = mirror.entrySet().stream().filter(e -> e.getValue() > 0)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        if (mirrored.size() > 1) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Traffic can be mirrored to one deployment only.");
        }
        mirrored.keySet().forEach(name -> {
            if (traffic.getOrDefault(name, 0) > 0) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Deployment '" + name
                        + "' receives live traffic, so it cannot also be the mirror target.");
            }
        });
    }

    /**
     * The id of a registered asset named as Azure names one — {@code azureml:name:version}, {@code name:version}, or
     * its id — which must be of this workspace ({@code collection}: models, codes, environments). Names are lower-cased
     * as every id is ({@code Scopes.canonical}). {@code field} and {@code forms} word the 400.
     */
    private static String assetId(WorkspaceId workspace, String reference, String collection,
                                  java.util.function.BinaryOperator<String> idOf, String field, String forms) {
        String ref = reference.startsWith("azureml:") ? reference.substring("azureml:".length()) : reference;
        if (ref.startsWith("/subscriptions/")) {
            String id = io.aegisml.security.rbac.Scopes.canonical(ref); // the one spelling ids are stored under
            if (!id.startsWith(workspace.id() + "/" + collection + "/")) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, field + " must be one of workspace "
                        + workspace.id() + "'s " + collection + ".");
            }
            return id;
        }
        String[] parts = ref.split(":");
        if (parts.length != 2) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, field + " must be " + forms + "; got '"
                    + reference + "'.");
        }
        return idOf.apply(parts[0].toLowerCase(java.util.Locale.ROOT), parts[1].toLowerCase(java.util.Locale.ROOT));
    }

    /** Relative, in plain names: {@code score.py} or {@code onlinescoring/score.py}. */
    private static final java.util.regex.Pattern SCRIPT = java.util.regex.Pattern.compile(
            "[A-Za-z0-9_][A-Za-z0-9._-]{0,63}(/[A-Za-z0-9_][A-Za-z0-9._-]{0,63}){0,7}");

    /**
     * {@code code_configuration: {code, scoring_script}}, with the code a registered code version of this workspace
     * (the CLI uploads a local folder as one): where scoring-service fetches it, or null when there is none.
     */
    private Map<String, Object> codeFile(WorkspaceId workspace, Object configuration) {
        if (configuration == null) {
            return null;
        }
        if (!(configuration instanceof Map<?, ?> given) || !(given.get("code") instanceof String reference)
                || !(given.get("scoring_script") instanceof String script)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "'code_configuration' must have 'code' (a code "
                    + "version: azureml:<name>:<version> or its id) and 'scoring_script' (a file in it).");
        }
        if (!SCRIPT.matcher(script).matches()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "'code_configuration.scoring_script' must be a "
                    + "relative path inside the code folder, such as score.py.");
        }
        String codeId = assetId(workspace, reference, "codes", workspace::codeVersion, "'code_configuration.code'",
                "a registered code version (azureml:<name>:<version>); a local folder is uploaded by the aegis CLI, "
                        + "which names the version it made");
        io.aegisml.deployment.code.CodeVersion code = codes.find(codeId).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.BAD_REQUEST, "'code_configuration.code' names " + codeId
                        + ", which is not registered."));
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("container", modelStore.container());
        file.put("name", code.blobName());
        file.put("sha256", code.sha256());
        file.put("scoring_script", script);
        file.put("code", code.id());
        return file;
    }

    /**
     * The environment a scoring script runs in: inline ({@code {image, conda_file}}, Azure's examples) or a registered
     * version ({@code azureml:name:version} or its id, in this workspace), as its kept spec.
     */
    private Map<String, Object> environmentSpec(WorkspaceId workspace, Object environment) {
        if (environment == null) {
            return null;
        }
        if (environment instanceof Map<?, ?> inline) {
            return io.aegisml.deployment.environment.Environments.read(inline);
        }
        String environmentId = assetId(workspace, String.valueOf(environment), "environments",
                workspace::environmentVersion, "'environment'", "azureml:<name>:<version>, an environment version id, "
                        + "or the environment itself ({image, conda_file})");
        io.aegisml.deployment.environment.EnvironmentVersion registered = environments.find(environmentId).orElseThrow(
                () -> new ResponseStatusException(HttpStatus.BAD_REQUEST, "'environment' names " + environmentId
                        + ", which is not registered."));
        Map<String, Object> resolved = new LinkedHashMap<>(registered.spec());
        resolved.put("id", registered.id());
        return resolved;
    }

    private ModelVersion resolve(WorkspaceId workspace, String reference) {
        String modelId = assetId(workspace, reference, "models", workspace::modelVersion, "'model'",
                "azureml:<name>:<version> or a model version id");
        return models.find(modelId).orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST,
                "'model' names " + modelId + ", which is not registered."));
    }

    private OnlineEndpoint endpoint(String id) {
        return endpoints.find(id).orElseThrow(() -> notFound("endpoint", id));
    }

    private static void requireKeyAuth(OnlineEndpoint endpoint, String operation) {
        if (!"key".equals(endpoint.authMode())) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, operation + " is only for endpoints with "
                    + "auth_mode key; this one uses " + endpoint.authMode()
                    + (endpoint.authMode().equals("aml_token") ? " (get a token with POST .../token)." : "."));
        }
    }

    private static ResponseStatusException notFound(String what, String id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No " + what + " " + id + ".");
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
