package io.aegisml.cli.ml;

import io.aegisml.cli.api.ApiClient;
import io.aegisml.cli.api.CliError;
import io.aegisml.cli.api.Documents;
import io.aegisml.cli.api.Output;
import io.aegisml.cli.api.Workspace;
import io.aegisml.cli.session.Session;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code aegis ml online-deployment ...}, like {@code az ml online-deployment}. */
@Command(name = "online-deployment", description = "Create, change and inspect deployments of online endpoints.",
        subcommands = {DeploymentCommands.Create.class, DeploymentCommands.Update.class, DeploymentCommands.Show.class,
                DeploymentCommands.List.class, DeploymentCommands.Delete.class, DeploymentCommands.GetLogs.class})
public final class DeploymentCommands {

    static String path(Workspace workspace, Session session, String endpoint, String name) {
        return EndpointCommands.path(workspace, session, endpoint) + "/deployments/" + name;
    }

    /** Create and update: PUT the document, follow provisioning to its end, optionally move all traffic. */
    abstract static class Put implements Callable<Integer> {
        @Mixin Workspace workspace;
        @Option(names = {"-f", "--file"}) Path file;
        @Option(names = {"-n", "--name"}) String name;
        @Option(names = {"-e", "--endpoint-name"}) String endpoint;
        @Option(names = "--set", arity = "1..*", description = "key=value ... (az's form: several after one --set).") java.util.List<String> sets;
        @Option(names = "--all-traffic", description = "Then send all of the endpoint's traffic to it.") boolean allTraffic;
        @Option(names = "--no-wait", description = "Return at once instead of following provisioning.") boolean noWait;

        @Override
        public Integer call() throws InterruptedException {
            Session session = Session.current();
            ApiClient api = new ApiClient(session);
            ObjectNode document = Documents.load(file, sets);
            String deployment = name != null ? name : document.path("name").asString(null);
            String endpointName = endpoint != null ? endpoint : document.path("endpoint_name").asString(null);
            if (deployment == null || endpointName == null) {
                throw new CliError(2, "Name the deployment and its endpoint: --name and --endpoint-name, or 'name' and "
                        + "'endpoint_name' in the file.");
            }
            document.put("name", deployment);
            document.put("endpoint_name", endpointName);
            new LocalAssets(api, session, workspace.path(session), file).upload(document);
            String path = path(workspace, session, endpointName, deployment);
            JsonNode state = api.put(path, document);
            if (!noWait) {
                state = follow(api, path, state);
                if ("Failed".equals(state.path("provisioning_state").asString())) {
                    Output.print(state, workspace.output, System.out);
                    throw new CliError(CliError.REFUSED, "Deployment '" + deployment + "' failed: "
                            + state.path("failure_reason").asString("see 'aegis ml online-deployment get-logs'") + ".");
                }
                if (allTraffic) {
                    new EndpointTraffic(api, workspace, session, endpointName).allTo(deployment);
                }
            }
            Output.print(state, workspace.output, System.out);
            return 0;
        }
    }

    /** Shows the provisioning state as it changes (on stderr), until it ends or 15 minutes pass. */
    static JsonNode follow(ApiClient api, String path, JsonNode state) throws InterruptedException {
        Instant started = Instant.now();
        String shown = "";
        while (state.path("provisioning_state").asString("").matches("Creating|Updating")) {
            String now = state.path("provisioning_state").asString();
            if (!now.equals(shown)) {
                System.err.print((shown.isEmpty() ? "" : "\n") + now);
                shown = now;
            }
            System.err.print(".");
            if (Duration.between(started, Instant.now()).toMinutes() >= 15) {
                throw new CliError(CliError.REFUSED, "Still " + now + " after 15 minutes; check get-logs.");
            }
            Thread.sleep(1000);
            state = api.get(path);
        }
        if (!shown.isEmpty()) {
            System.err.println(" " + state.path("provisioning_state").asString() + " ("
                    + Duration.between(started, Instant.now()).toSeconds() + " s)");
        }
        return state;
    }

    /** Moves an endpoint's traffic, keeping its other settings. */
    record EndpointTraffic(ApiClient api, Workspace workspace, Session session, String endpoint) {
        void allTo(String deployment) {
            String path = EndpointCommands.path(workspace, session, endpoint);
            JsonNode current = api.get(path);
            ObjectNode document = ApiClient.JSON.createObjectNode();
            current.properties().forEach(f -> {
                if (EndpointCommands.SETTABLE.contains(f.getKey())) {
                    document.set(f.getKey(), f.getValue());
                }
            });
            ObjectNode traffic = document.putObject("traffic");
            current.path("traffic").properties().forEach(f -> traffic.put(f.getKey(), 0));
            traffic.put(deployment, 100);
            document.putObject("mirror_traffic");
            api.put(path, document);
        }
    }

    @Command(name = "create", description = "Create a deployment from its YAML file; waits for provisioning.")
    static final class Create extends Put {
    }

    @Command(name = "update", description = "Update a deployment (new model version, instance count...): replaced without dropping requests.")
    static final class Update extends Put {
    }

    @Command(name = "show", description = "One deployment.")
    static final class Show implements Callable<Integer> {
        @Mixin Workspace workspace;
        @Option(names = {"-n", "--name"}, required = true) String name;
        @Option(names = {"-e", "--endpoint-name"}, required = true) String endpoint;

        @Override
        public Integer call() {
            Session session = Session.current();
            Output.print(new ApiClient(session).get(path(workspace, session, endpoint, name)), workspace.output, System.out);
            return 0;
        }
    }

    @Command(name = "list", description = "An endpoint's deployments.")
    static final class List implements Callable<Integer> {
        @Mixin Workspace workspace;
        @Option(names = {"-e", "--endpoint-name"}, required = true) String endpoint;

        @Override
        public Integer call() {
            Session session = Session.current();
            Output.print(new ApiClient(session).get(EndpointCommands.path(workspace, session, endpoint) + "/deployments"),
                    workspace.output, System.out);
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a deployment without traffic.")
    static final class Delete implements Callable<Integer> {
        @Mixin Workspace workspace;
        @Option(names = {"-n", "--name"}, required = true) String name;
        @Option(names = {"-e", "--endpoint-name"}, required = true) String endpoint;
        @Option(names = {"-y", "--yes"}) boolean yes;

        @Override
        public Integer call() {
            Session session = Session.current();
            new ApiClient(session).delete(path(workspace, session, endpoint, name));
            return 0;
        }
    }

    @Command(name = "get-logs", description = "The deployment's own log.")
    static final class GetLogs implements Callable<Integer> {
        @Mixin Workspace workspace;
        @Option(names = {"-n", "--name"}, required = true) String name;
        @Option(names = {"-e", "--endpoint-name"}, required = true) String endpoint;
        @Option(names = {"-l", "--lines"}, defaultValue = "100") int lines;
        @Option(names = {"-c", "--container"}, description = "inference-server or storage-initializer (default: both).")
        String container;

        @Override
        public Integer call() {
            Session session = Session.current();
            JsonNode logs = new ApiClient(session).get(path(workspace, session, endpoint, name) + "/logs?tail=" + lines
                    + (container == null ? "" : "&container=" + java.net.URLEncoder.encode(container,
                    java.nio.charset.StandardCharsets.UTF_8)));
            System.out.println(logs.path("content").asString());
            return 0;
        }
    }
}
