package io.aegisml.deployment.endpoint;

import io.aegisml.deployment.documents.Fields;
import io.aegisml.security.network.Cidr;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an endpoint document in Azure's schema (az ml online-endpoint YAML): every field checked,
 * unknown ones refused, defaults as Azure's ({@code auth_mode: key}, public network access enabled).
 */
final class EndpointSpecs {

    static final Set<String> AUTH_MODES = Set.of("key", "aml_token", "aad_token");
    private static final Set<String> FIELDS = Set.of("$schema", "name", "auth_mode", "identity", "traffic",
            "mirror_traffic", "public_network_access", "network_acls", "description", "tags", "kind", "location");
    /** Enough for any real allow-list; a bound so that a document cannot make every request walk a huge one. */
    static final int MAX_IP_RULES = 200;
    private static final Pattern UAI = Pattern.compile(
            "/subscriptions/[A-Za-z0-9._-]+/resourceGroups/[A-Za-z0-9._-]+/userAssignedIdentities/[A-Za-z0-9._-]+");

    private EndpointSpecs() {
    }

    /** Deployment names are case-insensitive and stored lower-cased, like every name in a resource id. */
    private static Map<String, Integer> lowerCaseKeys(Map<String, Integer> byName) {
        Map<String, Integer> lower = new LinkedHashMap<>();
        byName.forEach((name, value) -> lower.merge(name.toLowerCase(java.util.Locale.ROOT), value, Integer::sum));
        return lower;
    }

    /** The spec to store; traffic is validated against the deployments later, by the lifecycle. */
    static Map<String, Object> read(Map<String, Object> document, String nameInPath) {
        Fields fields = Fields.of(document).allowOnly(FIELDS);
        String name = fields.string("name", nameInPath);
        // Names are case-insensitive (the path is already lower-cased: Scopes.canonical).
        if (!nameInPath.equalsIgnoreCase(name)) {
            throw fields.invalid("name", "is '" + name + "' but the path names endpoint '" + nameInPath + "'");
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("auth_mode", fields.oneOf("auth_mode", "key", AUTH_MODES));
        spec.put("identity", identity(fields.object("identity")));
        spec.put("traffic", lowerCaseKeys(fields.integers("traffic", 0, 100)));
        spec.put("mirror_traffic", lowerCaseKeys(fields.integers("mirror_traffic", 0, 50)));
        spec.put("public_network_access", fields.oneOf("public_network_access", "enabled", Set.of("enabled", "disabled")));
        spec.put("network_acls", networkAcls(fields.object("network_acls")));
        spec.put("description", fields.string("description", ""));
        spec.put("tags", fields.strings("tags", 50));
        return spec;
    }

    /** The resource ids of the user-assigned identities a document attaches (after the document's checks). */
    @SuppressWarnings("unchecked")
    static List<String> attachedIdentities(Map<String, Object> document, String name) {
        Map<String, Object> identity = (Map<String, Object>) read(document, name).get("identity");
        return ((List<Map<String, Object>>) identity.get("user_assigned_identities")).stream()
                .map(entry -> (String) entry.get("resource_id")).toList();
    }

    /**
     * The networks allowed to call the endpoint besides its private address, as Azure's resource firewalls write
     * them ({@code network_acls: {ip_rules: [{value: 10.0.0.0/24}]}}). Each range is stored in its canonical form
     * (host bits cleared), once.
     */
    private static Map<String, Object> networkAcls(Fields acls) {
        acls.allowOnly(Set.of("ip_rules"));
        List<Object> rules = acls.list("ip_rules");
        if (rules.size() > MAX_IP_RULES) {
            throw acls.invalid("ip_rules", "may list at most " + MAX_IP_RULES + " address ranges");
        }
        List<Map<String, String>> ranges = rules.stream().map(rule -> {
            Object value = rule instanceof Map<?, ?> map ? map.get("value") : rule;
            if (!(value instanceof String text)) {
                throw acls.invalid("ip_rules", "must list address ranges as {value: 10.0.0.0/24}");
            }
            try {
                return Cidr.parse(text).toString();
            } catch (IllegalArgumentException e) {
                throw acls.invalid("ip_rules", e.getMessage());
            }
        }).distinct().map(range -> Map.of("value", range)).toList();
        return Map.of("ip_rules", ranges);
    }

    private static Map<String, Object> identity(Fields identity) {
        identity.allowOnly(Set.of("type", "user_assigned_identities"));
        String type = identity.oneOf("type", "system_assigned", Set.of("system_assigned", "user_assigned", "none"));
        List<String> attached = identity.list("user_assigned_identities").stream().map(entry -> {
            Object id = entry instanceof Map<?, ?> map ? map.get("resource_id") : entry;
            if (!(id instanceof String s) || !UAI.matcher(s).matches()) {
                throw identity.invalid("user_assigned_identities", "must list identities as {resource_id: "
                        + "/subscriptions/{sub}/resourceGroups/{rg}/userAssignedIdentities/{name}}");
            }
            return io.aegisml.security.rbac.Scopes.canonical(s); // the one spelling identity-service stores
        }).distinct().toList();
        if (type.equals("user_assigned") && attached.isEmpty()) {
            throw identity.invalid("user_assigned_identities", "must name at least one identity when type is user_assigned");
        }
        if (!type.equals("user_assigned") && !attached.isEmpty()) {
            throw identity.invalid("user_assigned_identities", "is only allowed when type is user_assigned");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("type", type);
        result.put("user_assigned_identities", attached.stream().map(id -> Map.of("resource_id", id)).toList());
        return result;
    }
}
