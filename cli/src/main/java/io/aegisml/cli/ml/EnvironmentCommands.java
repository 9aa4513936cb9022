package io.aegisml.cli.ml;

import io.aegisml.cli.api.ApiClient;
import io.aegisml.cli.api.CliError;
import io.aegisml.cli.api.Documents;
import io.aegisml.cli.api.Output;
import io.aegisml.cli.api.Workspace;
import io.aegisml.cli.session.Session;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

/** {@code aegis ml environment create|show}, like {@code az ml environment}: an image's name and a conda file. */
@Command(name = "environment", description = "Register and show environments (a conda file, and an image's name).",
        subcommands = {EnvironmentCommands.Create.class, EnvironmentCommands.Show.class})
public final class EnvironmentCommands {

    @Command(name = "create", description = "Register an environment version from its YAML (conda_file relative to it).")
    static final class Create implements Callable<Integer> {
        @Mixin Workspace workspace;
        @Option(names = {"-f", "--file"}, required = true) Path file;
        @Option(names = {"-n", "--name"}) String name;
        @Option(names = {"-v", "--version"}) String version;
        @Option(names = "--set", arity = "1..*", description = "key=value ... (az's form: several after one --set).") java.util.List<String> sets;

        @Override
        public Integer call() {
            Session session = Session.current();
            ObjectNode document = Documents.load(file, sets);
            String environment = name != null ? name : document.path("name").asString(null);
            String number = version != null ? version : document.path("version").asString("1");
            if (environment == null) {
                throw new CliError(2, "Name the environment: --name, or 'name' in the file.");
            }
            LocalAssets.inlineCondaFile(document, file);
            document.remove("name");
            document.remove("version");
            Output.print(new ApiClient(session).put(workspace.path(session) + "/environments/" + environment
                    + "/versions/" + number, document), workspace.output, System.out);
            return 0;
        }
    }

    @Command(name = "show", description = "One environment version.")
    static final class Show implements Callable<Integer> {
        @Mixin Workspace workspace;
        @Option(names = {"-n", "--name"}, required = true) String name;
        @Option(names = {"-v", "--version"}, required = true) String version;

        @Override
        public Integer call() {
            Session session = Session.current();
            Output.print(new ApiClient(session).get(workspace.path(session) + "/environments/" + name + "/versions/"
                    + version), workspace.output, System.out);
            return 0;
        }
    }
}
