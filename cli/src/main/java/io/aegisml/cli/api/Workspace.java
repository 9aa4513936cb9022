package io.aegisml.cli.api;

import io.aegisml.cli.session.Session;
import picocli.CommandLine.Option;

/**
 * The options every workspace command takes, like az ml's: {@code --subscription}, {@code -g},
 * {@code -w}, each defaulting to what {@code aegis configure --defaults} stored, and {@code -o}.
 */
public final class Workspace {

    @Option(names = "--subscription", description = "Subscription id (default: configured).")
    String subscription;

    @Option(names = {"-g", "--resource-group"}, description = "Resource group (default: configured).")
    String group;

    @Option(names = {"-w", "--workspace-name"}, description = "Workspace (default: configured).")
    String workspace;

    @Option(names = {"-o", "--output"}, description = "json (default), table or tsv.", defaultValue = "json")
    public String output;

    /** {@code /api/subscriptions/{s}/resourceGroups/{g}/workspaces/{w}}. */
    public String path(Session session) {
        return "/api" + id(session);
    }

    public String id(Session session) {
        return groupId(session) + "/workspaces/" + required(workspace, session, "workspace", "-w");
    }

    public String groupId(Session session) {
        return "/subscriptions/" + subscription(session) + "/resourceGroups/" + required(group, session, "group", "-g");
    }

    private String subscription(Session session) {
        if (subscription != null) {
            return subscription;
        }
        String configured = session.defaultValue("subscription");
        return configured == null ? "default" : configured;
    }

    private static String required(String given, Session session, String name, String option) {
        String value = given != null ? given : session.defaultValue(name);
        if (value == null) {
            throw new CliError(2, "No " + name + ": pass " + option + " or run 'aegis configure --defaults " + name + "=...'.");
        }
        return value;
    }
}
