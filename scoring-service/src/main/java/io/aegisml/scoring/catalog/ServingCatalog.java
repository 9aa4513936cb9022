package io.aegisml.scoring.catalog;

import io.aegisml.events.EventEnvelope;
import io.aegisml.events.Topic;
import io.aegisml.events.TopicReplay;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Endpoints and deployments, materialized in memory from aegis.deployment.events (replayed from
 * the start at each start): a score request is routed and authenticated without any remote call.
 * Only key hashes are ever known here.
 */
@Component
public class ServingCatalog implements SmartLifecycle {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ServingCatalog.class);

    private final Map<String, ServedEndpoint> endpointsByName = new ConcurrentHashMap<>();
    private final Map<String, DeploymentSpec> deployments = new ConcurrentHashMap<>();
    private final DeploymentListener listener;
    private final TopicReplay replay;
    /** Workspaces whose publicNetworkAccess is Disabled (from aegis.identity.events): their endpoints are closed. */
    private final java.util.Set<String> closedWorkspaces = ConcurrentHashMap.newKeySet();
    private final TopicReplay workspaceReplay;

    ServingCatalog(DeploymentListener listener,
                   @Value("${spring.kafka.bootstrap-servers:${KAFKA_BOOTSTRAP_SERVERS:localhost:9092}}") String bootstrapServers) {
        this.listener = listener;
        this.replay = new TopicReplay(bootstrapServers, Topic.DEPLOYMENT_EVENTS, "serving-catalog", this::apply);
        this.workspaceReplay = new TopicReplay(bootstrapServers, Topic.IDENTITY_EVENTS, "serving-workspaces",
                this::applyWorkspace);
    }

    /** Whether the workspace lets its endpoints answer on public networks (Azure's workspace publicNetworkAccess). */
    public boolean workspaceOpen(String workspaceId) {
        return workspaceId == null || !closedWorkspaces.contains(workspaceId);
    }

    void applyWorkspace(EventEnvelope event) {
        switch (event.type()) {
            case "WorkspaceCreated", "WorkspaceUpdated" -> {
                if ("Disabled".equals(str(event.data(), "publicNetworkAccess"))) {
                    closedWorkspaces.add(event.subject());
                } else {
                    closedWorkspaces.remove(event.subject());
                }
            }
            // A deleted workspace's endpoints may still be served (deployment-service keeps them): a closure stays
            // until the workspace is made again, open.
            case "WorkspaceDeleted" -> { }
            default -> { } // role assignments and the rest: the access view's
        }
    }

    public Optional<ServedEndpoint> endpoint(String name) {
        return Optional.ofNullable(endpointsByName.get(name));
    }

    /** The deployment of that name behind the endpoint. */
    public Optional<DeploymentSpec> deployment(ServedEndpoint endpoint, String name) {
        return Optional.ofNullable(deployments.get(endpoint.id() + "/deployments/" + name));
    }

    public boolean caughtUp() {
        return replay.caughtUp() && workspaceReplay.caughtUp();
    }

    /**
     * The ranges of an endpoint's {@code network_acls}; deployment-service stored them canonical. One that does not
     * parse (it cannot come from deployment-service) allows nothing rather than failing the whole catalog.
     */
    /** Whether the endpoint's network rules are all readable: if one is not, the endpoint is treated as closed. */
    private static boolean rulesReadable(Object acls) {
        if (!(acls instanceof Map<?, ?> map) || !(map.get("ip_rules") instanceof java.util.List<?> rules)) {
            return true;
        }
        return allowedNetworks(acls).size() == rules.size();
    }

    private static java.util.List<io.aegisml.security.network.Cidr> allowedNetworks(Object acls) {
        if (!(acls instanceof Map<?, ?> map) || !(map.get("ip_rules") instanceof java.util.List<?> rules)) {
            return java.util.List.of();
        }
        java.util.List<io.aegisml.security.network.Cidr> ranges = new java.util.ArrayList<>();
        for (Object rule : rules) {
            try {
                ranges.add(io.aegisml.security.network.Cidr.parse(String.valueOf(((Map<?, ?>) rule).get("value"))));
            } catch (RuntimeException e) {
                log.warn("Ignoring an unreadable network rule {} (it allows nothing)", rule);
            }
        }
        return java.util.List.copyOf(ranges);
    }

    void apply(EventEnvelope event) {
        Map<String, Object> d = event.data();
        switch (event.type()) {
            case "OnlineEndpointCreated", "OnlineEndpointUpdated", "OnlineEndpointKeysRegenerated" -> {
                Map<?, ?> hashes = d.get("key_hashes") instanceof Map<?, ?> m ? m : Map.of();
                ServedEndpoint endpoint = new ServedEndpoint(event.subject(), str(d, "workspace_id"), str(d, "name"),
                        str(d, "auth_mode"),
                        (String) hashes.get("primary"), (String) hashes.get("secondary"), percents(d.get("traffic")),
                        percents(d.get("mirror_traffic")),
                        !"disabled".equals(str(d, "public_network_access")) && rulesReadable(d.get("network_acls")),
                        allowedNetworks(d.get("network_acls")));
                endpointsByName.put(endpoint.name(), endpoint);
            }
            case "OnlineEndpointDeleted" -> endpointsByName.remove(str(d, "name"));
            case "OnlineDeploymentCreated", "OnlineDeploymentUpdated" -> {
                DeploymentSpec spec = specOf(event.subject(), d, event.correlationId());
                DeploymentSpec known = deployments.get(spec.id());
                if (known == null || known.generation() < spec.generation()) {
                    deployments.put(spec.id(), spec);
                    listener.deploymentChanged(spec);
                }
            }
            case "OnlineDeploymentDeleted" -> {
                deployments.remove(event.subject());
                listener.deploymentDeleted(event.subject());
            }
            default -> { } // models, and the saga's own outcomes: nothing to serve differently
        }
    }

    private static DeploymentSpec specOf(String id, Map<String, Object> d, String correlationId) {
        Map<?, ?> file = (Map<?, ?>) d.get("model_file");
        Map<?, ?> request = (Map<?, ?>) d.get("request_settings");
        Map<String, String> env = new LinkedHashMap<>();
        if (d.get("environment_variables") instanceof Map<?, ?> vars) {
            vars.forEach((k, v) -> env.put(String.valueOf(k), String.valueOf(v)));
        }
        String endpointId = str(d, "endpoint_id");
        return new DeploymentSpec(id, endpointId, str(d, "endpoint_name"), str(d, "name"), number(d.get("generation")),
                str(d, "model"), (String) file.get("container"), (String) file.get("name"), (String) file.get("sha256"),
                number(d.get("instance_count")), number(request.get("max_concurrent_requests_per_instance")),
                number(request.get("request_timeout_ms")), env, correlationId, layoutOf(file), codeOf(d.get("code_file")),
                d.get("environment_spec") instanceof Map<?, ?> environment ? stringKeys(environment) : null,
                Probe.of(d.get("liveness_probe")), Probe.of(d.get("readiness_probe")));
    }

    private static DeploymentSpec.ModelLayout layoutOf(Map<?, ?> file) {
        Object type = file.get("type");
        Object path = file.get("path");
        if (type == null || path == null) {
            return DeploymentSpec.ModelLayout.ONNX; // registered before models could be any file
        }
        return new DeploymentSpec.ModelLayout(type.toString(), path.toString(), Boolean.TRUE.equals(file.get("folder")));
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), v));
        return copy;
    }

    private static DeploymentSpec.ScriptCode codeOf(Object value) {
        if (!(value instanceof Map<?, ?> code)) {
            return null;
        }
        return new DeploymentSpec.ScriptCode((String) code.get("container"), (String) code.get("name"),
                (String) code.get("sha256"), (String) code.get("scoring_script"));
    }

    private static Map<String, Integer> percents(Object value) {
        Map<String, Integer> result = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> result.put(String.valueOf(k), number(v)));
        }
        return Map.copyOf(result);
    }

    private static int number(Object value) {
        return value instanceof Number n ? n.intValue() : 0;
    }

    private static String str(Map<String, Object> data, String key) {
        Object value = data.get(key);
        return value == null ? null : value.toString();
    }

    @Override
    public void start() {
        replay.start();
        workspaceReplay.start();
    }

    @Override
    public void stop() {
        replay.stop();
        workspaceReplay.stop();
    }

    @Override
    public boolean isRunning() {
        return replay.running();
    }
}
