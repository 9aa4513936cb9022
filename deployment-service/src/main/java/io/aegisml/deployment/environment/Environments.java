package io.aegisml.deployment.environment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * What an environment is made of, as the scoring workers read it: {@code image} (Azure's {@code image} or
 * {@code docker.image}), {@code conda_file} (the conda file's content: {@code name}, {@code channels},
 * {@code dependencies} with an optional {@code - pip: [...]}) and {@code description}. Other fields of Azure's
 * environment YAML are accepted and not kept.
 */
public final class Environments {

    private static final Set<String> FIELDS = Set.of("$schema", "name", "version", "image", "docker", "conda_file",
            "description", "tags", "build", "inference_config", "os_type");
    private static final int MAX_DEPENDENCIES = 500;

    private Environments() {
    }

    /** The kept spec of an environment document (inline in a deployment, or registered); 400 when it is not one. */
    public static Map<String, Object> read(Map<?, ?> document) {
        for (Object key : document.keySet()) {
            if (!FIELDS.contains(String.valueOf(key))) {
                throw invalid("has an unknown field '" + key + "'");
            }
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        Object image = document.get("image");
        if (image == null && document.get("docker") instanceof Map<?, ?> docker) {
            image = docker.get("image");
        }
        if (image != null) {
            if (!(image instanceof String text) || text.length() > 512) {
                throw invalid("'image' must be an image name");
            }
            spec.put("image", text);
        }
        Object conda = document.get("conda_file");
        if (conda instanceof String path) {
            throw invalid("'conda_file' is the path '" + path + "': send the file's content (the aegis CLI reads the "
                    + "file, relative to the YAML, for you)");
        }
        if (conda != null) {
            if (!(conda instanceof Map<?, ?> file) || (file.get("dependencies") != null
                    && !(file.get("dependencies") instanceof List<?>))) {
                throw invalid("'conda_file' must be a conda environment file (name, channels, dependencies)");
            }
            Object dependencies = file.get("dependencies");
            if (dependencies instanceof List<?> list && list.size() > MAX_DEPENDENCIES) {
                throw invalid("'conda_file' lists more than " + MAX_DEPENDENCIES + " dependencies");
            }
            spec.put("conda_file", conda);
        }
        if (document.get("description") instanceof String description) {
            spec.put("description", description.length() > 1024 ? description.substring(0, 1024) : description);
        }
        return spec;
    }

    private static ResponseStatusException invalid(String why) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, "The environment " + why + ".");
    }
}
