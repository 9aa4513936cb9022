package io.aegisml.deployment.documents;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Endpoint and deployment bodies, as JSON or as YAML (Azure's own files, sent as they are). Only
 * plain data is read: YAML tags, anchors to objects and the like never create anything.
 */
public final class Documents {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private Documents() {
    }

    public static Map<String, Object> parse(String contentType, byte[] body) {
        if (body == null || body.length == 0) {
            return Map.of();
        }
        boolean yaml = contentType != null && contentType.toLowerCase().contains("yaml");
        try {
            Map<String, Object> document = yaml ? YAML.readValue(body, MAP) : JSON.readValue(body, MAP);
            return document == null ? Map.of() : document;
        } catch (JacksonException e) {
            String text = new String(body, 0, Math.min(body.length, 1), StandardCharsets.UTF_8);
            String hint = !yaml && !text.equals("{") ? " Send YAML with Content-Type: application/yaml." : "";
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "The body is not a valid "
                    + (yaml ? "YAML" : "JSON") + " document: " + e.getOriginalMessage() + "." + hint);
        }
    }

    public static boolean isYaml(MediaType type) {
        return type != null && type.getSubtype().contains("yaml");
    }
}
