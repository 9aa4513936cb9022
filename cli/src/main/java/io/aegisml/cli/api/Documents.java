package io.aegisml.cli.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** {@code -f file.yml} (YAML or JSON) with {@code --set a.b=value} applied, as az does. */
public final class Documents {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private Documents() {
    }

    public static ObjectNode load(Path file, List<String> sets) {
        ObjectNode document;
        if (file == null) {
            document = ApiClient.JSON.createObjectNode();
        } else {
            try {
                JsonNode read = YAML.readTree(Files.readString(file));
                if (!(read instanceof ObjectNode object)) {
                    throw new CliError(2, file + " is not a YAML or JSON object.");
                }
                document = object;
            } catch (IOException e) {
                throw new CliError(2, "Cannot read " + file + ": " + e.getMessage());
            } catch (JacksonException e) {
                throw new CliError(2, file + " is not valid YAML: " + e.getOriginalMessage());
            }
        }
        for (String set : sets == null ? List.<String>of() : sets) {
            set(document, set);
        }
        return document;
    }

    /** {@code a.b.c=value}: the value is read as YAML, so numbers stay numbers and true stays a boolean. */
    static void set(ObjectNode document, String assignment) {
        int equals = assignment.indexOf('=');
        if (equals <= 0) {
            throw new CliError(2, "--set needs key=value, got '" + assignment + "'.");
        }
        String[] path = assignment.substring(0, equals).split("\\.");
        String text = assignment.substring(equals + 1);
        JsonNode value;
        try {
            value = text.isEmpty() ? ApiClient.JSON.getNodeFactory().textNode("") : YAML.readTree(text);
        } catch (JacksonException e) {
            value = ApiClient.JSON.getNodeFactory().textNode(text);
        }
        ObjectNode parent = document;
        for (int i = 0; i < path.length - 1; i++) {
            parent = child(parent, path[i]);
        }
        java.util.regex.Matcher indexed = INDEXED.matcher(path[path.length - 1]);
        if (indexed.matches()) {
            tools.jackson.databind.node.ArrayNode list = list(parent, indexed.group(1), Integer.parseInt(indexed.group(2)));
            list.set(Integer.parseInt(indexed.group(2)), value);
        } else {
            parent.set(path[path.length - 1], value);
        }
    }

    /** {@code name[3]}: an element of a list, as az's --set writes {@code identity.user_assigned_identities[0].resource_id}. */
    private static final java.util.regex.Pattern INDEXED = java.util.regex.Pattern.compile("(.+)\\[(\\d{1,3})]");

    private static ObjectNode child(ObjectNode parent, String segment) {
        java.util.regex.Matcher indexed = INDEXED.matcher(segment);
        if (!indexed.matches()) {
            JsonNode child = parent.get(segment);
            return child instanceof ObjectNode object ? object : parent.putObject(segment);
        }
        int index = Integer.parseInt(indexed.group(2));
        tools.jackson.databind.node.ArrayNode list = list(parent, indexed.group(1), index);
        if (!(list.get(index) instanceof ObjectNode)) {
            list.set(index, ApiClient.JSON.createObjectNode());
        }
        return (ObjectNode) list.get(index);
    }

    /** The list at {@code name}, with an element at {@code index} (one past its end is appended, as az does). */
    private static tools.jackson.databind.node.ArrayNode list(ObjectNode parent, String name, int index) {
        JsonNode existing = parent.get(name);
        tools.jackson.databind.node.ArrayNode list = existing instanceof tools.jackson.databind.node.ArrayNode array
                ? array : parent.putArray(name);
        if (index > list.size()) {
            throw new CliError(2, "--set " + name + "[" + index + "]: the list has " + list.size() + " element(s).");
        }
        if (index == list.size()) {
            list.addNull();
        }
        return list;
    }

    /** {@code "blue=90 green=10"} (spaces or commas) to {@code {"blue": 90, "green": 10}}. */
    public static ObjectNode percentages(String text) {
        ObjectNode map = ApiClient.JSON.createObjectNode();
        for (String pair : text.trim().split("[\\s,]+")) {
            String[] parts = pair.split("=");
            if (parts.length != 2 || !parts[1].matches("\\d{1,3}")) {
                throw new CliError(2, "Traffic must read like \"blue=90 green=10\"; got '" + pair + "'.");
            }
            map.put(parts[0], Integer.parseInt(parts[1]));
        }
        return map;
    }
}
