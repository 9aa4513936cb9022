package io.aegisml.cli.api;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** {@code -o json|table|tsv}, like az: JSON by default; a table or tab-separated lines of the scalar fields. */
public final class Output {

    /** {@code --query}: a JMESPath expression over the answer, as az's. */
    private static String query;

    private Output() {
    }

    public static void query(String path) {
        query = path;
    }

    public static void print(JsonNode answer, String format, PrintStream out) {
        JsonNode value = query == null ? listed(answer) : select(listed(answer), query);
        JsonNode rows = value.has("value") && value.get("value").isArray() ? value.get("value") : value;
        switch (format) {
            case "json", "jsonc" -> out.println(ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value));
            case "yaml", "yamlc" -> out.print(YAML.writeValueAsString(value));
            case "tsv" -> forEachRow(rows, row -> out.println(String.join("\t", cells(row, columns(rows)))));
            case "table" -> table(rows, out);
            case "none" -> { }
            default -> throw new CliError(2, "Unknown output format '" + format + "': use json, jsonc, yaml, yamlc, table, "
                    + "tsv or none.");
        }
    }

    private static final tools.jackson.dataformat.yaml.YAMLMapper YAML = tools.jackson.dataformat.yaml.YAMLMapper.builder()
            .build();

    /**
     * A list as az prints it: the API's {@code {"value": [...]}} (the last page) is the array itself, so
     * that {@code --query "[].name"} and {@code --query "[?name=='blue']"} read as they do with az.
     */
    static JsonNode listed(JsonNode answer) {
        if (answer != null && answer.isObject() && answer.get("value") != null && answer.get("value").isArray()) {
            // Not when there is a next page to ask for: its link would be lost.
            boolean onlyList = answer.size() == 1 || answer.size() == 2 && answer.has("nextLink") && answer.get("nextLink").isNull();
            if (onlyList) {
                return answer.get("value");
            }
        }
        return answer;
    }

    /**
     * {@code --query} as az evaluates it: a JMESPath expression ({@code identity.principal_id},
     * {@code value[?name == 'blue'].provisioning_state | [0]}), by a maintained implementation (io.burt's, on Jackson
     * 2's tree: the answer is handed over as JSON text and the result read back).
     */
    static JsonNode select(JsonNode node, String expression) {
        io.burt.jmespath.Expression<com.fasterxml.jackson.databind.JsonNode> compiled;
        try {
            compiled = JMESPATH.compile(expression);
        } catch (io.burt.jmespath.parser.ParseException | IllegalArgumentException e) {
            throw new CliError(2, "Invalid --query '" + expression + "': not a JMESPath expression (" + e.getMessage()
                    + ").");
        }
        try {
            com.fasterxml.jackson.databind.JsonNode result = compiled.search(JACKSON2.readTree(node.toString()));
            return result == null || result.isMissingNode() ? ApiClient.JSON.nullNode()
                    : ApiClient.JSON.readTree(JACKSON2.writeValueAsString(result));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            throw new CliError(2, "--query '" + expression + "' failed on this answer: " + e.getMessage());
        }
    }

    private static final io.burt.jmespath.JmesPath<com.fasterxml.jackson.databind.JsonNode> JMESPATH =
            new io.burt.jmespath.jackson.JacksonRuntime();
    private static final com.fasterxml.jackson.databind.ObjectMapper JACKSON2 =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private static void table(JsonNode rows, PrintStream out) {
        List<String> columns = columns(rows);
        List<List<String>> lines = new ArrayList<>();
        lines.add(columns.stream().map(Output::title).toList());
        forEachRow(rows, row -> lines.add(cells(row, columns)));
        int[] widths = new int[columns.size()];
        for (List<String> line : lines) {
            for (int i = 0; i < line.size(); i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        for (int l = 0; l < lines.size(); l++) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < columns.size(); i++) {
                text.append(String.format("%-" + (widths[i] + 2) + "s", lines.get(l).get(i)));
            }
            out.println(text.toString().stripTrailing());
            if (l == 0) {
                StringBuilder rule = new StringBuilder();
                for (int width : widths) {
                    rule.append("-".repeat(width)).append("  ");
                }
                out.println(rule.toString().stripTrailing());
            }
        }
    }

    /** The scalar fields of the rows, in their order; nested objects and lists are left to -o json. */
    private static List<String> columns(JsonNode rows) {
        Set<String> columns = new LinkedHashSet<>();
        forEachRow(rows, row -> row.properties().forEach(field -> {
            if (field.getValue().isValueNode()) {
                columns.add(field.getKey());
            }
        }));
        return new ArrayList<>(columns);
    }

    private static List<String> cells(JsonNode row, List<String> columns) {
        return columns.stream().map(c -> row.path(c).isMissingNode() || row.path(c).isNull() ? "" : row.path(c).asString())
                .toList();
    }

    private static void forEachRow(JsonNode rows, java.util.function.Consumer<JsonNode> action) {
        if (rows.isArray()) {
            // A list of plain values (--query "[].name", "defaults[?name=='workspace'].value") is one value a line.
            rows.forEach(row -> action.accept(row.isValueNode()
                    ? ApiClient.JSON.createObjectNode().put("value", row.asString()) : row));
        } else if (rows.isObject()) {
            action.accept(rows);
        } else if (!rows.isNull()) {
            action.accept(ApiClient.JSON.createObjectNode().put("value", rows.asString()));
        }
    }

    private static String title(String column) {
        StringBuilder title = new StringBuilder();
        boolean upper = true;
        for (char c : column.toCharArray()) {
            if (c == '_') {
                upper = true;
                continue;
            }
            title.append(upper ? Character.toUpperCase(c) : c);
            upper = false;
        }
        return title.toString();
    }
}
