package io.aegisml.cli.session;

import io.aegisml.cli.api.ApiClient;
import io.aegisml.cli.api.CliError;
import io.aegisml.cli.api.Output;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code aegis config get|set} and {@code aegis account set|show}: the same defaults as
 * {@code aegis configure --defaults}, in the shapes az's newer commands print and take, so that
 * Azure's scripts ({@code az config get --query "defaults[?name == 'workspace'].value" -o tsv},
 * {@code az account set --subscription ...}) run unchanged.
 */
public final class ConfigCommands {

    private ConfigCommands() {
    }

    @Command(name = "config", description = "Defaults, as az config shows them.", subcommands = {Get.class, Set.class})
    public static final class Config {
    }

    @Command(name = "get", description = "Every section (defaults) or one key, e.g. defaults.workspace.")
    static final class Get implements Callable<Integer> {
        @Parameters(arity = "0..1", paramLabel = "KEY") String key;
        @Option(names = {"-o", "--output"}, defaultValue = "json") String output;

        @Override
        public Integer call() {
            Session session = Session.current();
            List<Map<String, Object>> defaults = new ArrayList<>();
            session.config().forEach((name, value) -> {
                if (name.startsWith("defaults.")) {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("name", name.substring("defaults.".length()));
                    entry.put("source", session.configFile().toString());
                    entry.put("value", value);
                    defaults.add(entry);
                }
            });
            Object answer;
            if (key == null) {
                answer = Map.of("defaults", defaults);
            } else if (key.equals("defaults")) {
                answer = defaults;
            } else {
                String name = key.startsWith("defaults.") ? key.substring("defaults.".length()) : null;
                answer = defaults.stream().filter(d -> d.get("name").equals(name)).findFirst()
                        .orElseThrow(() -> new CliError(CliError.REFUSED, "Configuration '" + key + "' is not set."));
            }
            Output.print(ApiClient.JSON.valueToTree(answer), output, System.out);
            return 0;
        }
    }

    @Command(name = "set", description = "Set defaults: defaults.workspace=ws1 defaults.group=rg1.")
    static final class Set implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "KEY=VALUE") List<String> pairs;

        @Override
        public Integer call() {
            LoginCommand.setDefaults(pairs.stream().map(p -> p.startsWith("defaults.") ? p.substring(9) : p).toList());
            return 0;
        }
    }

    @Command(name = "account", description = "The subscription commands work in.", subcommands = {AccountSet.class,
            AccountShow.class})
    public static final class Account {
    }

    @Command(name = "set", description = "Make a subscription the default.")
    static final class AccountSet implements Callable<Integer> {
        @Option(names = {"-s", "--subscription", "--name", "-n"}, required = true) String subscription;

        @Override
        public Integer call() {
            LoginCommand.setDefaults(List.of("subscription=" + subscription));
            return 0;
        }
    }

    @Command(name = "show", description = "The default subscription: id, name, tenant and the signed-in user.")
    static final class AccountShow implements Callable<Integer> {
        @Option(names = {"-o", "--output"}, defaultValue = "json") String output;

        @Override
        public Integer call() {
            Session session = Session.current();
            String subscription = session.defaultValue("subscription");
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("id", subscription == null ? "default" : subscription);
            answer.put("name", subscription == null ? "default" : subscription);
            answer.put("isDefault", true);
            answer.put("state", "Enabled");
            answer.put("environmentName", "AegisML");
            answer.put("homeTenantId", session.config().get("tenant"));
            answer.put("tenantId", session.config().get("tenant"));
            Map<String, String> credentials = session.credentials();
            boolean servicePrincipal = "servicePrincipal".equals(credentials.get("kind"));
            answer.put("user", Map.of("name", servicePrincipal ? credentials.get("client_id") : "",
                    "type", servicePrincipal ? "servicePrincipal" : "user"));
            Output.print(ApiClient.JSON.valueToTree(answer), output, System.out);
            return 0;
        }
    }
}
