package io.aegisml.cli.ml;

import io.aegisml.cli.api.ApiClient;
import io.aegisml.cli.api.Output;
import io.aegisml.cli.api.Workspace;
import io.aegisml.cli.session.Session;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aegis ml workspace create|show|list|delete}: workspaces of a resource group (each with its default storage). */
@Command(name = "workspace", description = "Create and manage workspaces.",
        subcommands = {WorkspaceCommands.Create.class, WorkspaceCommands.Show.class, WorkspaceCommands.List.class,
                WorkspaceCommands.Delete.class})
public final class WorkspaceCommands {

    @Command(name = "create", description = "Create (or update) a workspace; it gets a default storage account.")
    static final class Create implements Callable<Integer> {
        @Mixin Workspace workspace;
        @Option(names = {"-n", "--name"}, description = "The workspace (default: -w or configured).") String name;
        @Option(names = "--description") String description;
        @Option(names = "--public-network-access", description = "Enabled (default) or Disabled: disabled, none of the "
                + "workspace's endpoints answers on public networks.") String publicNetworkAccess;

        @Override
        public Integer call() {
            Session session = Session.current();
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            if (description != null) {
                body.put("description", description);
            }
            if (publicNetworkAccess != null) {
                body.put("publicNetworkAccess", publicNetworkAccess);
            }
            Output.print(new ApiClient(session).put(path(workspace, session, name), body), workspace.output, System.out);
            return 0;
        }
    }

    @Command(name = "show", description = "One workspace, with its storageAccount.")
    static final class Show implements Callable<Integer> {
        @Mixin Workspace workspace;
        @Option(names = {"-n", "--name"}) String name;

        @Override
        public Integer call() {
            Session session = Session.current();
            Output.print(new ApiClient(session).get(path(workspace, session, name)), workspace.output, System.out);
            return 0;
        }
    }

    @Command(name = "list", description = "The workspaces of the resource group.")
    static final class List implements Callable<Integer> {
        @Mixin Workspace workspace;

        @Override
        public Integer call() {
            Session session = Session.current();
            Output.print(new ApiClient(session).get("/api" + workspace.groupId(session) + "/workspaces"),
                    workspace.output, System.out);
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a workspace (its default storage account stays, as in Azure).")
    static final class Delete implements Callable<Integer> {
        @Mixin Workspace workspace;
        @Option(names = {"-n", "--name"}) String name;

        @Override
        public Integer call() {
            Session session = Session.current();
            new ApiClient(session).delete(path(workspace, session, name));
            return 0;
        }
    }

    private static String path(Workspace workspace, Session session, String name) {
        return name == null ? workspace.path(session) : "/api" + workspace.groupId(session) + "/workspaces/" + name;
    }
}
