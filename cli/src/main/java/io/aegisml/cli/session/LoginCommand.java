package io.aegisml.cli.session;

import io.aegisml.cli.api.ApiClient;
import io.aegisml.cli.api.CliError;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.core.type.TypeReference;

/**
 * {@code aegis login}: the device flow by default (a code to enter in a browser), a user name and
 * password with {@code -u -p}, or a service principal with {@code --service-principal -u <clientId>
 * -p <secret>}, like {@code az login}. Tokens are kept in the owner-only credentials file.
 */
@Command(name = "login", description = "Log in to an Aegis ML stack.")
public final class LoginCommand implements Callable<Integer> {

    static final String CLI_CLIENT = "aegis-cli";

    @Option(names = {"-u", "--username"}, description = "User name, or a service principal's client id.")
    String username;

    @Option(names = {"-p", "--password"}, description = "Password, or a service principal's secret.", interactive = true,
            arity = "0..1")
    String password;

    @Option(names = "--service-principal", description = "Log in as a service principal (client credentials).")
    boolean servicePrincipal;

    @Option(names = "--url", description = "The stack's edge (default: configured, else https://localhost:8080).")
    String url;

    @Option(names = "--issuer", description = "Keycloak's token issuer (default: configured, else "
            + "http://localhost:8180/realms/aegis).")
    String issuer;

    @Option(names = {"-t", "--tenant"}, description = "The tenant id (as create-for-rbac prints it): tokens then come "
            + "from the stack's Azure AD-compatible endpoint, {url}/{tenant}/oauth2/v2.0/token. A URL here is an issuer.")
    String tenant;

    @Override
    public Integer call() throws InterruptedException {
        Session session = Session.current();
        Map<String, String> config = session.config();
        if (url != null) {
            config.put("url", url);
        }
        if (tenant != null && tenant.contains("://")) {
            issuer = tenant; // the option's earlier meaning
            tenant = null;
        }
        if (issuer != null) {
            config.put("issuer", issuer);
            config.remove("tenant");
        }
        if (tenant != null) {
            config.put("tenant", tenant);
        } else {
            // As az login: each login names its tenant or has none. A tenant kept from an earlier login (another
            // stack's, whose data folder is gone) would make every later login fail with AADSTS90002.
            config.remove("tenant");
        }
        session.saveConfig(config);
        String tokenUrl = session.tokenUrl();
        Map<String, String> credentials;
        if (servicePrincipal) {
            require(username != null && password != null, "--service-principal needs -u <clientId> and -p <secret>.");
            Map<String, String> how = Map.of("kind", "servicePrincipal", "client_id", username, "client_secret", password);
            credentials = Session.tokens(ApiClient.tokenRequest(tokenUrl, session.withScope(Map.of("grant_type",
                    "client_credentials", "client_id", username, "client_secret", password))), how);
        } else if (username != null) {
            require(password != null, "-u needs -p <password> (or -p alone to be asked).");
            credentials = Session.tokens(ApiClient.tokenRequest(tokenUrl, Map.of("grant_type", "password",
                    "client_id", CLI_CLIENT, "username", username, "password", password, "scope",
                    session.config().get("tenant") != null ? "openid offline_access" : "openid")),
                    Map.of("kind", "user", "client_id", CLI_CLIENT));
        } else {
            credentials = deviceFlow(session.issuer());
        }
        session.saveCredentials(credentials);
        System.out.println("Logged in to " + session.url() + " as " + (servicePrincipal ? "service principal " : "")
                + (username != null ? username : "the device-flow user") + ".");
        return 0;
    }

    /** OAuth 2.0 device authorization: show the code and the address, then wait for the user's approval. */
    private static Map<String, String> deviceFlow(String tenant) throws InterruptedException {
        ApiClient.Response started = ApiClient.send("POST", tenant + "/protocol/openid-connect/auth/device",
                ApiClient.formBody(Map.of("client_id", CLI_CLIENT, "scope", "openid")),
                "application/x-www-form-urlencoded", Map.of(), null);
        if (started.status() >= 400) {
            throw new CliError(CliError.NOT_LOGGED_IN, "The identity provider refused the device flow: " + started.text());
        }
        Map<String, Object> device = ApiClient.JSON.readValue(started.body(), new TypeReference<Map<String, Object>>() { });
        System.err.println("To sign in, open " + device.get("verification_uri") + " and enter the code "
                + device.get("user_code") + " (or open " + device.get("verification_uri_complete") + ").");
        long interval = device.get("interval") instanceof Number n ? n.longValue() : 5;
        Instant deadline = Instant.now().plusSeconds(device.get("expires_in") instanceof Number n ? n.longValue() : 600);
        while (Instant.now().isBefore(deadline)) {
            Thread.sleep(Duration.ofSeconds(interval).toMillis());
            ApiClient.Response polled = ApiClient.send("POST", tenant + "/protocol/openid-connect/token",
                    ApiClient.formBody(Map.of("grant_type", "urn:ietf:params:oauth:grant-type:device_code",
                            "client_id", CLI_CLIENT, "device_code", String.valueOf(device.get("device_code")))),
                    "application/x-www-form-urlencoded", Map.of(), null);
            Map<String, Object> answer = ApiClient.JSON.readValue(polled.body(), new TypeReference<Map<String, Object>>() { });
            if (polled.status() < 400) {
                return Session.tokens(answer, Map.of("kind", "user", "client_id", CLI_CLIENT));
            }
            String error = String.valueOf(answer.get("error"));
            if (error.equals("slow_down")) {
                interval += 5;
            } else if (!error.equals("authorization_pending")) {
                throw new CliError(CliError.NOT_LOGGED_IN, "Login failed: " + answer.getOrDefault("error_description", error));
            }
        }
        throw new CliError(CliError.NOT_LOGGED_IN, "The device code expired before it was entered; run 'aegis login' again.");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new CliError(2, message);
        }
    }

    @Command(name = "logout", description = "Forget the stored login.")
    public static final class Logout implements Callable<Integer> {
        @Override
        public Integer call() {
            Session.current().forget();
            System.out.println("Logged out.");
            return 0;
        }
    }

    @Command(name = "configure", description = "Store defaults, e.g. --defaults workspace=ws1 group=rg1 subscription=sub1.")
    public static final class Configure implements Callable<Integer> {
        @Option(names = {"-d", "--defaults"}, arity = "1..*", required = true, description = "name=value pairs.")
        java.util.List<String> defaults;

        @Override
        public Integer call() {
            setDefaults(defaults);
            return 0;
        }
    }

    /** Stores name=value defaults (workspace, group, subscription); an empty value removes one. */
    static void setDefaults(java.util.List<String> pairs) {
        Session session = Session.current();
        Map<String, String> config = new LinkedHashMap<>(session.config());
        for (String pair : pairs) {
            String[] parts = pair.split("=", 2);
            if (parts.length != 2 || !java.util.Set.of("workspace", "group", "subscription").contains(parts[0])) {
                throw new CliError(2, "Defaults are workspace=..., group=... and subscription=...; got '" + pair + "'.");
            }
            if (parts[1].isEmpty()) {
                config.remove("defaults." + parts[0]);
            } else {
                config.put("defaults." + parts[0], parts[1]);
            }
        }
        session.saveConfig(config);
    }
}
