package io.aegisml.cli.access;

import io.aegisml.cli.api.ApiClient;
import io.aegisml.cli.api.CliError;
import io.aegisml.cli.api.Documents;
import io.aegisml.cli.api.Output;
import io.aegisml.cli.api.Workspace;
import io.aegisml.cli.session.Session;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code aegis role ...}, {@code aegis ad sp ...} and {@code aegis identity ...}, like az's. */
public final class AccessCommands {

    private AccessCommands() {
    }

    /** A role assignment's id, in plain segments only: nothing a URL would read as a query, a fragment or "..". */
    private static final java.util.regex.Pattern ASSIGNMENT_ID = java.util.regex.Pattern.compile(
            "(/[A-Za-z0-9._()~-]+)*/providers/(Aegis|Microsoft)\\.Authorization/roleAssignments/[A-Za-z0-9._()~-]+");

    static String assignments(String scope) {
        return "/api" + (scope.equals("/") ? "" : scope) + "/providers/Aegis.Authorization/roleAssignments";
    }

    @Command(name = "role", description = "Role assignments and role definitions.",
            subcommands = {Assignment.class, Definition.class})
    public static final class Role {
    }

    @Command(name = "assignment", description = "Who holds which role where.",
            subcommands = {AssignmentCreate.class, AssignmentList.class, AssignmentDelete.class})
    static final class Assignment {
    }

    @Command(name = "create", description = "Grant a role to a principal at a scope.")
    static final class AssignmentCreate implements Callable<Integer> {
        @Option(names = "--assignee", description = "The principal: its object id, client id (appId) or user name.")
        String assignee;
        @Option(names = "--assignee-object-id", description = "The principal's object id, used as given.") String objectId;
        @Option(names = "--role", required = true, description = "Role name (Reader...) or definition id.") String role;
        @Option(names = "--scope", required = true) String scope;
        @Option(names = "--assignee-principal-type", description = "User, ServicePrincipal or ManagedIdentity.") String type;
        @Option(names = "--name", description = "The assignment's name (default: a new GUID).") String name;
        @Option(names = {"-o", "--output"}, defaultValue = "json") String output;

        @Override
        public Integer call() {
            ApiClient api = new ApiClient(Session.current());
            if ((assignee == null) == (objectId == null)) {
                throw new CliError(2, "Give one of --assignee and --assignee-object-id.");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("roleDefinitionId", role);
            if (objectId != null) {
                body.put("principalId", objectId);
            } else {
                JsonNode principal = resolve(api, assignee);
                body.put("principalId", principal.get("id").asString());
                body.put("principalType", principal.get("principalType").asString());
            }
            if (type != null) {
                body.put("principalType", type);
            }
            String path = assignments(scope) + "/" + (name == null ? UUID.randomUUID() : name);
            Output.print(api.put(path, body), output, System.out);
            return 0;
        }
    }

    /** az's --assignee: an object id, a client id or a user name, looked up in the directory. */
    static JsonNode resolve(ApiClient api, String assignee) {
        JsonNode found = api.get("/api/principals?assignee=" + URLEncoder.encode(assignee, StandardCharsets.UTF_8))
                .path("value");
        if (found.isEmpty()) {
            throw new CliError(CliError.REFUSED, "Cannot find user or service principal in the directory for '"
                    + assignee + "'.");
        }
        return found.get(0);
    }

    /**
     * The filters az's list and delete share: --scope (default: the subscription), --assignee, --role;
     * --include-inherited adds assignments above the scope, --all those below it too.
     */
    static final class Filters {
        @Option(names = "--scope", description = "Default: the configured subscription.") String scope;
        @Option(names = "--assignee", description = "Object id, client id (appId) or user name.") String assignee;
        @Option(names = "--role", description = "Role name or definition id.") String role;
        @Option(names = "--include-inherited", description = "Also assignments at scopes above.") boolean inherited;
        @Option(names = "--all", description = "Also assignments at scopes below.") boolean all;

        String scope(Session session) {
            if (scope != null) {
                return scope;
            }
            String subscription = session.defaultValue("subscription");
            return "/subscriptions/" + (subscription == null ? "default" : subscription);
        }

        List<JsonNode> matching(ApiClient api, Session session) {
            String at = scope(session);
            String principal = assignee == null ? null : resolve(api, assignee).get("id").asString();
            List<JsonNode> matches = new ArrayList<>();
            for (JsonNode a : api.get(assignments(at)).path("value")) {
                String where = a.path("scope").asString();
                boolean placed = where.equalsIgnoreCase(at) || all && where.toLowerCase().startsWith(at.toLowerCase() + "/")
                        || inherited && (at.toLowerCase().startsWith(where.toLowerCase() + "/") || where.equals("/"));
                boolean whose = principal == null || principal.equals(a.path("principalId").asString());
                boolean which = role == null || role.equalsIgnoreCase(a.path("roleDefinitionName").asString(""))
                        || role.equalsIgnoreCase(a.path("roleDefinitionId").asString(""));
                if (placed && whose && which) {
                    matches.add(a);
                }
            }
            return matches;
        }
    }

    @Command(name = "list", description = "Assignments at a scope, like az's (--assignee, --role, --scope, --all).")
    static final class AssignmentList implements Callable<Integer> {
        @Mixin Filters filters;
        @Option(names = {"-o", "--output"}, defaultValue = "json") String output;

        @Override
        public Integer call() {
            Session session = Session.current();
            Output.print(ApiClient.JSON.valueToTree(filters.matching(new ApiClient(session), session)), output, System.out);
            return 0;
        }
    }

    @Command(name = "delete", description = "Remove assignments: by --ids, or all that match --assignee, --role, --scope.")
    static final class AssignmentDelete implements Callable<Integer> {
        @Mixin Filters filters;
        @Option(names = "--ids", arity = "1..*", description = "Assignment ids (as list prints them).") List<String> ids;
        @Option(names = "--name", description = "The assignment's name at --scope.") String name;
        @Option(names = "--yes", description = "Accepted for az's scripts: nothing is asked.") boolean yes;

        @Override
        public Integer call() {
            Session session = Session.current();
            ApiClient api = new ApiClient(session);
            List<String> doomed = new ArrayList<>();
            if (ids != null) {
                for (String id : ids) {
                    // Only assignments: a mistyped id must not delete the workspace or account it names.
                    if (!ASSIGNMENT_ID.matcher(id).matches() || id.contains("/./") || id.contains("/../")) {
                        throw new CliError(2, "'" + id + "' is not a role assignment's id (.../providers/"
                                + "Aegis.Authorization/roleAssignments/{name}).");
                    }
                    doomed.add(id.replace("/Microsoft.Authorization/", "/Aegis.Authorization/"));
                }
            } else if (name != null) {
                if (!name.matches("[A-Za-z0-9._()~-]{1,128}") || name.equals(".") || name.equals("..")) {
                    throw new CliError(2, "'" + name + "' is not a role assignment's name.");
                }
                doomed.add(filters.scope(session).replaceAll("/+$", "") + "/providers/Aegis.Authorization/roleAssignments/"
                        + name);
            } else if (filters.assignee == null && filters.role == null && filters.scope == null) {
                throw new CliError(2, "Give --ids, or at least one of --assignee, --role and --scope.");
            } else {
                filters.matching(api, session).forEach(a -> doomed.add(a.path("id").asString()));
                if (doomed.isEmpty()) {
                    System.err.println("WARNING: No matched assignments were found to delete.");
                }
            }
            for (String id : doomed) {
                api.delete("/api" + (id.startsWith("/") ? id : "/" + id));
            }
            return 0;
        }
    }

    @Command(name = "definition", description = "Custom roles.", subcommands = {DefinitionCreate.class, DefinitionList.class})
    static final class Definition {
    }

    @Command(name = "create", description = "Create a custom role from a JSON or YAML file (roleName, actions, notActions, assignableScopes).")
    static final class DefinitionCreate implements Callable<Integer> {
        @Option(names = "--role-definition", required = true) Path file;
        @Option(names = {"-o", "--output"}, defaultValue = "json") String output;

        @Override
        public Integer call() {
            ObjectNode role = Documents.load(file, java.util.List.of());
            var scopes = role.path("assignableScopes");
            if (!scopes.isArray() || scopes.isEmpty()) {
                throw new CliError(2, "The role definition needs assignableScopes.");
            }
            String id = role.path("id").asString(UUID.randomUUID().toString());
            role.remove("id");
            String scope = scopes.get(0).asString();
            String path = "/api" + (scope.equals("/") ? "" : scope) + "/providers/Aegis.Authorization/roleDefinitions/" + id;
            Output.print(new ApiClient(Session.current()).put(path, role), output, System.out);
            return 0;
        }
    }

    @Command(name = "list", description = "Roles usable at a scope.")
    static final class DefinitionList implements Callable<Integer> {
        @Option(names = "--scope", defaultValue = "/") String scope;
        @Option(names = {"-o", "--output"}, defaultValue = "json") String output;

        @Override
        public Integer call() {
            String path = "/api" + (scope.equals("/") ? "" : scope) + "/providers/Aegis.Authorization/roleDefinitions";
            Output.print(new ApiClient(Session.current()).get(path), output, System.out);
            return 0;
        }
    }

    @Command(name = "ad", description = "Service principals.", subcommands = Sp.class)
    public static final class Ad {
    }

    @Command(name = "sp", description = "Service principals.", subcommands = {CreateForRbac.class, SpShow.class,
            SpList.class, SpDelete.class, SpCredential.class})
    static final class Sp {
    }

    /** az's --id: the application (client) id, or the service principal's object id. */
    static String appIdOf(ApiClient api, String id) {
        JsonNode principal = resolve(api, id);
        String appId = principal.path("appId").asString("");
        if (appId.isEmpty()) {
            throw new CliError(CliError.REFUSED, "'" + id + "' is not a service principal.");
        }
        return appId;
    }

    @Command(name = "show", description = "One service principal (--id: its appId or object id).")
    static final class SpShow implements Callable<Integer> {
        @Option(names = "--id", required = true) String id;
        @Option(names = {"-o", "--output"}, defaultValue = "json") String output;

        @Override
        public Integer call() {
            ApiClient api = new ApiClient(Session.current());
            Output.print(api.get("/api/servicePrincipals/" + appIdOf(api, id)), output, System.out);
            return 0;
        }
    }

    @Command(name = "list", description = "Every service principal (--all is accepted, as az's).")
    static final class SpList implements Callable<Integer> {
        @Option(names = "--all") boolean all;
        @Option(names = {"-o", "--output"}, defaultValue = "json") String output;

        @Override
        public Integer call() {
            Output.print(new ApiClient(Session.current()).get("/api/servicePrincipals"), output, System.out);
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a service principal and its role assignments.")
    static final class SpDelete implements Callable<Integer> {
        @Option(names = "--id", required = true) String id;

        @Override
        public Integer call() {
            ApiClient api = new ApiClient(Session.current());
            api.delete("/api/servicePrincipals/" + appIdOf(api, id));
            return 0;
        }
    }

    @Command(name = "credential", description = "A service principal's secret.", subcommands = SpCredentialReset.class)
    static final class SpCredential {
    }

    @Command(name = "reset", description = "A new secret (shown once); the old one stops working at once.")
    static final class SpCredentialReset implements Callable<Integer> {
        @Option(names = "--id", required = true) String id;
        @Option(names = {"-o", "--output"}, defaultValue = "json") String output;

        @Override
        public Integer call() {
            ApiClient api = new ApiClient(Session.current());
            Output.print(api.post("/api/servicePrincipals/" + appIdOf(api, id) + "/resetSecret", Map.of()), output,
                    System.out);
            return 0;
        }
    }

    @Command(name = "create-for-rbac", description = "A service principal with a role; its secret is shown once.")
    static final class CreateForRbac implements Callable<Integer> {
        @Option(names = {"-n", "--name", "--display-name"}, required = true) String name;
        @Option(names = "--role") String role;
        @Option(names = "--scopes", split = ",") java.util.List<String> scopes;
        @Option(names = {"-o", "--output"}, defaultValue = "json") String output;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("displayName", name);
            if (role != null) {
                body.put("role", role);
                body.put("scopes", scopes == null ? java.util.List.of() : scopes);
            }
            Output.print(new ApiClient(Session.current()).post("/api/servicePrincipals", body), output, System.out);
            return 0;
        }
    }

    @Command(name = "identity", description = "User-assigned managed identities.",
            subcommands = {IdentityCreate.class, IdentityShow.class, IdentityDelete.class})
    public static final class Identity {
    }

    @Command(name = "create", description = "Create a user-assigned identity in a resource group.")
    static final class IdentityCreate implements Callable<Integer> {
        @Mixin Workspace workspace;
        @Option(names = {"-n", "--name"}, required = true) String name;

        @Override
        public Integer call() {
            Session session = Session.current();
            Output.print(new ApiClient(session).put("/api" + workspace.groupId(session) + "/userAssignedIdentities/" + name,
                    Map.of()), workspace.output, System.out);
            return 0;
        }
    }

    @Command(name = "show", description = "One user-assigned identity.")
    static final class IdentityShow implements Callable<Integer> {
        @Mixin Workspace workspace;
        @Option(names = {"-n", "--name"}, required = true) String name;

        @Override
        public Integer call() {
            Session session = Session.current();
            Output.print(new ApiClient(session).get("/api" + workspace.groupId(session) + "/userAssignedIdentities/" + name),
                    workspace.output, System.out);
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a user-assigned identity (and its role assignments).")
    static final class IdentityDelete implements Callable<Integer> {
        @Mixin Workspace workspace;
        @Option(names = {"-n", "--name"}, required = true) String name;

        @Override
        public Integer call() {
            Session session = Session.current();
            new ApiClient(session).delete("/api" + workspace.groupId(session) + "/userAssignedIdentities/" + name);
            return 0;
        }
    }
}
