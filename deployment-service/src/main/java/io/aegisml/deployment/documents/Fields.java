package io.aegisml.deployment.documents;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** Typed reads from a parsed document, each answering 400 with the field's name when it is wrong. */
public final class Fields {

    private final Map<String, Object> document;
    private final String prefix;

    private Fields(Map<String, Object> document, String prefix) {
        this.document = document;
        this.prefix = prefix;
    }

    public static Fields of(Map<String, Object> document) {
        return new Fields(document, "");
    }

    /** Refuses fields nobody reads: a typo ("instance_cont") must not be silently ignored. */
    public Fields allowOnly(Set<String> known) {
        for (String key : document.keySet()) {
            if (!known.contains(key)) {
                throw invalid(key, "is not a known field (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
        return this;
    }

    public String string(String name, String fallback) {
        Object value = document.get(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw invalid(name, "must be a string");
    }

    public String oneOf(String name, String fallback, Set<String> allowed) {
        String value = string(name, fallback);
        if (value != null && !allowed.contains(value)) {
            throw invalid(name, "must be one of " + allowed.stream().sorted().toList());
        }
        return value;
    }

    public int integer(String name, int fallback, int min, int max) {
        Object value = document.get(name);
        if (value == null) {
            return fallback;
        }
        long number;
        if (value instanceof Integer || value instanceof Long) {
            number = ((Number) value).longValue();
        } else if (value instanceof String s && s.matches("-?\\d{1,10}")) {
            number = Long.parseLong(s);
        } else {
            throw invalid(name, "must be a whole number");
        }
        if (number < min || number > max) {
            throw invalid(name, "must be between " + min + " and " + max);
        }
        return (int) number;
    }

    public boolean bool(String name, boolean fallback) {
        Object value = document.get(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw invalid(name, "must be true or false");
    }

    public Fields object(String name) {
        Object value = document.get(name);
        if (value == null) {
            return new Fields(Map.of(), path(name) + ".");
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), v));
            return new Fields(copy, path(name) + ".");
        }
        throw invalid(name, "must be an object");
    }

    public boolean has(String name) {
        return document.get(name) != null;
    }

    /** A map of names to strings (tags, environment variables). */
    public Map<String, String> strings(String name, int maxEntries) {
        Fields inner = object(name);
        if (inner.document.size() > maxEntries) {
            throw invalid(name, "has more than " + maxEntries + " entries");
        }
        Map<String, String> result = new LinkedHashMap<>();
        inner.document.keySet().forEach(key -> result.put(key, inner.string(key, "")));
        return result;
    }

    /** A map of names to whole numbers (traffic percentages). */
    public Map<String, Integer> integers(String name, int min, int max) {
        Fields inner = object(name);
        Map<String, Integer> result = new LinkedHashMap<>();
        inner.document.keySet().forEach(key -> result.put(key, inner.integer(key, 0, min, max)));
        return result;
    }

    public List<Object> list(String name) {
        Object value = document.get(name);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            // Not List.copyOf: a null entry ("- ~" in YAML) must reach the caller's check (a 400), not throw here.
            return java.util.Collections.unmodifiableList(new java.util.ArrayList<Object>(list));
        }
        throw invalid(name, "must be a list");
    }

    public Map<String, Object> raw() {
        return document;
    }

    public ResponseStatusException invalid(String name, String problem) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, "'" + path(name) + "' " + problem + ".");
    }

    private String path(String name) {
        return prefix + name;
    }
}
