package io.aegisml.cli.ml;

import io.aegisml.cli.api.ApiClient;
import io.aegisml.cli.api.CliError;
import io.aegisml.cli.api.Documents;
import io.aegisml.cli.api.Output;
import io.aegisml.cli.api.Workspace;
import io.aegisml.cli.session.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code aegis ml online-endpoint ...}, like {@code az ml online-endpoint}. */
@Command(name = "online-endpoint", description = "Create, change, call and delete online endpoints.",
        subcommands = {EndpointCommands.Create.class, EndpointCommands.Update.class, EndpointCommands.Show.class,
                EndpointCommands.List.class, EndpointCommands.Delete.class, EndpointCommands.Invoke.class,
                EndpointCommands.GetCredentials.class, EndpointCommands.RegenerateKeys.class})
public final class EndpointCommands {

    /** The fields of an endpoint a user sets; the rest of what 'show' returns is read-only. */
    static final Set<String> SETTABLE = Set.of("name", "auth_mode", "identity", "traffic", "mirror_traffic",
            "public_network_access", "network_acls", "description", "tags");

    static String path(Workspace workspace, Session session, String name) {
        return workspace.path(session) + "/onlineEndpoints/" + name;
    }

    static String nameOf(ObjectNode document, String given) {
        String name = given != null ? given : document.path("name").asString(null);
        if (name == null) {
            throw new CliError(2, "No endpoint name: pass --name or set 'name' in the file.");
        }
        document.put("name", name);
        return name;
    }

    @Command(name = "create", description = "Create an endpoint from its YAML file (-f) and/or options.")
    static final class Create implements Callable<Integer> {
        @Mixin Workspace workspace;
        @Option(names = {"-f", "--file"}) Path file;
        @Option(names = {"-n", "--name"}) String name;
        @Option(names = "--auth-mode") String authMode;
        @Option(names = "--set", arity = "1..*", description = "key=value ... applied to the file (several after one --set, as az).") java.util.List<String> sets;

        @Override
        public Integer call() {
            Session session = Session.current();
            ObjectNode document = Documents.load(file, sets);
            if (authMode != null) {
                document.put("auth_mode", authMode);
            }
            String endpoint = nameOf(document, name);
            ApiClient api = new ApiClient(session);
            JsonNode created = api.put(path(workspace, session, endpoint), document);
            // As az's create, done when the endpoint is usable: with its system-assigned identity made (from the
            // endpoint's event, in identity-service), so that the next line of a script can read its principal_id.
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (!withIdentity(api, session, workspace, endpoint, created) && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            Output.print(created, workspace.output, System.out);
            return 0;
        }
    }

    /**
     * Adds the system-assigned identity's ids to an endpoint, as az shows them; false while an endpoint that has one
     * does not have it yet (it is made from the endpoint's creation event, moments after the endpoint).
     */
    static boolean withIdentity(ApiClient api, Session session, Workspace workspace, String name, JsonNode endpoint) {
        if (!(endpoint.path("identity") instanceof ObjectNode identity)
                || !"system_assigned".equals(identity.path("type").asString(""))) {
            return true;
        }
        ApiClient.Response sai = ApiClient.send("GET", session.url() + path(workspace, session, name)
                + "/providers/Aegis.ManagedIdentity/identities/default", null, null, Map.of(),
                "Bearer " + api.accessToken());
        if (sai.status() != 200) {
            return false;
        }
        identity.put("principal_id", sai.json().path("principalId").asString());
        identity.put("client_id", sai.json().path("clientId").asString());
        identity.put("tenant_id", sai.json().path("tenantId").asString());
        return true;
    }

    @Command(name = "update", description = "Change an endpoint: -f, --traffic \"blue=90 green=10\", --mirror-traffic, --set.")
    static final class Update implements Callable<Integer> {
        @Mixin Workspace workspace;
        @Option(names = {"-f", "--file"}) Path file;
        @Option(names = {"-n", "--name"}) String name;
        @Option(names = {"-t", "--traffic"}) String traffic;
        @Option(names = "--mirror-traffic") String mirrorTraffic;
        @Option(names = "--set", arity = "1..*", description = "key=value ... (az's form: several after one --set).") java.util.List<String> sets;

        @Override
        public Integer call() {
            Session session = Session.current();
            ApiClient api = new ApiClient(session);
            ObjectNode changes = Documents.load(file, java.util.List.of());
            String endpoint = nameOf(changes, name);
            // Start from what the endpoint is, keep only what a user may set, then apply the changes.
            JsonNode current = api.get(path(workspace, session, endpoint));
            ObjectNode document = ApiClient.JSON.createObjectNode();
            current.properties().forEach(field -> {
                if (SETTABLE.contains(field.getKey())) {
                    document.set(field.getKey(), field.getValue());
                }
            });
            changes.properties().forEach(field -> document.set(field.getKey(), field.getValue()));
            if (traffic != null) {
                document.set("traffic", Documents.percentages(traffic));
            }
            if (mirrorTraffic != null) {
                document.set("mirror_traffic", Documents.percentages(mirrorTraffic));
            }
            ObjectNode withSets = Documents.load(null, sets);
            withSets.properties().forEach(field -> document.set(field.getKey(), field.getValue()));
            Output.print(api.put(path(workspace, session, endpoint), document), workspace.output, System.out);
            return 0;
        }
    }

    @Command(name = "show", description = "One endpoint (with its system-assigned identity's ids, as az shows them).")
    static final class Show implements Callable<Integer> {
        @Mixin Workspace workspace;
        @Option(names = {"-n", "--name"}, required = true) String name;

        @Override
        public Integer call() {
            Session session = Session.current();
            ApiClient api = new ApiClient(session);
            JsonNode endpoint = api.get(path(workspace, session, name));
            withIdentity(api, session, workspace, name, endpoint); // not there yet just after creation: ids not shown
            Output.print(endpoint, workspace.output, System.out);
            return 0;
        }
    }

    @Command(name = "list", description = "The workspace's endpoints.")
    static final class List implements Callable<Integer> {
        @Mixin Workspace workspace;

        @Override
        public Integer call() {
            Session session = Session.current();
            Output.print(new ApiClient(session).get(workspace.path(session) + "/onlineEndpoints"), workspace.output,
                    System.out);
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete an endpoint and its deployments.")
    static final class Delete implements Callable<Integer> {
        @Mixin Workspace workspace;
        @Option(names = {"-n", "--name"}, required = true) String name;
        @Option(names = {"-y", "--yes"}, description = "Do not ask (kept for az compatibility).") boolean yes;

        @Override
        public Integer call() {
            Session session = Session.current();
            new ApiClient(session).delete(path(workspace, session, name));
            return 0;
        }
    }

    @Command(name = "invoke", description = "Score a request file with the endpoint's own credential.")
    static final class Invoke implements Callable<Integer> {
        @Mixin Workspace workspace;
        @Option(names = {"-n", "--name"}, required = true) String name;
        @Option(names = {"-r", "--request-file"}, required = true) Path requestFile;
        @Option(names = {"-d", "--deployment-name", "--deployment"}, description = "Pin one deployment.") String deployment;

        @Override
        public Integer call() {
            Session session = Session.current();
            ApiClient api = new ApiClient(session);
            JsonNode endpoint = api.get(path(workspace, session, name));
            byte[] request;
            try {
                request = Files.readAllBytes(requestFile);
            } catch (IOException e) {
                throw new CliError(2, "Cannot read " + requestFile + ": " + e.getMessage());
            }
            String credential = credential(api, workspace, session, name, endpoint.path("auth_mode").asString("key"));
            Map<String, String> headers = new HashMap<>();
            if (deployment != null) {
                headers.put("azureml-model-deployment", deployment);
            }
            ApiClient.Response answer = api.callWith(credential, "POST", endpoint.get("scoring_uri").asString(), request,
                    headers);
            System.out.println(answer.text());
            return 0;
        }
    }

    /** What calls the endpoint: its primary key, an aml_token, or the login's own token (aad_token). */
    static String credential(ApiClient api, Workspace workspace, Session session, String name, String authMode) {
        return switch (authMode) {
            case "key" -> api.post(path(workspace, session, name) + "/listKeys", null).get("primaryKey").asString();
            case "aml_token" -> api.post(path(workspace, session, name) + "/token", null).get("accessToken").asString();
            default -> session.credentials().get("access_token");
        };
    }

    @Command(name = "get-credentials", description = "The endpoint's keys (key) or a token (aml_token).")
    static final class GetCredentials implements Callable<Integer> {
        @Mixin Workspace workspace;
        @Option(names = {"-n", "--name"}, required = true) String name;

        @Override
        public Integer call() {
            Session session = Session.current();
            ApiClient api = new ApiClient(session);
            String mode = api.get(path(workspace, session, name)).path("auth_mode").asString("key");
            JsonNode credentials = switch (mode) {
                case "key" -> api.post(path(workspace, session, name) + "/listKeys", null);
                case "aml_token" -> api.post(path(workspace, session, name) + "/token", null);
                default -> throw new CliError(CliError.REFUSED, "Endpoint '" + name + "' uses aad_token: call it with "
                        + "your own token (aegis login), there are no endpoint credentials.");
            };
            Output.print(credentials, workspace.output, System.out);
            return 0;
        }
    }

    @Command(name = "regenerate-keys", description = "A new primary or secondary key; the other keeps working.")
    static final class RegenerateKeys implements Callable<Integer> {
        @Mixin Workspace workspace;
        @Option(names = {"-n", "--name"}, required = true) String name;
        @Option(names = "--key-type", defaultValue = "primary", description = "primary or secondary.") String keyType;

        @Override
        public Integer call() {
            Session session = Session.current();
            String type = keyType.equalsIgnoreCase("primary") ? "Primary" : keyType.equalsIgnoreCase("secondary")
                    ? "Secondary" : null;
            if (type == null) {
                throw new CliError(2, "--key-type is primary or secondary.");
            }
            new ApiClient(session).post(path(workspace, session, name) + "/regenerateKeys", Map.of("keyType", type));
            return 0;
        }
    }
}
