package io.aegisml.cli;

import io.aegisml.cli.access.AccessCommands;
import io.aegisml.cli.api.CliError;
import io.aegisml.cli.api.Output;
import io.aegisml.cli.events.EventsCommand;
import io.aegisml.cli.ml.DeploymentCommands;
import io.aegisml.cli.ml.EndpointCommands;
import io.aegisml.cli.ml.EnvironmentCommands;
import io.aegisml.cli.ml.ModelCommands;
import io.aegisml.cli.ml.WorkspaceCommands;
import io.aegisml.cli.monitor.ActivityLogCommand;
import io.aegisml.cli.session.ConfigCommands;
import io.aegisml.cli.session.LoginCommand;
import io.aegisml.cli.storage.StorageCommands;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code aegis} command, with az's verbs so that Azure users feel at home. Exit codes: 0 done,
 * 1 the service refused or failed the request, 2 a wrong command line, 3 not logged in, 4 the stack
 * cannot be reached.
 */
@Command(name = "aegis", mixinStandardHelpOptions = true, version = "aegis 0.1.0",
        description = "Aegis ML: secure online model serving on your own machines.",
        subcommands = {LoginCommand.class, LoginCommand.Logout.class, LoginCommand.Configure.class,
                ConfigCommands.Config.class, ConfigCommands.Account.class, Aegis.Ml.class,
                AccessCommands.Role.class, AccessCommands.Ad.class, AccessCommands.Identity.class, StorageCommands.class,
                ActivityLogCommand.class, EventsCommand.class})
public final class Aegis implements Runnable {

    @Command(name = "ml", description = "Models, online endpoints and deployments.",
            subcommands = {WorkspaceCommands.class, ModelCommands.class, EnvironmentCommands.class, EndpointCommands.class,
                    DeploymentCommands.class})
    static final class Ml {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line; a {@link CliError} is one line on stderr and its exit code. */
    public static int run(String... args) {
        Output.query(null);
        CommandLine commandLine = new CommandLine(new Aegis());
        withHelp(commandLine);
        return commandLine
                .setExecutionExceptionHandler((e, line, parsed) -> {
                    if (e instanceof CliError error) {
                        line.getErr().println("ERROR: " + error.getMessage());
                        return error.exitCode();
                    }
                    throw e;
                })
                .execute(args);
    }

    /** -h/--help (and -V) on every command and group, not only the top one. */
    private static void withHelp(CommandLine commandLine) {
        commandLine.getCommandSpec().mixinStandardHelpOptions(true);
        // --query wherever there is an answer to print (-o), like az.
        if (commandLine.getCommandSpec().findOption("--output") != null) {
            commandLine.getCommandSpec().addOption(CommandLine.Model.OptionSpec.builder("--query")
                    .paramLabel("PATH").type(String.class)
                    .description("Print only this part of the answer, e.g. identity.principal_id (with -o tsv: the bare value).")
                    .setter(new CommandLine.Model.ISetter() {
                        @Override
                        public <T> T set(T value) {
                            Output.query((String) value);
                            return null;
                        }
                    }).build());
        }
        commandLine.getSubcommands().values().forEach(Aegis::withHelp);
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
