package io.aegisml.cli.ml;

import io.aegisml.cli.api.ApiClient;
import io.aegisml.cli.api.CliError;
import io.aegisml.cli.api.Output;
import io.aegisml.cli.api.Workspace;
import io.aegisml.cli.session.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aegis ml model create|list|show|delete}: model versions (ONNX files, or any file or folder) in the registry. */
@Command(name = "model", description = "Register and manage models.",
        subcommands = {ModelCommands.Create.class, ModelCommands.List.class, ModelCommands.Show.class,
                ModelCommands.Delete.class})
public final class ModelCommands {

    @Command(name = "create", description = "Register a model version from a file or folder: an .onnx file is served by "
            + "the platform; any other file (a pickle...) or a folder is a custom_model, for a scoring script.")
    static final class Create implements Callable<Integer> {
        @Mixin Workspace workspace;
        @Option(names = {"-n", "--name"}, required = true) String name;
        @Option(names = {"-v", "--version"}, defaultValue = "1") String version;
        @Option(names = {"-p", "--path"}, required = true, description = "The model's file or folder.") Path path;
        @Option(names = {"-t", "--type"}, description = "onnx or custom_model (default: onnx for a .onnx file, "
                + "custom_model otherwise).") String type;
        @Option(names = "--description") String description;

        @Override
        public Integer call() {
            Session session = Session.current();
            LocalAssets.Upload upload = LocalAssets.Upload.of(path, type);
            String query = upload.query();
            if (description != null) {
                query += (query.isEmpty() ? "?" : "&") + "description="
                        + java.net.URLEncoder.encode(description, java.nio.charset.StandardCharsets.UTF_8);
            }
            ApiClient.Response created = new ApiClient(session).call("PUT", workspace.path(session) + "/models/" + name
                    + "/versions/" + version + query, upload.body(), "application/octet-stream", Map.of());
            Output.print(created.json(), workspace.output, System.out);
            return 0;
        }
    }

    @Command(name = "list", description = "The newest version of each model, or the versions of one (-n).")
    static final class List implements Callable<Integer> {
        @Mixin Workspace workspace;
        @Option(names = {"-n", "--name"}) String name;

        @Override
        public Integer call() {
            Session session = Session.current();
            String path = workspace.path(session) + "/models" + (name == null ? "" : "/" + name + "/versions");
            Output.print(new ApiClient(session).get(path), workspace.output, System.out);
            return 0;
        }
    }

    @Command(name = "show", description = "One model version.")
    static final class Show implements Callable<Integer> {
        @Mixin Workspace workspace;
        @Option(names = {"-n", "--name"}, required = true) String name;
        @Option(names = {"-v", "--version"}, required = true) String version;

        @Override
        public Integer call() {
            Session session = Session.current();
            Output.print(new ApiClient(session).get(workspace.path(session) + "/models/" + name + "/versions/" + version),
                    workspace.output, System.out);
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a model version no deployment uses.")
    static final class Delete implements Callable<Integer> {
        @Mixin Workspace workspace;
        @Option(names = {"-n", "--name"}, required = true) String name;
        @Option(names = {"-v", "--version"}, required = true) String version;

        @Override
        public Integer call() {
            Session session = Session.current();
            new ApiClient(session).delete(workspace.path(session) + "/models/" + name + "/versions/" + version);
            return 0;
        }
    }
}
